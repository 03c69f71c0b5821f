"""Importers of the ministry's issuance files (CSV, XLSX, PDF); the public API is in ``services``."""

"""Importers of the registry: the municipality master list and population snapshots (CSV/XLSX).

They reuse the file readers, heading detection and messages of :mod:`kofu.stats.importing`.
"""

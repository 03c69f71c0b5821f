"""Importers of the registry: the municipality master list and population snapshots (CSV/XLSX).

They read files, find headings and report problems through :mod:`kofu.core.tabular`.
"""

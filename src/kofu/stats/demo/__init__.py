"""Bundled demo data: the ministry's issuance figures, the seeds' published totals, コンビニ交付.

See ``README.md`` in this folder for what each file holds, where it comes from, its licence and
how it was made. Load with ``kofu demo --no-serve``.
"""

"""Random bytes, truncations and byte edits of a valid small file: only ImportRefused, nothing written."""

import codecs
import io

import openpyxl
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kofu.stats.importing.services import ImportRefused, snapshot_import_file
from tests.stats.test_importing_support import small_csv_text, table_counts

VALID = small_csv_text().encode("utf-8")
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    for line in small_csv_text().splitlines():
        workbook.active.append(line.replace('"', "").split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VALID_XLSX = _xlsx_bytes()


def attempt(path, data: bytes) -> bool:
    """Import ``data``; True when imported. Rolled back either way, so examples stay independent."""
    path.write_bytes(data)
    with transaction.atomic():
        before = table_counts()
        try:
            report = snapshot_import_file(path=path)
        except ImportRefused as refused:
            assert refused.messages and all(str(m).startswith(path.name) for m in refused.messages)
            assert table_counts() == before
            imported = False
        else:
            assert 1 <= report.rows_imported <= 4
            imported = True
        transaction.set_rollback(True)
    return imported


@pytest.fixture
def target(registry, tmp_path):
    return tmp_path / "fuzz.csv"


@FUZZ
@given(
    prefix=st.sampled_from([b"", codecs.BOM_UTF8, b"%PDF-1.4\n", b"PK\x03\x04", codecs.BOM_UTF16_LE]),
    body=st.binary(max_size=3000),
)
def test_random_bytes_are_refused(target, prefix, body):
    assert not attempt(target, prefix + body)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(VALID) - 1))
def test_truncations_are_refused_or_import_the_complete_rows(target, cut):
    attempt(target, VALID[:cut])


@FUZZ
@given(
    position=st.integers(min_value=0, max_value=len(VALID) - 1),
    replacement=st.binary(min_size=0, max_size=4),
    removed=st.integers(min_value=0, max_value=4),
)
def test_byte_edits_never_raise_anything_else(target, position, replacement, removed):
    attempt(target, VALID[:position] + replacement + VALID[position + removed :])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(VALID_XLSX) - 1))
def test_truncated_xlsx_is_refused(registry, tmp_path, cut):
    assert not attempt(tmp_path / "fuzz.xlsx", VALID_XLSX[:cut])

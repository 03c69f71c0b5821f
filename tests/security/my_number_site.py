"""Run inside a fresh kofu site (subprocess): slip My Numbers in through every import column, then export.

Usage: python my_number_site.py OUT_DIR VARIANTS_JSON. Prints one JSON summary line at the end.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.test import Client  # noqa: E402

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
ISSUANCE = SHARED / "issuance" / "20220101" / "all_localgovs.csv"
CITYCODE = SHARED / "citycode.csv"


def injected_copies(source: Path, variants: list[str], out: Path, stem: str):
    """One small CSV per (variant, column): the header and two rows, one cell replaced."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for _, row in zip(range(3), csv.reader(handle), strict=False)]
    for v_index, variant in enumerate(variants):
        for column in range(len(rows[0])):
            for mode in ("replace", "append"):
                copy = [list(row) for row in rows]
                cell = copy[2][column]
                copy[2][column] = variant if mode == "replace" else f"{cell} {variant}"
                path = out / f"{stem}-{v_index}-{column}-{mode}.csv"
                buffer = io.StringIO()
                csv.writer(buffer, lineterminator="\n").writerows(copy)
                path.write_text(buffer.getvalue(), encoding="utf-8")
                yield path


def attempt(*args: str) -> str:
    """Run a command that must be refused; return what it printed."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue() + err.getvalue() + str(exc)
    raise SystemExit(f"not refused: kofu {' '.join(args)}\n{out.getvalue()}{err.getvalue()}")


def main() -> None:
    out = Path(sys.argv[1])
    variants = json.loads(sys.argv[2])
    inbox = out / "inbox"
    inbox.mkdir()
    exports = out / "exports"
    exports.mkdir()
    log: list[str] = []
    call_command("init", verbosity=0)
    call_command("stats", "import", str(ISSUANCE), stdout=io.StringIO())

    attempts = 0
    for path in injected_copies(ISSUANCE, variants, inbox, "issuance"):
        printed = attempt("stats", "import", str(path), "--replace")
        assert "個人番号" in printed, printed
        log.append(printed)
        attempts += 1
    for path in injected_copies(CITYCODE, variants, inbox, "master"):
        log.append(attempt("registry", "import-master", str(path)))
        attempts += 1
    for path in injected_copies(ISSUANCE, variants, inbox, "population"):
        log.append(attempt("registry", "import-population", str(path), "--base-date", "2021-01-01"))
        attempts += 1

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    with ISSUANCE.open(encoding="utf-8-sig", newline="") as handle:
        for _, row in zip(range(3), csv.reader(handle), strict=False):
            sheet.append(row)
    sheet["D3"] = 123456789018  # a number cell, not text
    workbook.save(inbox / "issuance.xlsx")
    log.append(attempt("stats", "import", str(inbox / "issuance.xlsx"), "--replace"))
    attempts += 1

    tables = ["categories", "prefectures", "top10-cities", "top10-towns", "special-wards"]
    tables += ["designated-cities", "core-cities", "municipalities"]
    client = Client(HTTP_HOST="localhost")
    for key in tables:
        text = io.StringIO()
        call_command("stats", "table", key, "--as-of", "2022-01-01", stdout=text)
        (exports / f"cli-{key}.csv").write_text(text.getvalue(), encoding="utf-8")
        call_command(
            "stats",
            "table",
            key,
            "--as-of",
            "2022-01-01",
            "--format",
            "xlsx",
            "-o",
            str(exports / f"cli-{key}.xlsx"),
        )
        for fmt in ("csv", "xlsx") if key != "municipalities" else ():  # the web offers the first seven
            response = client.get(f"/stats/tables/{key}.{fmt}")
            assert response.status_code == 200, (key, fmt, response.status_code)
            (exports / f"web-{key}.{fmt}").write_bytes(response.content)
    (out / "refusals.log").write_text("\n".join(log), encoding="utf-8")
    print(json.dumps({"attempts": attempts, "exports": len(list(exports.iterdir()))}))


if __name__ == "__main__":
    main()

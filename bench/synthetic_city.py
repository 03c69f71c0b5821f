"""A synthetic city for the card benchmarks: residents and the J-LIS delivery file of their cards.

Usage::

    python bench/synthetic_city.py OUT.csv [--residents 3700000] [--rows N] [--seed 1]

Writes a delivery file in the format of docs/data-formats.md (J-LIS納品ファイル): one row per card
(``--rows``, default every resident), 10,000 cards per delivery batch, batches on successive
business days. Names, kana and addresses are drawn from small lists; phone numbers have 11 digits
and application IDs 9, so no value can be mistaken for a 12-digit My Number. Deterministic for a
seed. The default size is a city of Yokohama's population (about 3.7 million).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

FAMILY = [
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
]
GIVEN = [
    ("太郎", "タロウ"),
    ("花子", "ハナコ"),
    ("一郎", "イチロウ"),
    ("美咲", "ミサキ"),
    ("翔太", "ショウタ"),
    ("陽菜", "ヒナ"),
    ("健", "ケン"),
    ("結衣", "ユイ"),
    ("大輔", "ダイスケ"),
    ("さくら", "サクラ"),
]
WARDS = [
    "鶴見区",
    "神奈川区",
    "西区",
    "中区",
    "南区",
    "保土ケ谷区",
    "磯子区",
    "金沢区",
    "港北区",
    "戸塚区",
    "港南区",
    "旭区",
    "緑区",
    "瀬谷区",
    "栄区",
    "泉区",
    "青葉区",
    "都筑区",
]
CHANNELS = (
    ["online"] * 30
    + ["smartphone"] * 30
    + ["qr_form"] * 10
    + ["mail"] * 15
    + ["counter"] * 8
    + ["outreach"] * 4
    + ["support"] * 3
)
HEADER = [
    "application_id",
    "batch_number",
    "delivered_on",
    "channel",
    "received_on",
    "name",
    "name_kana",
    "birth_date",
    "address",
    "phone",
]
BATCH = 10_000


def business_day(start: dt.date, n: int) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def rows(count: int, seed: int = 1, start: dt.date = dt.date(2021, 4, 1)):
    rng = random.Random(seed)
    for i in range(count):
        family, family_kana = FAMILY[rng.randrange(len(FAMILY))]
        given, given_kana = GIVEN[rng.randrange(len(GIVEN))]
        delivered = business_day(start, i // BATCH)
        received = delivered - dt.timedelta(days=30 + rng.randrange(40))
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(365 * 90))
        if birth > received:
            birth = received - dt.timedelta(days=365)
        phone = f"090-{rng.randrange(10000):04d}-{rng.randrange(10000):04d}" if rng.random() < 0.6 else ""
        yield [
            f"Y{i:09d}",
            f"J{i // BATCH:06d}",
            delivered.isoformat(),
            CHANNELS[rng.randrange(len(CHANNELS))],
            received.isoformat(),
            f"{family} {given}",
            f"{family_kana} {given_kana}",
            birth.isoformat(),
            f"神奈川県横浜市{WARDS[rng.randrange(len(WARDS))]}{rng.randrange(1, 9)}丁目{rng.randrange(1, 40)}番{rng.randrange(1, 30)}号",
            phone,
        ]


def write(path: Path, count: int, seed: int = 1) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows(count, seed))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--residents", type=int, default=3_700_000)
    parser.add_argument(
        "--rows", type=int, default=None, help="cards in the delivery file (default: every resident)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    count = args.rows if args.rows is not None else args.residents
    write(args.out, count, args.seed)
    print(f"{args.out}: {count:,} cards of a city of {args.residents:,} residents")


if __name__ == "__main__":
    main()

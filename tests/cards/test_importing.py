"""J-LIS delivery files and application lists: streamed, one transaction per batch, errors that point."""

from __future__ import annotations

import datetime as dt

import pytest

from kofu.accounts.roles import SYSTEM
from kofu.cards.importing import CardImportError, import_applications, import_delivery
from kofu.cards.models import Card, DeliveryBatch
from kofu.cards.selectors import card_history
from kofu.rules import cards as rules
from kofu.surveys.models import OutreachEvent
from tests.cards.conftest import APPLICATION_HEADER, delivery_csv, delivery_row
from tests.hostile_files import xlsx_bytes

pytestmark = pytest.mark.django_db


def test_a_delivery_file_creates_delivered_cards_with_history(tmp_path, miyakonojo):
    path = delivery_csv(tmp_path, [delivery_row(n) for n in range(1, 8)])
    seen = []

    result = import_delivery(path, municipality=miyakonojo, actor=SYSTEM, progress=seen.append)

    assert (result.rows, result.created, result.batches) == (7, 7, ["B001"])
    assert Card.objects.filter(municipality=miyakonojo, state=rules.DELIVERED).count() == 7
    batch = DeliveryBatch.objects.get(batch_number="B001")
    assert batch.row_count == 7
    # Each card's history shows its delivery: when, and who imported it (recorded once per batch).
    for card in Card.objects.filter(municipality=miyakonojo).select_related("batch"):
        assert [(h.at, h.from_state, h.to_state, h.actor_label) for h in card_history(card)] == [
            (batch.imported_at, rules.APPLIED, rules.DELIVERED, "system")
        ]
    assert sum(seen) == path.stat().st_size


def test_a_delivery_moves_existing_applications_to_delivered(tmp_path, miyakonojo, make_card):
    card = make_card(state=rules.APPLIED, application_id="AP00000001")
    import_delivery(
        delivery_csv(tmp_path, [delivery_row(1), delivery_row(2)]), municipality=miyakonojo, actor=SYSTEM
    )
    card.refresh_from_db()
    assert (card.state, card.delivered_on, card.name) == (rules.DELIVERED, dt.date(2022, 5, 9), "都城 花子")


def test_a_bad_row_leaves_its_batch_untouched_and_earlier_batches_imported(tmp_path, miyakonojo):
    rows = [
        delivery_row(1, "B001"),
        delivery_row(2, "B001"),
        delivery_row(3, "B002"),
        delivery_row(4, "B002"),
    ]
    rows[3] = rows[3].replace("1980-04-", "1980-13-")
    path = delivery_csv(tmp_path, rows)

    with pytest.raises(CardImportError) as refused:
        import_delivery(path, municipality=miyakonojo, actor=SYSTEM)

    assert refused.value.lines() == [
        "delivery.csv 5行目「birth_date」: 日付は YYYY-MM-DD で書いてください: '1980-13-05'"
    ]
    assert list(DeliveryBatch.objects.values_list("batch_number", flat=True)) == ["B001"]
    assert Card.objects.count() == 2

    # Fixed and run again: the imported batch is skipped, the other one imported (resumable).
    path.write_text(path.read_text(encoding="utf-8").replace("1980-13-", "1980-03-"), encoding="utf-8")
    result = import_delivery(path, municipality=miyakonojo, actor=SYSTEM)
    assert (result.skipped_batches, result.batches, Card.objects.count()) == (["B001"], ["B002"], 4)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.replace(",online,", ",fax,"), "「channel」: 申請方式が不明です"),
        (
            lambda r: r.replace("都城 太郎1", "１２３４ ５６７８ ９０１８"),
            "「name」: 個人番号（マイナンバー）",
        ),
        (lambda r: r.replace("0986-23-0001", "123456789018"), "「phone」: 個人番号（マイナンバー）"),
        (lambda r: r.replace("AP00000001", ""), "「application_id」: 値がありません"),
        (lambda r: r.replace("1980-04-02", "2023-01-01"), "「birth_date」: 生年月日が申請受付日より後です"),
    ],
)
def test_row_errors_name_the_file_row_and_column(tmp_path, miyakonojo, change, message):
    path = delivery_csv(tmp_path, [change(delivery_row(1))])
    with pytest.raises(CardImportError) as refused:
        import_delivery(path, municipality=miyakonojo, actor=SYSTEM)
    assert refused.value.lines()[0].startswith("delivery.csv 2行目")
    assert message in refused.value.lines()[0]
    assert not Card.objects.exists()


def test_a_card_already_delivered_is_refused(tmp_path, miyakonojo, make_card):
    make_card(state=rules.SETUP_DONE, application_id="AP00000001")
    with pytest.raises(CardImportError, match="既に「交付前設定済み」"):
        import_delivery(delivery_csv(tmp_path, [delivery_row(1)]), municipality=miyakonojo, actor=SYSTEM)


def test_a_missing_column_is_named(tmp_path, miyakonojo):
    path = tmp_path / "d.csv"
    path.write_text("application_id,batch_number\nA,B\n", encoding="utf-8")
    with pytest.raises(CardImportError, match="列がありません: address, birth_date"):
        import_delivery(path, municipality=miyakonojo, actor=SYSTEM)


def test_scattered_rows_of_one_batch_are_refused(tmp_path, miyakonojo):
    rows = [delivery_row(1, "B001"), delivery_row(2, "B002"), delivery_row(3, "B001")]
    with pytest.raises(CardImportError, match="納品番号 B001 の行が離れています"):
        import_delivery(delivery_csv(tmp_path, rows), municipality=miyakonojo, actor=SYSTEM)


def test_an_application_list_creates_applied_cards_and_outreach_events(tmp_path, miyakonojo):
    path = tmp_path / "applications.csv"
    path.write_text(
        "\n".join(
            [
                APPLICATION_HEADER,
                "AP1,counter,2022-04-05,都城 一郎,,1970-01-01,宮崎県都城市1,,,",
                "AP2,outreach,2022-04-06,都城 二郎,,1971-01-01,宮崎県都城市2,,イオンモール都城駅前,2022-04-06",
                "AP3,outreach,2022-04-06,都城 三郎,,1972-01-01,宮崎県都城市3,,イオンモール都城駅前,2022-04-06",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = import_applications(path, municipality=miyakonojo, actor=SYSTEM)
    assert result.created == 3
    event = OutreachEvent.objects.get()
    assert (event.venue, event.starts_on, event.ends_on, event.cards.count()) == (
        "イオンモール都城駅前",
        dt.date(2022, 4, 6),
        dt.date(2022, 4, 6),
        2,
    )
    assert (event.published, event.venue_type, event.opens_at) == (False, "other", None)
    assert set(Card.objects.values_list("state", flat=True)) == {rules.APPLIED}

    with pytest.raises(
        CardImportError, match="applications.csv 2行目「application_id」: この申請書IDは登録済みです"
    ):
        import_applications(path, municipality=miyakonojo, actor=SYSTEM)
    assert Card.objects.count() == 3


def test_a_number_right_after_other_digit_groups_is_still_refused(tmp_path, miyakonojo):
    path = delivery_csv(tmp_path, [delivery_row(1).replace("AP00000001", "AP0002 1234 5678 9018")])
    with pytest.raises(CardImportError):
        import_delivery(path, municipality=miyakonojo, actor=SYSTEM)


def test_a_shift_jis_delivery_file_imports_with_its_names_intact(tmp_path, miyakonojo):
    """Many municipal systems write CP932: the file is recognised and read as such."""
    rows = [delivery_row(1).replace("都城 太郎1", "髙橋 花子"), delivery_row(2)]
    path = delivery_csv(tmp_path, rows)
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932"))

    result = import_delivery(path, municipality=miyakonojo, actor=SYSTEM)

    assert result.created == 2
    assert sorted(Card.objects.values_list("name", flat=True)) == ["都城 太郎2", "髙橋 花子"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            lambda text: xlsx_bytes([["application_id"]]),
            "delivery.csv: ファイル名は CSV ですが、中身は XLSX（Excel） です。CSVで保存し直してください",
        ),
        (
            lambda text: text.replace("都城 太郎1", "あ" * 140_000).encode(),
            "delivery.csv 2行目: 値が長すぎる項目があります（1項目 131,072 文字まで: KOFU_IMPORT_MAX_FIELD_CHARS）",
        ),
    ],
)
def test_files_that_answered_500_are_refused_by_name(tmp_path, miyakonojo, data, message):
    path = delivery_csv(tmp_path, [delivery_row(1)])
    path.write_bytes(data(path.read_text(encoding="utf-8")))
    with pytest.raises(CardImportError) as refused:
        import_delivery(path, municipality=miyakonojo, actor=SYSTEM)
    assert refused.value.lines() == [message]
    assert not Card.objects.exists()


def test_an_application_list_joins_the_planned_event_covering_its_date(tmp_path, miyakonojo):
    """One outreach event model: the cards of an imported list point to the event the municipality
    planned (and residents saw) at that venue, not to a second record."""
    planned = OutreachEvent.objects.create(
        municipality=miyakonojo, title="週末の出張申請受付", venue_type="mall", venue="イオンモール都城駅前",
        address="宮崎県都城市", starts_on=dt.date(2022, 4, 5), ends_on=dt.date(2022, 4, 7),
        opens_at=dt.time(10), closes_at=dt.time(16), published=True,
    )  # fmt: skip
    path = tmp_path / "applications.csv"
    path.write_text(
        APPLICATION_HEADER
        + "\nAP2,outreach,2022-04-06,都城 二郎,,1971-01-01,宮崎県都城市2,,イオンモール都城駅前,2022-04-06"
        + "\nAP4,outreach,2022-04-08,都城 四郎,,1973-01-01,宮崎県都城市4,,イオンモール都城駅前,2022-04-08\n",
        encoding="utf-8",
    )
    import_applications(path, municipality=miyakonojo, actor=SYSTEM)
    assert Card.objects.get(application_id="AP2").outreach_event == planned
    later = Card.objects.get(application_id="AP4").outreach_event
    assert later != planned and later.starts_on == dt.date(2022, 4, 8)
    assert OutreachEvent.objects.count() == 2

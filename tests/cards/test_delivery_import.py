"""J-LIS deliveries in bulk: history per batch (ADR 0007), counters, audit, resume, no look-up for new cards."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import SYSTEM, viewer_of
from kofu.cards.importing import delivery, import_delivery
from kofu.cards.importing.rows import DELIVERY_COLUMNS, REQUIRED, _Rows
from kofu.cards.models import Card, CardTransition, DailyCount, DeliveryBatch
from kofu.cards.selectors import card_history
from kofu.cards.services import card_transition
from kofu.core.tabular import open_source
from kofu.rules import cards as rules
from tests.cards.conftest import DELIVERY_HEADER, delivery_csv, delivery_row

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def history(card: Card) -> list[tuple[str, str, str]]:
    return [(h.from_state, h.to_state, h.actor_label) for h in card_history(card)]


def two_batches() -> list[str]:
    return [delivery_row(n, "B001", "2022-05-09") for n in (1, 2, 3)] + [
        delivery_row(n, "B002", "2022-05-10", channel="mail") for n in (4, 5, 6)
    ]


def counters(miyakonojo) -> dict[tuple[str, dt.date, str], int]:
    return {(c.stage, c.day, c.channel): c.n for c in DailyCount.objects.filter(municipality=miyakonojo)}


class _ShortReads(io.BytesIO):
    """A file that hands out at most ``step`` bytes per read (as a pipe or a slow disk may)."""

    def __init__(self, data: bytes, step: int) -> None:
        super().__init__(data)
        self.step = step

    def read(self, size: int | None = -1) -> bytes:
        return super().read(self.step if size is None or size < 0 else min(size, self.step))


def _stop_after(size: int):
    """A progress callback that breaks the import off (like a killed process) once more than
    ``size`` bytes have been read for parsing."""
    read = 0

    def progress(count: int) -> None:
        nonlocal read
        read += count
        if read > size:
            raise KeyboardInterrupt

    return progress


def test_each_card_shows_its_delivery_with_time_and_importer(tmp_path, miyakonojo, personas):
    actor = viewer_of(personas["municipality"])
    import_delivery(delivery_csv(tmp_path, two_batches()), municipality=miyakonojo, actor=actor)

    batches = {b.batch_number: b for b in DeliveryBatch.objects.all()}
    assert {b.imported_by_label for b in batches.values()} == {"miyakonojo"}
    for card in Card.objects.select_related("batch"):
        (entry,) = card_history(card)
        assert (entry.at, entry.from_state, entry.to_state, entry.actor_label) == (
            batches[card.batch.batch_number].imported_at,
            rules.APPLIED,
            rules.DELIVERED,
            "miyakonojo",
        )
    assert not CardTransition.objects.exists()  # recorded once per batch, not once per card

    # Later changes are the card's own rows, after its delivery.
    card = Card.objects.get(application_id="AP00000001")
    card_transition(card_id=card.pk, to_state=rules.SETUP_DONE, actor=actor, on=D("2022-05-12"))
    card.refresh_from_db()
    assert history(card) == [
        (rules.APPLIED, rules.DELIVERED, "miyakonojo"),
        (rules.DELIVERED, rules.SETUP_DONE, "miyakonojo"),
    ]


def test_the_card_page_shows_the_delivery_in_its_history(client, personas, miyakonojo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas["municipality"])
    data = ("\n".join([DELIVERY_HEADER, delivery_row(1)]) + "\n").encode()
    client.post(
        reverse("cards:import", args=["452025"]),
        {"kind": "delivery", "file": SimpleUploadedFile("d.csv", data)},
    )
    card = Card.objects.select_related("batch").get()
    page = client.get(reverse("cards:detail", args=["452025", card.pk])).content.decode()
    history_table = page[page.index('id="t-history"') :]
    local = timezone.localtime(card.batch.imported_at)
    expected = f'<tr><th scope="row">{local:%Y-%m-%d %H:%M}</th><td>applied</td><td>delivered</td><td>miyakonojo</td></tr>'
    assert expected in history_table


def test_counters_and_audit_events_per_batch(tmp_path, miyakonojo):
    result = import_delivery(delivery_csv(tmp_path, two_batches()), municipality=miyakonojo, actor=SYSTEM)

    assert (result.created, result.batches) == (6, ["B001", "B002"])
    assert counters(miyakonojo) == {
        ("delivered", D("2022-05-09"), ""): 3,
        ("delivered", D("2022-05-10"), ""): 3,
        ("received", D("2022-03-01"), "online"): 3,
        ("received", D("2022-03-01"), "mail"): 3,
    }
    events = AuditEvent.objects.filter(action="cards.import_delivery").order_by("id")
    assert [e.after for e in events] == [
        {"batch_number": "B001", "rows": 3},
        {"batch_number": "B002", "rows": 3},
    ]


def test_an_import_broken_off_in_a_batch_resumes_without_half_a_batch(tmp_path, miyakonojo):
    path = delivery_csv(tmp_path, two_batches())
    data = path.read_bytes()
    cut = data.index(b"AP00000006")  # B002's first two rows are read, then the file breaks off

    with pytest.raises(KeyboardInterrupt):
        import_delivery(
            "delivery.csv",
            municipality=miyakonojo,
            actor=SYSTEM,
            stream=_ShortReads(data, cut),
            progress=_stop_after(cut),
        )

    assert list(DeliveryBatch.objects.values_list("batch_number", "row_count")) == [("B001", 3)]
    assert sorted(Card.objects.values_list("application_id", flat=True)) == [
        "AP00000001",
        "AP00000002",
        "AP00000003",
    ]
    assert sum(counters(miyakonojo).values()) == 6  # B001: 3 delivered + 3 received

    result = import_delivery(path, municipality=miyakonojo, actor=SYSTEM)

    assert (result.skipped_batches, result.batches, result.created) == (["B001"], ["B002"], 3)
    assert Card.objects.count() == 6
    assert counters(miyakonojo)[("delivered", D("2022-05-10"), "")] == 3
    assert sum(counters(miyakonojo).values()) == 12
    assert AuditEvent.objects.filter(action="cards.import_delivery").count() == 2


def test_applications_then_delivery_each_card_keeps_its_own_rows(tmp_path, miyakonojo, make_card):
    applied = make_card(state=rules.APPLIED, application_id="AP00000001")
    import_delivery(
        delivery_csv(tmp_path, [delivery_row(1), delivery_row(2)]), municipality=miyakonojo, actor=SYSTEM
    )
    applied.refresh_from_db()
    assert (applied.state, applied.history_in_batch) == (rules.DELIVERED, False)
    assert history(applied) == [(rules.APPLIED, rules.DELIVERED, "system")]
    assert CardTransition.objects.filter(card=applied).count() == 1
    new = Card.objects.get(application_id="AP00000002")
    assert new.history_in_batch and history(new) == [(rules.APPLIED, rules.DELIVERED, "system")]


def test_a_defective_card_delivered_again_keeps_both_deliveries(tmp_path, miyakonojo, staff):
    import_delivery(delivery_csv(tmp_path, [delivery_row(1, "B001")]), municipality=miyakonojo, actor=SYSTEM)
    card = Card.objects.get()
    card_transition(card_id=card.pk, to_state=rules.DEFECTIVE, actor=staff, on=D("2022-05-11"))

    import_delivery(
        delivery_csv(tmp_path, [delivery_row(1, "B002", "2022-05-20")], name="again.csv"),
        municipality=miyakonojo,
        actor=staff,
    )

    card.refresh_from_db()
    first, second = DeliveryBatch.objects.order_by("id")
    assert (card.state, card.batch, card.delivered_on) == (rules.DELIVERED, second, D("2022-05-20"))
    entries = card_history(card)
    assert [(h.from_state, h.to_state, h.actor_label) for h in entries] == [
        (rules.APPLIED, rules.DELIVERED, "system"),
        (rules.DELIVERED, rules.DEFECTIVE, "miyakonojo"),
        (rules.DEFECTIVE, rules.DELIVERED, "miyakonojo"),
    ]
    assert (entries[0].at, entries[2].at) == (first.imported_at, second.imported_at)
    assert counters(miyakonojo)[("delivered", D("2022-05-20"), "")] == 1


def test_a_repeated_application_id_in_a_batch_is_named_across_chunks(tmp_path, miyakonojo, monkeypatch):
    monkeypatch.setattr(delivery, "CHUNK", 2)
    rows = [delivery_row(n) for n in (1, 2, 3, 4, 1)]
    with pytest.raises(delivery.CardImportError) as refused:
        import_delivery(delivery_csv(tmp_path, rows), municipality=miyakonojo, actor=SYSTEM)
    assert refused.value.lines() == [
        "delivery.csv 6行目「application_id」: 同じ申請書IDが2回あります: AP00000001"
    ]
    assert not Card.objects.exists() and not DeliveryBatch.objects.exists()


def test_a_card_already_there_in_a_later_chunk_undoes_the_whole_batch(
    tmp_path, miyakonojo, make_card, monkeypatch
):
    monkeypatch.setattr(delivery, "CHUNK", 2)  # rows 1-2 go in without a look-up, 3-4 fail and are looked up
    make_card(state=rules.HANDED_OVER, application_id="AP00000004")
    rows = [delivery_row(n) for n in range(1, 6)]
    with pytest.raises(
        delivery.CardImportError, match="5行目「application_id」: このカードは既に「交付済み」です"
    ):
        import_delivery(delivery_csv(tmp_path, rows), municipality=miyakonojo, actor=SYSTEM)
    assert list(Card.objects.values_list("application_id", flat=True)) == ["AP00000004"]
    assert not DailyCount.objects.exists()


def _write_batch(tmp_path, municipality, rows: list[str], *, look_up: bool) -> delivery._DeliveryBatchWriter:
    parsed = _Rows("d.csv", DELIVERY_COLUMNS, REQUIRED)
    path = delivery_csv(tmp_path, rows)
    with open_source(path) as source, transaction.atomic():
        lines = list(parsed.read(source))
        writer = delivery._DeliveryBatchWriter(
            municipality, "B001", lines[0][1]["delivered_on"], "d.csv", SYSTEM, look_up=look_up
        )
        for line, row in lines:
            writer.add(line, row, parsed)
        writer.finish(parsed)
    return writer


def test_without_a_look_up_a_card_already_there_sends_the_chunk_through_the_look_up(
    tmp_path, miyakonojo, make_card
):
    """Cards thought new are inserted straight away; the unique constraint catches a card already
    there (an application imported meanwhile) and the chunk is written again after a look-up."""
    applied = make_card(state=rules.APPLIED, application_id="AP00000002")

    writer = _write_batch(tmp_path, miyakonojo, [delivery_row(n) for n in (1, 2, 3)], look_up=False)

    assert (writer.created, writer.updated, writer.look_up) == (2, 1, True)
    applied.refresh_from_db()
    assert (applied.state, applied.batch) == (rules.DELIVERED, writer.batch)
    assert Card.objects.filter(state=rules.DELIVERED, history_in_batch=True).count() == 2
    assert CardTransition.objects.get().card == applied
    assert counters(miyakonojo)[("delivered", D("2022-05-09"), "")] == 3


def test_texts_with_backslashes_tabs_and_line_breaks_are_stored_as_read(tmp_path, miyakonojo):
    texts = {
        "application_id": "AP\\0001",
        "name": "都城\\太郎\t二世",
        "name_kana": "\\N",
        "address": "宮崎県都城市\n姫城町1番\r\n2号\\.",
        "phone": "0986\t23",
    }
    path = tmp_path / "delivery.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DELIVERY_HEADER.split(","))
        writer.writerow(
            [texts["application_id"], "B001", "2022-05-09", "online", "2022-03-01", texts["name"]]
            + [texts["name_kana"], "1980-04-02", texts["address"], texts["phone"]]
        )
        writer.writerow([delivery_row(2).split(",")[0], *delivery_row(2).split(",")[1:]])

    import_delivery(path, municipality=miyakonojo, actor=SYSTEM)

    card = Card.objects.get(application_id="AP\\0001")
    assert {field: getattr(card, field) for field in texts} == texts
    assert (card.birth_date, card.state, card.batch.batch_number) == (
        D("1980-04-02"),
        rules.DELIVERED,
        "B001",
    )
    assert Card.objects.get(application_id="AP00000002").name == "都城 太郎2"

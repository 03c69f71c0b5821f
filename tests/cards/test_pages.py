"""The cards pages: scoped to the own municipality, access-logged, My Numbers refused, no-store."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.urls import reverse

from kofu.accounts.grants import export_permission_set
from kofu.accounts.roles import SYSTEM
from kofu.cards.models import Card, PersonalDataExport, ResidentAccess
from kofu.rules import cards as rules
from tests.cards.conftest import DELIVERY_HEADER, delivery_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(client, personas):
    client.force_login(personas["municipality"])
    return client


def test_the_dashboard_shows_aggregates_to_staff_in_scope_only(client, personas, make_card):
    make_card(state=rules.DELIVERED)
    url = reverse("cards:dashboard", args=["452025"])
    for persona, status in [
        ("municipality", 200),
        ("prefecture", 200),
        ("ministry", 200),
        ("other_municipality", 404),
        ("other_prefecture", 404),
    ]:
        client.force_login(personas[persona])
        response = client.get(url)
        assert response.status_code == status, persona
        if status == 200:
            assert "都城 花子" not in response.content.decode()


def test_the_card_detail_is_logged_and_never_shown_to_other_roles(client, personas, make_card):
    card = make_card(state=rules.DELIVERED)
    url = reverse("cards:detail", args=["452025", card.pk])
    for persona in ("prefecture", "ministry", "other_municipality"):
        client.force_login(personas[persona])
        assert client.get(url).status_code == 404
    client.force_login(personas["municipality"])
    response = client.get(url)
    assert response.status_code == 200 and "都城 花子" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    access = ResidentAccess.objects.get(card=card)
    assert (access.actor_label, access.action, access.purpose) == ("miyakonojo", "view", "issuance")
    assert "都城 花子" not in str(access.__dict__)


def test_a_note_with_a_full_width_my_number_is_refused(window, make_card):
    card = make_card(state=rules.DELIVERED)
    response = window.post(
        reverse("cards:detail", args=["452025", card.pk]),
        {"note_only": "1", "note": "電話あり １２３４ ５６７８ ９０１８"},
    )
    assert response.status_code == 400
    assert "個人番号（マイナンバー）と思われる12桁の数字は入力できません" in response.content.decode()
    card.refresh_from_db()
    assert card.note == ""


def test_a_forbidden_transition_is_refused_on_the_page(window, make_card):
    card = make_card(state=rules.DELIVERED)
    response = window.post(reverse("cards:detail", args=["452025", card.pk]), {"to_state": rules.HANDED_OVER})
    assert response.status_code == 400
    assert "「J-LISから納品」のカードを「交付済み」にはできません" in response.content.decode()


def test_import_send_notices_print_and_hand_over(window, make_card, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = ("\n".join([DELIVERY_HEADER, delivery_row(1), delivery_row(2)]) + "\n").encode()
    response = window.post(
        reverse("cards:import", args=["452025"]),
        {"kind": "delivery", "file": SimpleUploadedFile("d.csv", data)},
    )
    assert response.status_code == 302
    for card in Card.objects.all():
        Card.objects.filter(pk=card.pk).update(state=rules.SETUP_DONE)
    response = window.post(
        reverse("cards:notices", args=["452025"]),
        {"size": 1, "visit_from": "2022-06-01", "visit_until": "2022-06-07"},
    )
    assert response.status_code == 302
    sent = Card.objects.get(state=rules.NOTICE_SENT)
    batch = sent.notice_batch
    # The PDF carries names and addresses (持ち出し): only with the export permission.
    url = reverse("cards:notice-pdf", args=["452025", batch.pk])
    refused = window.get(url)
    assert refused.status_code == 403 and "住民の個人情報の出力（持ち出し）" in refused.content.decode()
    assert not ResidentAccess.objects.filter(card=sent, action="print").exists()
    export_permission_set(username="miyakonojo", allowed=True, actor=SYSTEM)
    pdf = window.get(url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        text = document.pages[0].extract_text()
    # The visiting period in 和暦 (kofu.rules.wareki), with the notice number to book with.
    assert "来庁期間：令和4年6月1日" in text and "令和4年6月7日" in text
    assert f"交付通知書番号：{sent.notice_number}" in text and sent.name in text
    assert ResidentAccess.objects.filter(card=sent, action="print", purpose="notice").count() == 1
    assert PersonalDataExport.objects.get(kind="notices").rows == 1
    response = window.post(reverse("cards:lookup", args=["452025"]), {"key": sent.notice_number})
    assert response["Location"] == reverse("cards:detail", args=["452025", sent.pk])
    window.post(response["Location"], {"to_state": rules.HANDED_OVER})
    sent.refresh_from_db()
    assert sent.state == rules.HANDED_OVER


def test_a_bad_upload_lists_file_row_and_column(window):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = ("\n".join([DELIVERY_HEADER, delivery_row(1).replace(",online,", ",fax,")]) + "\n").encode()
    response = window.post(
        reverse("cards:import", args=["452025"]),
        {"kind": "delivery", "file": SimpleUploadedFile("d.csv", data)},
    )
    assert response.status_code == 400
    assert "d.csv 2行目「channel」" in response.content.decode()

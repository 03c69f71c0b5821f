"""Issuance notices (交付通知書) as PDF: one page per card, with the notice number used to book."""

from __future__ import annotations

import io
from collections.abc import Iterable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from kofu.cards.models import Card, NoticeBatch
from kofu.rules.wareki import wareki

FONT = "HeiseiKakuGo-W5"


def notices_pdf(batch: NoticeBatch, cards: Iterable[Card], municipality_name: str) -> bytes:
    """A PDF with one notice per card (name, address, notice number, visiting period)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.setTitle("個人番号カード交付通知書")
    pdf.setAuthor(municipality_name)
    width, height = A4
    for card in cards:
        y = height - 30 * mm
        pdf.setFont(FONT, 18)
        pdf.drawCentredString(width / 2, y, "個人番号カード交付通知書")
        pdf.setFont(FONT, 11)
        y -= 20 * mm
        for line in (
            f"{card.address}",
            f"{card.name} 様",
            "",
            "あなたの個人番号カードが用意できましたので、お知らせします。",
            "下記の期間に、この通知書と本人確認書類をお持ちのうえ、窓口へお越しください。",
            "来庁予約は、交付通知書番号と生年月日で行えます。",
            "",
            f"交付通知書番号：{card.notice_number}",
            f"申請書ID：{card.application_id}",
            f"来庁期間：{wareki(batch.visit_from)} ～ {wareki(batch.visit_until)}",
            f"発送日：{wareki(batch.sent_on)}",
            "",
            f"{municipality_name}",
        ):
            pdf.drawString(25 * mm, y, line)
            y -= 8 * mm
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()

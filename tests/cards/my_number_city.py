"""Run inside a fresh kofu site (subprocess): slip My Numbers into every cards text field and import
column (CLI and web), then run the pipeline and write every export. Prints one JSON summary line.

Usage: python my_number_city.py OUT_DIR VARIANTS_JSON
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.test import Client  # noqa: E402

from kofu.accounts.roles import SYSTEM  # noqa: E402

DELIVERY = [
    "application_id,batch_number,delivered_on,channel,received_on,name,name_kana,birth_date,address,phone",
    "AP0001,B001,2022-05-09,counter,2022-03-01,都城 太郎,ミヤコノジョウ タロウ,1980-04-01,宮崎県都城市姫城町1番,0986-23-1111",
    "AP0002,B001,2022-05-09,online,2022-03-02,都城 花子,ミヤコノジョウ ハナコ,1985-06-02,宮崎県都城市姫城町2番,",
]
APPLICATIONS = [
    "application_id,channel,received_on,name,name_kana,birth_date,address,phone,outreach_venue,outreach_date",
    "AP0101,outreach,2022-05-10,都城 次郎,ミヤコノジョウ ジロウ,1990-01-03,宮崎県都城市上町3番,0986-22-2222,都城市役所 出張窓口,2022-05-10",
    "AP0102,support,2022-05-11,都城 三子,ミヤコノジョウ ミツコ,1992-02-04,宮崎県都城市上町4番,,,",
]


def variants_of(lines: list[str], variants: list[str]):
    header = lines[0].split(",")
    for v_index, variant in enumerate(variants):
        for column in range(len(header)):
            for mode in ("replace", "append"):
                rows = [line.split(",") for line in lines]
                cell = rows[2][column]
                # "append" follows the cell's own digits with a space: the guard checks whole digit
                # groups, so "AP0002 1234 5678 9018" is found too (kofu.rules.codes, issue 13).
                rows[2][column] = variant if mode == "replace" else f"{cell} {variant}"
                yield f"{v_index}-{header[column]}-{mode}", "\n".join(",".join(r) for r in rows) + "\n"


def main(out: Path, variants: list[str]) -> None:
    from kofu.accounts import services as accounts
    from kofu.cards.models import Card
    from kofu.registry.models import Municipality

    log = (out / "refusals.log").open("w", encoding="utf-8")
    call_command("init", verbosity=0)
    miyakonojo = Municipality.objects.get(code="452025")
    password = "kofu-e2e-password-2026"
    accounts.staff_create(
        username="window",
        password=password,
        organisation=accounts.organisation_for_municipality(municipality=miyakonojo, actor=SYSTEM),
        is_admin=False,
        actor=SYSTEM,
    )
    client = Client(HTTP_HOST="localhost")
    assert client.login(username="window", password=password)
    attempts = 0
    files = out / "files"
    files.mkdir()
    for kind, lines, command in (
        ("delivery", DELIVERY, "import-delivery"),
        ("applications", APPLICATIONS, "import-applications"),
    ):
        for label, text in variants_of(lines, variants):
            path = files / f"{kind}-{label}.csv"
            path.write_text(text, encoding="utf-8")
            try:
                call_command(
                    "cards", command, str(path), "--municipality", "452025", "--quiet", stdout=io.StringIO()
                )
            except CommandError as exc:
                log.write(str(exc) + "\n")
            else:
                raise SystemExit(f"accepted by the CLI: {path.name}")
            response = client.post(
                "/cards/452025/import/", {"kind": kind, "file": SimpleUploadedFile(path.name, text.encode())}
            )
            assert response.status_code == 400, (path.name, response.status_code)
            attempts += 2
    assert not Card.objects.exists()

    # The clean files go in; then every web text field is tried.
    for kind, lines, command in (
        ("delivery", DELIVERY, "import-delivery"),
        ("applications", APPLICATIONS, "import-applications"),
    ):
        path = files / f"{kind}-clean.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        call_command("cards", command, str(path), "--municipality", "452025", "--quiet", stdout=io.StringIO())
    card = Card.objects.get(application_id="AP0001")
    for variant in variants:
        for data in (
            {"note_only": "1", "note": f"電話 {variant}"},
            {"to_state": "setup_done", "note": variant},
        ):
            response = client.post(f"/cards/452025/cards/{card.pk}/", data)
            assert response.status_code == 400, data
            log.write(response.content.decode() + "\n")
            attempts += 1
        response = client.post("/cards/452025/lookup/", {"key": variant})
        assert response.status_code == 302
    card.refresh_from_db()
    assert card.state == "delivered" and card.note == ""

    # The pipeline, and every export: the backlog CSV and the notices PDF.
    for pk in Card.objects.filter(state="delivered").values_list("pk", flat=True):
        client.post(f"/cards/452025/cards/{pk}/", {"to_state": "setup_done", "note": "設定済み"})
    response = client.post(
        "/cards/452025/notices/", {"size": 2, "visit_from": "2022-06-01", "visit_until": "2022-06-07"}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    exports = out / "exports"
    exports.mkdir()
    from kofu.cards.models import NoticeBatch

    batch = NoticeBatch.objects.get()
    call_command("accounts", "grant-export", "window", stdout=io.StringIO())
    pdf = client.get(f"/cards/452025/notices/{batch.pk}.pdf")
    (exports / "notices.pdf").write_bytes(pdf.content)
    # The renewal list (持ち出し): a purpose text holding a My Number is refused and not echoed.
    handed = Card.objects.filter(state="notice_sent").order_by("pk").first()
    client.post(f"/cards/452025/cards/{handed.pk}/", {"to_state": "handed_over", "on": "2022-06-03"})
    period = {"start": "2026-01-01", "until": "2027-12-31", "kind": ""}
    for variant in variants:
        refused = client.post(
            "/cards/452025/renewals/export/",
            {**period, "purpose": "other", "purpose_text": f"案内 {variant}"},
        )
        body = refused.content.decode()
        assert refused.status_code == 400 and "個人番号" in body, refused.status_code
        log.write(body + "\n")
        attempts += 1
    renewals = client.post("/cards/452025/renewals/export/", {**period, "purpose": "renewal"})
    assert renewals.status_code == 200, renewals.status_code
    (exports / "renewals.csv").write_bytes(renewals.content)
    backlog = io.StringIO()
    call_command("cards", "backlog", "--municipality", "452025", "--as-of", "2022-06-10", stdout=backlog)
    (exports / "backlog.csv").write_text(backlog.getvalue(), encoding="utf-8")
    (exports / "dashboard.html").write_bytes(client.get("/cards/452025/?as_of=2022-06-10").content)
    (exports / "detail.html").write_bytes(client.get(f"/cards/452025/cards/{card.pk}/").content)
    log.close()
    print(json.dumps({"attempts": attempts, "exports": len(list(exports.iterdir()))}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), json.loads(sys.argv[2]))

"""kofu cards import-delivery / import-applications / backlog and kofu validity, as called from the shell."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kofu.cards.models import Card
from kofu.rules import cards as rules
from tests.cards.conftest import delivery_csv, delivery_row


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_validity_prints_a_header_and_the_two_dates():
    assert run("validity", "--birth", "2004-01-10", "--applied", "2022-04-01", "--issued", "2022-04-15") == (
        "card_expiry,certificate_expiry\n2032-01-10,2027-01-10\n"
    )


def test_validity_refuses_a_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("validity", "--birth", "2004-13-10", "--applied", "2022-04-01", "--issued", "2022-04-15")


@pytest.mark.django_db
def test_import_delivery_then_backlog(tmp_path, miyakonojo, make_card):
    path = delivery_csv(tmp_path, [delivery_row(n) for n in range(1, 6)])
    assert "5行、新規 5件" in run("cards", "import-delivery", str(path), "--municipality", "452025")
    make_card(state=rules.SETUP_DONE, state_since=dt.date(2022, 5, 20), delivered_on=dt.date(2022, 5, 9))

    out = run("cards", "backlog", "--municipality", "452025", "--as-of", "2022-06-01", "--format", "csv")

    lines = out.splitlines()
    assert lines[0] == "stage,count,oldest_days,median_days"
    assert "delivered,5,23,23" in lines
    assert "setup_done,1,12,12" in lines
    assert "applied,0,," in lines


@pytest.mark.django_db
def test_import_errors_exit_with_the_row_and_column(tmp_path, miyakonojo):
    path = delivery_csv(tmp_path, [delivery_row(1).replace("都城 太郎1", "123456789018")])
    with pytest.raises(CommandError, match="delivery.csv 2行目「name」"):
        run("cards", "import-delivery", str(path), "--municipality", "452025")
    assert not Card.objects.exists()


@pytest.mark.django_db
def test_an_unknown_municipality_is_refused(tmp_path, registry):
    with pytest.raises(CommandError, match="団体コード 999997"):
        run("cards", "backlog", "--municipality", "999997", "--as-of", "2022-06-01")

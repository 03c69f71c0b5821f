"""kofu.core.guard: the My Number guard runs on every save, not only in forms and full_clean()."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from kofu.accounts.models import Organisation, RateCounter
from kofu.core.validators import MY_NUMBER_REFUSED
from tests.my_number_spellings import SPELLINGS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "text"), SPELLINGS, ids=[name for name, _ in SPELLINGS])
def test_a_plain_save_of_a_kofu_model_refuses_every_spelling(name, text):
    with pytest.raises(ValidationError) as refused:
        Organisation(kind="ministry", name=f"総務省 {text}").save()
    assert refused.value.message_dict == {"name": [MY_NUMBER_REFUSED]}
    assert not Organisation.objects.exists()


def test_the_users_name_and_e_mail_are_guarded_on_save_too():
    user_model = get_user_model()
    for fields in ({"username": "7000_1234_5676"}, {"username": "ok", "email": "700012345676@example.jp"}):
        with pytest.raises(ValidationError, match="個人番号"):
            user_model(**fields).save()
    assert not user_model.objects.exists()


def test_only_the_fields_saved_are_checked():
    """A row stored before the guard grew stricter can still be saved field by field."""
    organisation = Organisation.objects.create(kind="ministry", name="総務省")
    Organisation.objects.filter(pk=organisation.pk).update(name="総務省 7000.1234.5676")  # no signal
    organisation.refresh_from_db()
    organisation.save(update_fields=["kind"])
    with pytest.raises(ValidationError):
        organisation.save()


def test_kofus_own_digests_are_not_scanned():
    """A hex digest holds twelve joined digits passing the check now and then: never refused."""
    RateCounter.objects.create(
        key="login-user:" + "700012345676" + "0" * 28, n=1, expires="2030-01-01T00:00Z"
    )

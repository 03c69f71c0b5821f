"""The staff-account list through the one list shape (kofu.core.listing): 50 a page, filters by
state, role and a word of the name; a My Number typed as the word is refused, never searched."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kofu.accounts import services
from kofu.accounts.roles import SYSTEM
from tests.conftest import make_staff
from tests.my_number_spellings import NUMBER

pytestmark = pytest.mark.django_db

URL = reverse("accounts:staff_list")


@pytest.fixture
def as_admin(client, personas):
    organisation = personas["municipality"].membership.organisation
    client.force_login(make_staff("miyakonojo-admin", organisation, is_admin=True))
    return client, organisation


def test_the_list_is_cut_into_pages_of_fifty_and_keeps_the_filters_in_the_links(as_admin):
    client, organisation = as_admin
    for number in range(55):
        make_staff(f"kakari-{number:02d}", organisation)
    first = client.get(URL + "?q=kakari").content.decode()
    assert "（55件、1/2ページ" in first and 'href="?q=kakari&amp;page=2"' in first
    assert "kakari-00" in first and "kakari-54" not in first
    second = client.get(URL + "?q=kakari&page=2").content.decode()
    assert "kakari-54" in second and "kakari-00" not in second and "2 / 2 ページ" in second
    assert "kakari-54" in client.get(URL + "?q=kakari&page=99").content.decode()  # out of range: the last


def test_state_role_and_word_filters(as_admin):
    client, organisation = as_admin
    gone = make_staff("kakari-taishoku", organisation)
    services.staff_deactivate(membership=gone.membership, actor=SYSTEM)
    make_staff("kakari-genneki", organisation)
    disabled = client.get(URL + "?state=disabled").content.decode()
    assert "kakari-taishoku" in disabled and "kakari-genneki" not in disabled
    admins = client.get(URL + "?role=admin").content.decode()
    assert "miyakonojo-admin" in admins and "kakari-genneki" not in admins
    word = client.get(URL + "?q=GENNEKI").content.decode()
    assert "kakari-genneki" in word and "kakari-taishoku" not in word and "（1件" in word


def test_a_my_number_as_the_word_is_refused_and_the_whole_list_shown(as_admin):
    client, organisation = as_admin
    make_staff("kakari-genneki", organisation)
    response = client.get(URL + f"?q=kakari {NUMBER}")
    body = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in body and 'aria-invalid="true"' in body
    assert "kakari-genneki" in body  # the filter is dropped, not run

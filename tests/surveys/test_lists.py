"""The surveys app's lists through kofu.core.listing: the survey index, a survey's respondents and
the best-practice catalogue — 50 a page, their filters (free text through the My Number guard) and
a flat query count."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from kofu.accounts.roles import SYSTEM
from kofu.surveys.services.measure import survey_create
from tests.my_number_spellings import NUMBER
from tests.query_counts import assert_locked

pytestmark = pytest.mark.django_db

INDEX = "/surveys/"
PRACTICES = "/surveys/practices/"


def surveys(count: int, *, prefix: str = "r") -> None:
    for number in range(count):
        survey_create(
            slug=f"{prefix}-{number:03d}",
            title=f"取組調査 {prefix}{number:03d}",
            reference_date=dt.date(2022, 4, 1),
            actor=SYSTEM,
        )


def test_the_survey_index_pages_fifty_and_filters_by_word_and_state(client, personas):
    from kofu.surveys.models import Survey

    surveys(52)
    Survey.objects.filter(slug="r-000").update(is_open=False)
    client.force_login(personas["ministry"])
    first = client.get(INDEX).content.decode()
    assert "（52件、1/2ページ" in first and 'href="?page=2"' in first
    assert "r-051" in first and ">r-000<" not in first  # newest first
    assert ">r-000<" in client.get(INDEX + "?page=2").content.decode()
    closed = client.get(INDEX + "?state=closed").content.decode()
    assert ">r-000<" in closed and ">r-001<" not in closed and "（1件" in closed
    word = client.get(INDEX + "?q=r017").content.decode()
    assert ">r-017<" in word and ">r-018<" not in word
    none = client.get(INDEX + "?q=該当なし").content.decode()
    assert "条件に合う調査はありません" in none
    refused = client.get(INDEX + f"?q={NUMBER}").content.decode()
    assert 'aria-invalid="true"' in refused and ">r-051<" in refused  # the error and the whole list


def test_the_survey_index_reads_a_flat_number_of_queries(client, personas, django_assert_max_num_queries):
    surveys(3)
    client.force_login(personas["ministry"])
    urls = [INDEX, INDEX + "?q=取組&state=open&page=2"]
    assert_locked(
        client, urls, lambda: surveys(3, prefix="s"), dict.fromkeys(urls, 10), django_assert_max_num_queries
    )


def test_respondents_filter_by_side_state_and_name(client, personas, seed_survey):
    from kofu.surveys.models import Respondent

    url = f"/surveys/{seed_survey.slug}/"
    client.force_login(personas["ministry"])
    everyone = client.get(url).content.decode()
    assert "（60団体、1/2ページ）" in everyone and 'href="?page=2"' in everyone
    answered = seed_survey.respondents.select_related("municipality__prefecture").first()
    Respondent.objects.filter(pk=answered.pk).update(submitted_at=dt.datetime(2022, 5, 1, tzinfo=dt.UTC))
    done = client.get(url + "?state=answered").content.decode()
    assert "（1団体）" in done and str(answered) in done
    top = client.get(url + "?side=top").content.decode()
    assert (
        f"（{seed_survey.respondents.filter(side='top').count()}団体" in top
        and "交付率下位" not in top.split("<tbody>")[1]
    )
    name = answered.municipality.name
    by_name = client.get(url + f"?q={name}").content.decode()
    assert str(answered) in by_name
    refused = client.get(url + f"?q={NUMBER}").content.decode()
    assert 'aria-invalid="true"' in refused and "（60団体" in refused


def test_a_municipality_filters_its_own_respondent_without_a_name_field(client, personas, seed_survey):
    from kofu.registry.models import Municipality

    city = Municipality.objects.get(code="452025")
    if not seed_survey.respondents.filter(municipality=city).exists():
        seed_survey.respondents.filter(pk=seed_survey.respondents.first().pk).update(municipality=city)
    client.force_login(personas["municipality"])
    body = client.get(f"/surveys/{seed_survey.slug}/?state=open").content.decode()
    assert "（1団体）" in body and 'name="q"' not in body


def test_the_respondents_list_reads_a_flat_number_of_queries(
    client, personas, seed_survey, django_assert_max_num_queries
):
    from kofu.registry.models import Municipality
    from kofu.surveys.models import Respondent

    url = f"/surveys/{seed_survey.slug}/"
    chosen = set(seed_survey.respondents.values_list("municipality_id", flat=True))
    spare = iter(Municipality.objects.exclude(pk__in=chosen).order_by("code"))
    client.force_login(personas["ministry"])

    def grow() -> None:
        for rank in range(3):
            Respondent.objects.create(
                survey=seed_survey,
                municipality=next(spare),
                category="その他の市",
                side="top",
                rank=90 + rank,
            )

    urls = [url, url + "?side=top&state=open&q=市&page=2"]
    assert_locked(client, urls, grow, dict.fromkeys(urls, 13), django_assert_max_num_queries)


def test_the_catalogue_pages_and_filters_through_the_guard(client, personas, registry):
    call_command("surveys", "load-practices", stdout=io.StringIO())
    client.force_login(personas["prefecture"])
    everything = client.get(PRACTICES).content.decode()
    assert "優良事例 34 件" in everything and "34 件（1/1" not in everything
    staff = client.get(PRACTICES + "?theme=staff").content.decode()
    assert "優良事例 7 件" in staff
    found = client.get(PRACTICES + "?q=大分").content.decode()
    assert "優良事例 1 件" in found and "「大分」の検索結果" in found
    refused = client.get(PRACTICES + f"?q={NUMBER}").content.decode()
    assert 'aria-invalid="true"' in refused and "優良事例 34 件" in refused


def test_the_catalogue_pages_fifty_with_a_flat_query_count(
    client, personas, registry, django_assert_max_num_queries
):
    from kofu.registry.models import Municipality
    from kofu.surveys.models import BestPractice

    call_command("surveys", "load-practices", stdout=io.StringIO())
    city = Municipality.objects.get(code="452025")
    made = iter(range(100))

    def add(count: int) -> None:
        for _ in range(count):
            BestPractice.objects.create(
                municipality=city, theme="outreach", measure=f"追加の取組 {next(made):02d}"
            )

    add(20)
    client.force_login(personas["ministry"])
    first = client.get(PRACTICES).content.decode()
    assert "優良事例 54 件（1/2ページ）" in first and 'href="?page=2"' in first
    second = client.get(PRACTICES + "?page=2").content.decode()
    assert second.count('name="practices"') == 4
    urls = [PRACTICES, PRACTICES + "?q=取組&theme=outreach&page=2"]
    assert_locked(client, urls, lambda: add(3), dict.fromkeys(urls, 11), django_assert_max_num_queries)

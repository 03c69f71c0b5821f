"""A claim's 出張申請受付 count taken from the outreach events kofu holds (seed 000 補助対象経費,
seed 004): prefilled on the new claim, the difference flagged on the statement."""

from __future__ import annotations

import datetime as dt

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from kofu.subsidies.selectors.outreach_counts import event_counts
from kofu.surveys.models import OutreachEvent
from kofu.surveys.services.outreach import event_applications_record, event_save
from tests.subsidies.conftest import MIYAKONOJO


def held(day: dt.date, outreach: int, code: str = MIYAKONOJO, **other: int) -> OutreachEvent:
    event = event_save(
        event=OutreachEvent(
            municipality=Municipality.objects.get(code=code), title=f"出張申請受付 {day}", venue_type="mall",
            venue="商業施設", starts_on=day, ends_on=day,
        ),
        actor=SYSTEM,
    )  # fmt: skip
    event_applications_record(event=event, counts={"outreach": outreach, **other}, actor=SYSTEM)
    return event


def test_the_years_events_are_summed_by_their_first_day(registry):
    held(dt.date(2021, 4, 1), 120, support=40)  # FY2021's first day
    held(dt.date(2022, 3, 31), 80)  # its last
    held(dt.date(2022, 4, 1), 999)  # FY2022
    held(dt.date(2021, 6, 1), 555, code="452017")  # another municipality
    event_save(  # an event without recorded applications counts as held, not as recorded
        event=OutreachEvent(
            municipality=Municipality.objects.get(code=MIYAKONOJO), title="未記録", venue_type="mall",
            venue="商業施設", starts_on=dt.date(2021, 9, 1), ends_on=dt.date(2021, 9, 1),
        ),
        actor=SYSTEM,
    )  # fmt: skip
    counts = event_counts(Municipality.objects.get(code=MIYAKONOJO).pk, 2021)
    assert (counts.events, counts.recorded, counts.outreach) == (3, 2, 200)
    assert event_counts(Municipality.objects.get(code=MIYAKONOJO).pk, 2020).outreach is None


def test_the_statement_flags_a_count_that_differs_from_the_events_and_the_form_prefills_it(
    client, personas, claim
):
    client.force_login(personas["municipality"])
    page = client.get(f"/subsidies/claims/{claim.pk}/").content.decode()
    assert 'id="t-events"' in page and "記録なし" in page
    held(dt.date(2021, 7, 10), 150)
    page = client.get(f"/subsidies/claims/{claim.pk}/").content.decode()
    events_table = page.split('id="t-events"')[1].split("</table>")[0]
    assert "× 差あり" in events_table and ">150<" in events_table and ">50<" in events_table  # 200 − 150
    held(dt.date(2021, 11, 3), 50)
    events_table = client.get(f"/subsidies/claims/{claim.pk}/").content.decode().split('id="t-events"')[1]
    assert "一致" in events_table.split("</table>")[0]
    form = client.get("/subsidies/claims/new/").content.decode()
    assert "2021年度の出張申請受付から入れる" in form
    form = client.get("/subsidies/claims/new/?from_events=2021").content.decode()
    assert 'name="outreach" value="200"' in form or 'value="200"' in form.split('name="outreach"')[1][:200]


def test_another_municipality_sees_no_prefill_of_ours(client, personas):
    held(dt.date(2021, 7, 10), 150)
    client.force_login(personas["other_municipality"])
    form = client.get("/subsidies/claims/new/?from_events=2021").content.decode()
    assert "出張申請受付から入れる" not in form and "150" not in form

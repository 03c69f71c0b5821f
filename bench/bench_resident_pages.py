"""Benchmark: every page a resident sees, timed through a running ``kofu serve`` (issue 15: < 300 ms).

Usage (from the repository root)::

    python bench/bench_resident_pages.py [--repeat 3] [--requests 30]

Each repeat: a fresh database (SQLite file, or PostgreSQL next to ``DATABASE_URL``), ``kofu init``,
a site of 宮崎県都城市 with opening hours and slots every 30 minutes for the whole booking horizon
(``--days`` days from the first bookable day, 16 slots a day), ``--residents`` residents of whom half already booked, then one
resident walks the flow with a cookie session: start (GET, POST), family, slots, confirm, the
booking's page, cancel page, print view, calendar file, find by number (GET, POST). Each page is
requested ``--requests`` times (a POST alone: its CSRF page is fetched first, the redirect it
answers is not followed); the median and 95th percentile per page are reported beside the
raw rate of the same server (``GET /static/bookings/bookings.css``, no Django view) in the same run.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import platform
import re
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bookings.live import database, kofu, server  # noqa: E402

SEED = """
import datetime as dt, json
from django.utils import timezone
from kofu.accounts.roles import SYSTEM
from kofu.bookings.fixtures import booking_fixture
from kofu.bookings.models import OpeningRule, Site, Slot
from kofu.bookings import services
from kofu.cards.models import Card
from tests.conftest import resident_books
fx = booking_fixture(capacity=4, residents=RESIDENTS)
site = Site.objects.latest("pk")
site.address = "宮崎県都城市姫城町6街区21号"; site.save()
OpeningRule.objects.create(site=site, weekdays="0,1,2,3,4", start="08:30", end="17:15", windows=2, label="平日")
today = timezone.localdate(); slots = []
for d in range(4, 4 + DAYS):
    for k in range(16):
        at = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=d), dt.time(9)) + dt.timedelta(minutes=30 * k))
        slots.append(Slot(site=site, starts_at=at, ends_at=at + dt.timedelta(minutes=30), capacity=6, web_capacity=6))
Slot.objects.bulk_create(slots, ignore_conflicts=True)
ids = list(Slot.objects.filter(site=site).order_by("starts_at").values_list("pk", flat=True))
cards = list(Card.objects.filter(notice_number__in=[r["notice_number"] for r in fx["residents"]]).order_by("pk"))
for i, card in enumerate(cards[1 : len(cards) // 2]):
    resident_books(cards=[card], slot_id=ids[(i * 7) % len(ids)])
print(json.dumps({"resident": fx["residents"][0], "slot": ids[-1]}))
"""

PAGES = [
    "start",
    "start POST",
    "family",
    "slots",
    "confirm",
    "manage",
    "cancel",
    "print",
    "calendar.ics",
    "find",
    "find POST",
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201
        return None


class Session:
    def __init__(self, base: str) -> None:
        self.base = base
        jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(jar)
        self.single = urllib.request.build_opener(jar, _NoRedirect())

    def timed_post(self, path: str, data: dict[str, str], n: int) -> list[float]:
        """``n`` POSTs of one form, each timed alone (the redirect it answers is not followed)."""
        _url, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()

        def one() -> None:
            request = urllib.request.Request(
                self.base + path, data=body, headers={"Referer": self.base + path}
            )
            try:
                self.single.open(request, timeout=60).read()
            except urllib.error.HTTPError as exc:  # the 302 itself
                if exc.code != 302:
                    raise

        return timed(one, n)

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.geturl(), response.read().decode("utf-8", "replace")

    def post(self, path: str, data: dict[str, str]) -> tuple[str, str]:
        _url, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read().decode("utf-8", "replace")


def timed(call, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def one_run(n: int, residents: int, days: int) -> dict[str, list[float]]:
    with (
        tempfile.TemporaryDirectory() as tmp,
        database(Path(tmp)) as url,
        server(url, Path(tmp)) as (base, env),
    ):
        code = SEED.replace("RESIDENTS", str(residents)).replace("DAYS", str(days))
        env = {**env, "PYTHONPATH": str(ROOT)}
        data = json.loads(kofu(env, "shell", "-c", code).strip().splitlines()[-1])
        me, slot = data["resident"], data["slot"]
        s = Session(base)
        login = {"notice_number": me["notice_number"], "birth_date": me["birth_date"]}
        times: dict[str, list[float]] = {
            "raw: static file": timed(lambda: s.get("/static/bookings/bookings.css"), n)
        }
        times["start"] = timed(lambda: s.get("/bookings/"), n)
        times["start POST"] = s.timed_post("/bookings/", login, n)
        times["family"] = timed(lambda: s.get("/bookings/family/"), n)
        s.post("/bookings/family/", {"alone": "1"})
        times["slots"] = timed(lambda: s.get("/bookings/slots/"), n)
        s.post("/bookings/slots/", {"slot": str(slot)})
        times["confirm"] = timed(lambda: s.get("/bookings/confirm/"), n)
        manage, page = s.post("/bookings/confirm/", {"confirm": "1"})
        number = re.search(r'id="booking-number">([^<]+)<', page).group(1)
        path = urllib.parse.urlparse(manage).path
        times["manage"] = timed(lambda: s.get(path), n)
        times["cancel"] = timed(lambda: s.get(path + "cancel/"), n)
        times["print"] = timed(lambda: s.get(path + "print/"), n)
        times["calendar.ics"] = timed(lambda: s.get(path + "calendar.ics"), n)
        times["find"] = timed(lambda: s.get("/bookings/find/"), n)
        found = {"number": number, "birth_date": me["birth_date"]}
        times["find POST"] = s.timed_post("/bookings/find/", found, n)
        return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--residents", type=int, default=400)
    parser.add_argument("--days", type=int, default=28)
    args = parser.parse_args()
    runs = [one_run(args.requests, args.residents, args.days) for _ in range(args.repeat)]
    print(f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}")
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    print(f"{'page':<18} {'median ms (per run)':<28} {'p95 ms (per run)':<28}")
    for page in ["raw: static file", *PAGES]:
        medians = [statistics.median(r[page]) for r in runs]
        p95 = [sorted(r[page])[int(0.95 * (len(r[page]) - 1))] for r in runs]
        print(
            f"{page:<18} {', '.join(f'{m:.1f}' for m in medians):<28} {', '.join(f'{p:.1f}' for p in p95):<28}"
        )
    worst = max(statistics.median(r[p]) for r in runs for p in PAGES)
    print(f"slowest page median: {worst:.1f} ms (goal < 300 ms)")


if __name__ == "__main__":
    main()

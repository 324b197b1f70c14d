"""Thống kê truy cập: visits and page views counted from the beacon with no database write per
view, written in batches, shared by several workers through the cache, who is online with a
moved clock, the figures shown without ever being baked into a cached page, and the national
monitoring script (EMC) on and off."""

from __future__ import annotations

import pickle
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.articles import views_count
from portal import visits
from portal.models import SiteVisitDay
from tests.factories import ArticleFactory, editor
from tests.helpers import directives
from tests.portal.test_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"
# A minute's start in local time, so that the minute buckets are easy to reason about.
NOON = datetime(2026, 11, 20, 12, 0, 0, tzinfo=timezone.get_default_timezone())


def visit(client, address="203.0.113.5", agent=FIREFOX, url="/luot-truy-cap/"):
    response = client.post(url, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    assert response.status_code == 204
    return response


def today_row() -> SiteVisitDay:
    return SiteVisitDay.objects.get(day=timezone.localdate())


def noon_row() -> SiteVisitDay:
    return SiteVisitDay.objects.get(day=NOON.date())


def writes(queries) -> list[str]:
    return [q["sql"].split()[0] for q in queries.captured_queries
            if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]  # fmt: skip


# Every page sends the beacon


def test_every_public_page_asks_for_the_beacon_and_an_article_page_for_its_own(client):
    article = ArticleFactory()
    home = client.get("/").content.decode()
    assert '<body data-visit-url="/luot-truy-cap/">' in home
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'data-view-url="/luot-xem/{article.pk}/"' in page  # site.js sends this one only
    missing = client.get("/khong-co-trang-nay/").content.decode()
    assert "data-visit-url" not in missing  # a 404 is not a page anyone read


def test_a_staff_preview_is_not_counted(client):
    draft = ArticleFactory(status="draft", publish_at=None)
    client.force_login(editor(can_publish=True))
    html = client.get(f"/xem-truoc/bai-viet/{draft.pk}/").content.decode()
    assert "data-visit-url" not in html and "data-view-url" not in html


def test_the_script_sends_one_beacon_and_fetches_the_figures():
    script = (Path(__file__).resolve().parents[2] / "static/js/site.js").read_text()
    assert 'document.body.getAttribute("data-visit-url")' in script
    assert "navigator.sendBeacon(beacon)" in script
    assert 'stats.getAttribute("data-stats-url")' in script


# No database write per view


def test_beacons_make_no_query_until_the_flush(client):
    article = ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        for n in range(10):
            visit(client, address=f"203.0.113.{n}")
        visit(client, address="203.0.113.1", url=f"/luot-xem/{article.pk}/")  # an article
    assert len(queries) == 0
    assert not SiteVisitDay.objects.exists()
    with CaptureQueriesContext(connection) as queries:
        assert visits.counter.flush() == 11
    assert writes(queries) == ["UPDATE", "INSERT"]  # the day's first row
    row = today_row()
    assert (row.visits, row.page_views) == (10, 11)
    for n in range(40):
        visit(client, address=f"198.51.100.{n}")
    with CaptureQueriesContext(connection) as queries:
        assert visits.counter.flush() == 40
    assert writes(queries) == ["UPDATE"]  # one UPDATE a day, whatever the traffic
    views_count.buffer.flush()
    article.refresh_from_db()
    assert article.view_count == 1  # the article's beacon still counts the article


def test_the_figures_endpoint_is_not_a_write_either(client):
    visit(client)
    with CaptureQueriesContext(connection) as queries:
        client.get("/thong-ke-truy-cap/so-lieu.json")
        client.get("/thong-ke-truy-cap/so-lieu.json")
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"]


def test_the_counter_writes_by_itself_after_enough_views(client, monkeypatch):
    monkeypatch.setattr(visits, "FLUSH_EVERY", 3)
    for n in range(3):
        visit(client, address=f"198.51.100.{n}")
    assert today_row().page_views == 3


def test_a_flush_adds_to_the_day_already_written_and_midnight_starts_a_new_day(client):
    with time_machine.travel(NOON.replace(hour=23, minute=58), tick=False):
        visit(client, address="198.51.100.1")
        visits.counter.flush()
        visit(client, address="198.51.100.2")
        visits.counter.flush()
    with time_machine.travel(NOON.replace(day=21, hour=0, minute=1), tick=False):
        visit(client, address="198.51.100.1")  # a new day, a new salt: a new visit
        visits.counter.flush()
    rows = {r.day.day: (r.visits, r.page_views) for r in SiteVisitDay.objects.all()}
    assert rows == {20: (2, 2), 21: (1, 1)}


def test_a_failed_write_is_kept_for_the_next_flush(client, monkeypatch):
    def failing(day, counts):
        raise DatabaseError("simulated failure")

    visit(client)
    original = visits._write
    monkeypatch.setattr(visits, "_write", failing)
    assert visits.counter.flush() == 0
    monkeypatch.setattr(visits, "_write", original)
    assert visits.counter.flush() == 1
    assert today_row().visits == 1


# Visits, visitors and robots


def test_one_reader_reading_many_pages_is_one_visit_until_half_an_hour_passes(client):
    with time_machine.travel(NOON, tick=False) as clock:
        for _ in range(4):
            visit(client)
        clock.shift(timedelta(minutes=29))
        visit(client)  # still the same visit
        clock.shift(timedelta(minutes=31))
        visit(client)  # half an hour without a page: a new visit
        visit(client, agent=PHONE)  # the same address, another browser: another visitor
        visits.counter.flush()
    row = noon_row()
    assert (row.visits, row.page_views) == (3, 7)


@pytest.mark.parametrize(
    "agent",
    ["", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
     "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/130.0 Safari/537.36",
     "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php) Preview"],
)  # fmt: skip
def test_robots_that_say_so_are_not_counted(client, agent):
    visit(client, agent=agent)
    assert visits.counter.flush() == 0


def test_one_address_cannot_make_up_visitors_or_views(client):
    for n in range(400):
        visit(client, address="198.51.100.77", agent=f"{FIREFOX} n{n}")
    visit(client, address="203.0.113.9")
    visits.counter.flush()
    row = today_row()
    assert row.visits == visits.MAX_VISITS_PER_ADDRESS + 1
    assert row.page_views == visits.MAX_VISITS_PER_ADDRESS + 1  # made-up readers: no views


def test_the_cache_keeps_no_address_nor_browser_and_the_hash_changes_every_day(client):
    store = visits.counter.store
    with time_machine.travel(NOON, tick=False):
        visit(client, address="203.0.113.250")
        first = {k for k in store._cache if ":visits:v:" in k}
    kept = b"".join(k.encode() + v for k, v in store._cache.items())
    assert b"203.0.113.250" not in kept and b"Firefox" not in kept
    # and the database has only the day's totals
    assert {f.name for f in SiteVisitDay._meta.get_fields()} == {
        "id", "day", "visits", "page_views",
    }  # fmt: skip
    with time_machine.travel(NOON + timedelta(days=1), tick=False):
        visit(client, address="203.0.113.250")
        second = {k for k in store._cache if ":visits:v:" in k} - first
    assert len(first) == 1 and len(second) == 1  # the same reader, another hash the next day


def test_the_shared_cache_down_still_counts_page_views(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    for method in ("get", "get_or_set", "add", "set", "incr", "get_many"):
        monkeypatch.setattr(visits.counter.store, method, broken)
    visit(client)
    assert client.get("/thong-ke-truy-cap/so-lieu.json").json()["online"] is None
    visits.counter.flush()
    assert (today_row().visits, today_row().page_views) == (0, 1)


# Several workers


def test_two_workers_sharing_one_cache_count_each_visitor_once():
    shared = LocMemCache("two-workers", {})
    one, two = visits.VisitCounter(store=shared), visits.VisitCounter(store=shared)
    with time_machine.travel(NOON, tick=False) as clock:
        assert one.record("203.0.113.1", FIREFOX)
        clock.shift(timedelta(seconds=70))
        assert two.record("203.0.113.1", FIREFOX)  # the same reader, on the other worker
        assert two.record("203.0.113.2", PHONE)
        assert one.online() == two.online() == 2
        assert one.flush() == 1 and two.flush() == 2
    row = noon_row()
    assert (row.visits, row.page_views) == (2, 3)  # each worker wrote its own, nothing twice


def test_the_figures_add_what_this_worker_has_not_written_yet(client):
    SiteVisitDay.objects.create(day=timezone.localdate(), visits=40, page_views=90)
    SiteVisitDay.objects.create(day=timezone.localdate() - timedelta(days=40), visits=500)
    visit(client)
    figures = client.get("/thong-ke-truy-cap/so-lieu.json").json()
    assert (figures["today"], figures["month"], figures["total"]) == (41, 41, 541)
    visits.counter.flush()
    assert client.get("/thong-ke-truy-cap/so-lieu.json").json()["today"] == 41  # not twice


# Who is online


def test_online_counts_the_visitors_of_the_last_five_minutes():
    counter = visits.VisitCounter(store=LocMemCache("online", {}))
    with time_machine.travel(NOON, tick=False) as clock:
        counter.record("203.0.113.1", FIREFOX)
        clock.shift(timedelta(minutes=1))
        counter.record("203.0.113.1", FIREFOX)  # reading on: still one person
        clock.shift(timedelta(minutes=1))
        counter.record("203.0.113.1", FIREFOX)
        counter.record("203.0.113.2", FIREFOX)
        assert counter.online() == 2
        clock.shift(timedelta(minutes=4, seconds=30))  # 12:06:30: both seen 4.5 minutes ago
        assert counter.online() == 2
        clock.shift(timedelta(minutes=1))  # 12:07:30
        assert counter.online() == 0
        counter.record("203.0.113.2", FIREFOX)  # back within the half hour: online again
        assert counter.online() == 1
        clock.shift(timedelta(minutes=5))
        assert counter.online() == 0


def test_online_is_shown_and_expires_on_the_figures_endpoint(client):
    with time_machine.travel(NOON, tick=False) as clock:
        visit(client, address="203.0.113.1")
        visit(client, address="203.0.113.2")
        assert client.get("/thong-ke-truy-cap/so-lieu.json").json()["online"] == 2
        clock.shift(timedelta(minutes=6))
        assert client.get("/thong-ke-truy-cap/so-lieu.json").json()["online"] == 0


# The figures on pages


def stats_block(html: str) -> str:
    return html.split('<section class="visit-stats"')[1].split("</section>")[0]


def test_a_cached_page_carries_no_figures_and_the_endpoint_stays_live(client, page_cache):
    SiteVisitDay.objects.create(day=timezone.localdate(), visits=1234, page_views=5678)
    assert client.get("/")["X-Page-Cache"] == "miss"
    visit(client, address="203.0.113.1")
    visit(client, address="203.0.113.2")
    visits.counter.flush()
    cached = client.get("/")
    assert cached["X-Page-Cache"] == "hit"
    block = stats_block(cached.content.decode())
    assert not re.search(r"\d", block.split("</h2>")[1].split("<p>")[0])  # no number baked in
    assert re.findall(r'<dd data-stat="(\w+)"></dd>', block) == [
        "online",
        "today",
        "month",
        "total",
    ]
    assert 'data-stats-url="/thong-ke-truy-cap/so-lieu.json"' in block
    assert '<a href="/thong-ke-truy-cap/">Xem thống kê truy cập</a>' in block  # without JS
    first = client.get("/thong-ke-truy-cap/so-lieu.json")
    assert first.json() == {"online": 2, "today": 1236, "month": 1236, "total": 1236}
    assert "no-cache" in first["Cache-Control"] and "max-age=0" in first["Cache-Control"]
    visit(client, address="203.0.113.3")
    assert client.get("/thong-ke-truy-cap/so-lieu.json").json()["today"] == 1237
    assert client.get("/")["X-Page-Cache"] == "hit"  # counting never makes pages stale


def test_the_statistics_page_for_readers_without_javascript(client):
    SiteVisitDay.objects.create(day=timezone.localdate(), visits=1234, page_views=5678)
    visit(client)
    response = client.get("/thong-ke-truy-cap/")
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert '<h1 class="page-title">Thống kê truy cập</h1>' in html
    row = html.split("Hôm nay</th>")[1].split("</tr>")[0]
    assert ">1.235<" in row and ">5.679<" in row
    assert 'Đang trực tuyến</th><td class="num">1<' in html
    assert 'role="search"' in html and '<meta name="robots" content="noindex' in html
    assert client.post("/thong-ke-truy-cap/").status_code == 405
    assert client.get("/luot-truy-cap/").status_code == 405


@pytest.mark.parametrize("days", [1, 20])
def test_the_statistics_page_makes_a_fixed_number_of_queries(client, days):
    start = timezone.localdate() - timedelta(days=days - 1)
    for n in range(days):
        SiteVisitDay.objects.create(day=start + timedelta(days=n), visits=n + 1, page_views=n + 2)
    client.get("/thong-ke-truy-cap/")  # the frame warm, as on a live site
    visits.cache.delete(visits.FIGURES_KEY)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/thong-ke-truy-cap/").status_code == 200
    assert len(queries) == 1  # the day sums; then kept for FIGURES_SECONDS
    with CaptureQueriesContext(connection) as queries:
        client.get("/thong-ke-truy-cap/so-lieu.json")
    assert len(queries) == 0


# The national monitoring script (EMC)

EMC = "https://emc.example.gov.vn/static/emc.js"
SITE_URL = "http://127.0.0.1:8000"  # the site's own address (settings.SITE_URL in the tests)


def outside_sources(html: str) -> list[str]:
    """Every address a page loads from (scripts, styles, images, frames), not links."""
    found = re.findall(r'<(?:script|img|iframe|source|embed)\b[^>]*\ssrc="([^"]+)"', html)
    for link in re.findall(r"<link\b[^>]*>", html):  # not canonical, alternate: no download
        if re.search(r'rel="[^"]*(stylesheet|icon|preload|manifest|prefetch)', link):
            found += re.findall(r'\shref="([^"]+)"', link)
    found += [u.split()[0] for s in re.findall(r'\ssrcset="([^"]+)"', html) for u in s.split(",")]
    return [s for s in found if re.match(r"(https?:)?//", s) and not s.startswith(SITE_URL)]


def test_without_emc_nothing_from_outside_is_on_any_page(client):
    article = ArticleFactory()
    for url in ["/", "/tin-tuc/", article.get_absolute_url(), "/tim-kiem/?q=a",
                "/thong-ke-truy-cap/", "/chinh-sach-du-lieu-ca-nhan/", "/khong-co/"]:  # fmt: skip
        response = client.get(url)
        html = response.content.decode()
        assert outside_sources(html) == [], url
        assert "emc" not in html.lower(), url
        policy = response["Content-Security-Policy"]  # directives come in any order
        assert directives(policy)["script-src"] == ["'self'"] and "http" not in policy, url


@override_settings(
    EMC_SCRIPT_URL=EMC,
    EMC_LABEL="Tín nhiệm mạng",
    EMC_BADGE_URL="https://tinnhiemmang.example.vn/cert/1",
)
def test_with_emc_its_script_and_badge_are_on_public_pages_and_nothing_else(client):
    article = ArticleFactory()
    for url in ["/", article.get_absolute_url(), "/thong-ke-truy-cap/"]:
        html = client.get(url).content.decode()
        assert outside_sources(html) == [EMC], url
        assert f'<script src="{EMC}" async></script>' in html
        assert (
            '<a href="https://tinnhiemmang.example.vn/cert/1" rel="noopener">Tín nhiệm mạng</a>'
            in html
        )
    assert "giám sát (EMC)" in client.get("/chinh-sach-du-lieu-ca-nhan/").content.decode()
    client.force_login(editor())
    assert EMC not in client.get("/admin/").content.decode()  # public pages only


def policy_with(**env) -> str:
    code = (
        "from django.test import Client; "
        "print(Client().get('/robots.txt', HTTP_HOST='sotttt.example.gov.vn', secure=True)"
        "['Content-Security-Policy'])"
    )
    result = manage("shell", "-c", code, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's own line


def test_the_emc_setting_adds_its_host_to_script_src_and_only_there():
    off = directives(policy_with())
    on = directives(policy_with(EMC_SCRIPT_URL=EMC, EMC_LABEL="EMC"))
    assert off["script-src"] == ["'self'"]
    assert on["script-src"] == ["'self'", "https://emc.example.gov.vn"]
    assert {k: v for k, v in on.items() if k != "script-src"} == {
        k: v for k, v in off.items() if k != "script-src"
    }
    more = directives(policy_with(EMC_SCRIPT_URL=EMC, EMC_CSP="img-src,connect-src"))
    assert more["img-src"] == ["'self'", "data:", "https://emc.example.gov.vn"]
    assert more["connect-src"] == ["'self'", "https://emc.example.gov.vn"]
    assert "'unsafe-inline'" not in str(more)


@pytest.mark.parametrize(
    "env",
    [{"EMC_SCRIPT_URL": "http://emc.example.gov.vn/emc.js"},
     {"EMC_SCRIPT_URL": "https://emc.example.gov.vn/a.js 'unsafe-inline'"},
     {"EMC_SCRIPT_URL": EMC, "EMC_CSP": "script-src"},
     {"EMC_CSP": "img-src"}],
)  # fmt: skip
def test_a_wrong_emc_setting_stops_the_start_with_a_message(env):
    result = manage("check", **PRODUCTION, **env)
    assert result.returncode != 0
    assert "EMC_" in result.stderr


def test_the_visit_statistics_cache_is_redis_with_redis_and_never_the_database():
    code = "from django.conf import settings; print(settings.CACHES['stats']['BACKEND'])"
    alone = manage("shell", "-c", code, **PRODUCTION)
    assert alone.stdout.strip().endswith("\ndjango.core.cache.backends.locmem.LocMemCache")
    shared = manage("shell", "-c", code, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/1")
    assert shared.stdout.strip().endswith("\ndjango.core.cache.backends.redis.RedisCache")


def test_the_cache_holds_only_the_minute_each_visitor_was_last_seen():
    counter = visits.VisitCounter(store=LocMemCache("values", {}))
    with time_machine.travel(NOON, tick=False):
        counter.record("203.0.113.1", FIREFOX)
    values = [pickle.loads(v) for k, v in counter.store._cache.items() if ":visits:v:" in k]  # noqa: S301
    assert values == [int(NOON.timestamp() // 60)]


def test_the_block_speaks_english_on_the_english_pages(client):
    html = client.get("/en/").content.decode()
    block = stats_block(html)
    assert ">Visitor statistics</h2>" in block and "<dt>Online now</dt>" in block
    assert "<dt>Total visits</dt>" in block and "(in Vietnamese)" in block
    assert "<dt>Hôm nay</dt>" in stats_block(client.get("/").content.decode())

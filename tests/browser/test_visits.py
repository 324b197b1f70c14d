"""Thống kê truy cập in a real browser: the page's beacon counts the visit (an article's counts
the article too, with one request), the footer's figures are filled by site.js on a phone, and
without JavaScript the block is a link to the statistics page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.articles import views_count
from portal import visits
from portal.models import SiteVisitDay
from tests.factories import ArticleFactory

from .tools import PHONE, SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

# Headless Chromium says "HeadlessChrome", which the counter takes for a robot: a reader's.
READER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Mobile Safari/537.36"
)


def test_a_reader_on_a_phone_is_counted_once_and_sees_the_figures(new_context):
    SiteVisitDay.objects.create(day=timezone.localdate(), visits=1233, page_views=4000)
    article = ArticleFactory(title="Bài để đếm lượt xem")
    page = new_context(viewport=PHONE, user_agent=READER).new_page()
    beacons = []
    page.on(
        "request",
        lambda r: beacons.append(r.url) if r.method == "POST" and "/luot-" in r.url else None,
    )
    with page.expect_request(re.compile(r"/luot-truy-cap/$")):
        page.goto("/")
    with page.expect_request(re.compile(rf"/luot-xem/{article.pk}/$")):
        page.goto(article.get_absolute_url())
    assert [re.sub(r"^https?://[^/]+", "", url) for url in beacons] == [
        "/luot-truy-cap/", f"/luot-xem/{article.pk}/",
    ]  # fmt: skip  # one beacon a page
    block = page.locator(".visit-stats")
    with page.expect_response(re.compile(r"/thong-ke-truy-cap/so-lieu\.json$")):
        block.scroll_into_view_if_needed()
    expect(block.locator(".visit-figures")).to_be_visible()
    expect(block.locator('[data-stat="today"]')).to_have_text("1.234")  # 1233 + this reader
    expect(block.locator('[data-stat="online"]')).to_have_text("1")
    expect(block.locator('[data-stat="total"]')).to_have_text("1.234")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    block.screenshot(path=str(SCREENSHOTS / "visit-stats-phone.png"))
    visits.counter.flush()
    views_count.buffer.flush()
    row = SiteVisitDay.objects.get(day=timezone.localdate())
    assert (row.visits, row.page_views) == (1234, 4002)
    article.refresh_from_db()
    assert article.view_count == 1


def test_without_javascript_the_block_is_a_link_to_the_statistics_page(new_context):
    SiteVisitDay.objects.create(day=timezone.localdate(), visits=1233, page_views=4000)
    page = new_context(java_script_enabled=False, user_agent=READER).new_page()
    page.goto("/")
    block = page.locator(".visit-stats")
    expect(block.locator(".visit-figures")).to_be_hidden()
    block.get_by_role("link", name="Xem thống kê truy cập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thống kê truy cập")
    today = page.get_by_role("row", name=re.compile("^Hôm nay"))
    expect(today).to_contain_text("1.233")

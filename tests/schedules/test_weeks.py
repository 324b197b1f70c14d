"""Weeks are ISO 8601 weeks in local time (Asia/Ho_Chi_Minh): "this week" rolls over on Monday
00:00 local time, not UTC, and the links between weeks are right across a year boundary."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from news.schedules.weeks import Week, next_midnight
from tests.schedules.factories import ItemFactory, WeekFactory

pytestmark = pytest.mark.django_db


def test_iso_weeks_across_a_year_boundary():
    # 2026 has 53 ISO weeks (1 January 2026 is a Thursday); 2027 has 52.
    last = Week.from_iso(2026, 53)
    assert last.monday == date(2026, 12, 28) and last.sunday == date(2027, 1, 3)
    assert last.next() == Week.from_iso(2027, 1)
    assert Week.from_iso(2027, 1).monday == date(2027, 1, 4)
    assert Week.from_iso(2027, 1).previous() == last
    assert Week.from_iso(2027, 53) is None and Week.from_iso(2026, 0) is None
    # 29/12/2025 already belongs to 2026-W01.
    assert Week.of(date(2025, 12, 29)) == Week.from_iso(2026, 1)
    assert (Week.from_iso(2026, 1).year, Week.from_iso(2026, 1).number) == (2026, 1)


def test_the_week_page_links_the_weeks_around_it_across_the_new_year(client):
    html = client.get("/lich-cong-tac/2026/tuan-53/").content.decode()
    assert "28/12/2026" in html and "03/01/2027" in html
    assert 'href="/lich-cong-tac/2026/tuan-52/" rel="prev"' in html
    assert 'href="/lich-cong-tac/2027/tuan-1/" rel="next"' in html
    html = client.get("/lich-cong-tac/2027/tuan-1/").content.decode()
    assert 'href="/lich-cong-tac/2026/tuan-53/" rel="prev"' in html
    assert 'href="/lich-cong-tac/2027/tuan-2/" rel="next"' in html
    # 2025 has 52 weeks: its last week links to 2026-W01.
    html = client.get("/lich-cong-tac/2025/tuan-52/").content.decode()
    assert 'href="/lich-cong-tac/2026/tuan-1/" rel="next"' in html


def test_this_week_rolls_over_at_monday_midnight_local_time_not_utc(client):
    old = WeekFactory(starts_on=date(2026, 12, 28), publish_at=datetime(2026, 12, 20, tzinfo=UTC))
    new = WeekFactory(starts_on=date(2027, 1, 4), publish_at=datetime(2026, 12, 20, tzinfo=UTC))
    ItemFactory(week=old, day=6, content="Trực lãnh đạo ngày Chủ nhật cuối năm")
    ItemFactory(week=new, content="Họp giao ban đầu năm 2027")
    # Sunday 3 January 2027, 23:59 in Hà Nội (16:59 UTC): still 2026-W53.
    with time_machine.travel(datetime(2027, 1, 3, 16, 59, tzinfo=UTC), tick=False):
        html = client.get("/lich-cong-tac/").content.decode()
    assert "Trực lãnh đạo ngày Chủ nhật cuối năm" in html and "Tuần 53/2026" in html
    assert "Họp giao ban đầu năm 2027" not in html
    # Monday 00:00 in Hà Nội is still Sunday 17:00 UTC: the new week already.
    with time_machine.travel(datetime(2027, 1, 3, 17, 0, tzinfo=UTC), tick=False):
        html = client.get("/lich-cong-tac/").content.decode()
    assert "Họp giao ban đầu năm 2027" in html and "Tuần 1/2027" in html
    assert 'href="/lich-cong-tac/2026/tuan-53/" rel="prev"' in html


def test_today_is_marked_in_local_time(client):
    week = WeekFactory(starts_on=date(2027, 1, 4))
    ItemFactory(week=week, day=1)  # Tuesday 5 January
    # 4 January 2027, 18:00 UTC is Tuesday 01:00 in Hà Nội.
    with time_machine.travel(datetime(2027, 1, 4, 18, 0, tzinfo=UTC), tick=False):
        html = client.get("/lich-cong-tac/").content.decode()
    tuesday = html.split('id="ngay-2027-01-05"', 1)[1].split("</tbody>", 1)[0]
    assert "Hôm nay" in tuesday
    assert "Hôm nay" not in html.split('id="ngay-2027-01-05"', 1)[0].split("<table", 1)[1]


def test_next_midnight_is_local():
    # 2027-01-03 16:59 UTC is 23:59 local: the next midnight is one minute away.
    moment = next_midnight(datetime(2027, 1, 3, 16, 59, tzinfo=UTC))
    assert moment == datetime(2027, 1, 3, 17, 0, tzinfo=UTC)
    assert next_midnight(moment) == moment + timedelta(days=1)


@pytest.mark.parametrize(
    "url",
    [
        "/lich-cong-tac/2026/tuan-60/",
        "/lich-cong-tac/2026/tuan-0/",
        "/lich-cong-tac/2027/tuan-53/",
        "/lich-cong-tac/99999/tuan-1/",
        "/lich-cong-tac/1999/tuan-1/",
        "/lich-cong-tac/2101/tuan-1/",
        "/lich-cong-tac/abcd/tuan-1/",
        "/lich-cong-tac/2026/tuan-ab/",
        "/lich-cong-tac/2026/tuan-123/",
        "/lich-cong-tac/2026/tuan-60/in/",
        "/lich-tiep-cong-dan/2026/tuan-54/",
        "/lich-tiep-cong-dan/99999/tuan-1/in/",
    ],
)
def test_bad_weeks_are_404_not_500(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert 'role="search"' in response.content.decode()


@pytest.mark.parametrize(
    ("url", "to"),
    [
        ("/lich-cong-tac/2026/tuan-07/", "/lich-cong-tac/2026/tuan-7/"),
        ("/lich-cong-tac/2026/tuan-007/", "/lich-cong-tac/2026/tuan-7/"),
        ("/lich-cong-tac/2026/tuan-0053/", "/lich-cong-tac/2026/tuan-53/"),
        ("/lich-cong-tac/2026/tuan-053/in/", "/lich-cong-tac/2026/tuan-53/in/"),
        ("/lich-tiep-cong-dan/2026/tuan-07/in/", "/lich-tiep-cong-dan/2026/tuan-7/in/"),
    ],
)
def test_a_week_written_with_leading_zeros_redirects_to_its_address(client, url, to):
    response = client.get(url)
    assert response.status_code == 301 and response["Location"] == to


@pytest.mark.parametrize("url", ["/lich-cong-tac/2026/tuan-000/", "/lich-cong-tac/2027/tuan-053/"])
def test_leading_zeros_on_a_week_that_does_not_exist_are_a_404(client, url):
    assert client.get(url).status_code == 404

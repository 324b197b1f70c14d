"""The schedules' pages in the whole-page cache: an edit shows at once; the cached "this week"
page never outlives Monday 00:00 local time (nor "today" its midnight); a week published at a
set time appears on time."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from news.schedules.models import ScheduleWeek
from tests.schedules.factories import ItemFactory, WeekFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def test_an_edit_shows_at_once_on_cached_pages(client):
    item = ItemFactory(content="Họp giao ban")
    for url in ("/lich-cong-tac/", item.week.get_absolute_url(), "/lich-cong-tac/lich.ics"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    item.content = "Họp giao ban mở rộng"
    item.save()
    for url in ("/lich-cong-tac/", item.week.get_absolute_url(), "/lich-cong-tac/lich.ics"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Họp giao ban mở rộng" in response.content.decode(), url


def test_publishing_or_deleting_a_week_shows_at_once(client):
    week = WeekFactory(status="draft")
    ItemFactory(week=week, content="Hội nghị chuyển đổi số")
    assert "Hội nghị chuyển đổi số" not in client.get("/lich-cong-tac/").content.decode()
    week.status = ScheduleWeek.Status.PUBLISHED
    week.save()
    assert "Hội nghị chuyển đổi số" in client.get("/lich-cong-tac/").content.decode()
    week.delete()
    assert "Hội nghị chuyển đổi số" not in client.get("/lich-cong-tac/").content.decode()


def test_the_cached_this_week_page_rolls_over_at_monday_midnight_local_time(client):
    published = datetime(2026, 12, 20, tzinfo=UTC)
    old = WeekFactory(starts_on=date(2026, 12, 28), publish_at=published)
    new = WeekFactory(starts_on=date(2027, 1, 4), publish_at=published)
    ItemFactory(week=old, day=4, content="Tổng kết năm 2026")
    ItemFactory(week=new, day=0, start_time=time(8), content="Họp giao ban đầu năm 2027")
    # Sunday 3 January 2027, 23:55 in Hà Nội: the page is cached (ten minutes at most would
    # outlive midnight).
    with time_machine.travel(datetime(2027, 1, 3, 16, 55, tzinfo=UTC), tick=False) as clock:
        assert "Tổng kết năm 2026" in client.get("/lich-cong-tac/").content.decode()
        assert client.get("/lich-cong-tac/")["X-Page-Cache"] == "hit"
        # One second after midnight local time, nothing has been saved meanwhile.
        clock.move_to(datetime(2027, 1, 3, 17, 0, 1, tzinfo=UTC))
        html = client.get("/lich-cong-tac/").content.decode()
    assert "Họp giao ban đầu năm 2027" in html and "Tổng kết năm 2026" not in html


def test_a_week_published_at_a_set_time_appears_on_time(client):
    now = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(now, tick=False) as clock:
        week = WeekFactory(publish_at=now + timedelta(minutes=3))
        ItemFactory(week=week, content="Lịch công bố lúc hẹn")
        assert "Lịch công bố lúc hẹn" not in client.get("/lich-cong-tac/").content.decode()
        clock.shift(timedelta(minutes=3, seconds=1))
        assert "Lịch công bố lúc hẹn" in client.get("/lich-cong-tac/").content.decode()

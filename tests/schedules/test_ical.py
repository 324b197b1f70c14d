"""The iCalendar feeds, parsed back with icalendar: one event per item with a UID that never
changes, times in Asia/Ho_Chi_Minh, SEQUENCE raised by each change, STATUS:CANCELLED for
items called off; drafts never in it."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from news.schedules.models import ScheduleWeek
from tests.schedules.factories import ItemFactory, WeekFactory, official

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def events(client, url="/lich-cong-tac/lich.ics"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar.get("PRODID")
    found = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == (["Asia/Ho_Chi_Minh"] if found else [])
    return found


def test_items_become_events_in_local_time(client):
    week = WeekFactory()
    meeting = ItemFactory(
        week=week, day=1, start_time=time(8), end_time=time(11, 30),
        official=official("Trần Văn Minh", "Giám đốc", 1), person="",
        content="Họp Ban Chỉ đạo chuyển đổi số", place="Hội trường UBND tỉnh",
        participants="Các phòng chuyên môn", host="Giám đốc Sở",
    )  # fmt: skip
    moment = ItemFactory(week=week, day=2, start_time=time(14), content="Tiếp đoàn công tác")
    found = events(client)
    assert set(found) == {f"lich-cong-tac-{meeting.pk}@127.0.0.1",
                          f"lich-cong-tac-{moment.pk}@127.0.0.1"}  # fmt: skip
    event = found[f"lich-cong-tac-{meeting.pk}@127.0.0.1"]
    day = week.starts_on + timedelta(days=1)
    start, end = event["DTSTART"], event["DTEND"]
    assert start.params["TZID"] == "Asia/Ho_Chi_Minh" and end.params["TZID"] == "Asia/Ho_Chi_Minh"
    assert start.dt == datetime(day.year, day.month, day.day, 8, 0, tzinfo=HANOI)
    assert end.dt == datetime(day.year, day.month, day.day, 11, 30, tzinfo=HANOI)
    assert start.dt.utcoffset() == timedelta(hours=7)
    assert str(event["SUMMARY"]) == "Họp Ban Chỉ đạo chuyển đổi số"
    assert str(event["LOCATION"]) == "Hội trường UBND tỉnh"
    assert "Trần Văn Minh, Giám đốc" in str(event["DESCRIPTION"])
    assert "Thành phần: Các phòng chuyên môn" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED" and event["SEQUENCE"] == 0
    assert str(event["URL"]).endswith(f"{week.get_absolute_url()}#lich-{meeting.pk}")
    assert "DURATION" not in event  # DTEND or DURATION, never both (RFC 5545)
    # No end time: an hour (ical.OPEN_ENDED), so that calendars show the event at all.
    open_ended = found[f"lich-cong-tac-{moment.pk}@127.0.0.1"]
    assert "DTEND" not in open_ended
    assert open_ended["DURATION"].dt == timedelta(hours=1)
    assert open_ended["DTSTART"].dt.time() == time(14)


def test_a_change_keeps_the_uid_and_raises_the_sequence(client):
    item = ItemFactory(start_time=time(8))
    uid = f"lich-cong-tac-{item.pk}@127.0.0.1"
    assert events(client)[uid]["SEQUENCE"] == 0
    item.start_time = time(9, 30)
    item.save()
    event = events(client)[uid]
    assert event["SEQUENCE"] == 1 and event["DTSTART"].dt.time() == time(9, 30)
    item.state = item.State.CANCELLED
    item.save()
    event = events(client)[uid]
    assert event["SEQUENCE"] == 2
    assert str(event["STATUS"]) == "CANCELLED" and str(event["SUMMARY"]).startswith("[Hủy]")
    # Saving without a change leaves the sequence alone.
    item.save()
    assert events(client)[uid]["SEQUENCE"] == 2


def test_a_postponed_item_is_cancelled_in_calendars(client):
    item = ItemFactory(state="postponed", content="Hội thảo an toàn thông tin")
    event = events(client)[f"lich-cong-tac-{item.pk}@127.0.0.1"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "[Hoãn] Hội thảo an toàn thông tin"


def test_each_schedule_has_its_own_feed_and_drafts_stay_out(client):
    work = ItemFactory(content="Họp giao ban")
    reception = ItemFactory(
        week=WeekFactory(kind=ScheduleWeek.Kind.RECEPTION), content="", person="Chánh Thanh tra"
    )
    ItemFactory(week=WeekFactory(status="draft", starts_on=work.week.starts_on + timedelta(7)))
    assert set(events(client)) == {f"lich-cong-tac-{work.pk}@127.0.0.1"}
    found = events(client, "/lich-tiep-cong-dan/lich.ics")
    assert set(found) == {f"lich-tiep-cong-dan-{reception.pk}@127.0.0.1"}
    summary = str(found[f"lich-tiep-cong-dan-{reception.pk}@127.0.0.1"]["SUMMARY"])
    assert summary == "Tiếp công dân định kỳ: Chánh Thanh tra"


def test_an_empty_feed_is_still_a_calendar(client):
    assert events(client) == {}

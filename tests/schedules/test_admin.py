"""Editors enter a week quickly in the admin: a week with inline rows, checked with Vietnamese
messages (nothing half saved), copied from last week as a draft, published by an approver;
once on the site, only approvers change items, every change is marked, nothing is deleted."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry

from news.schedules.models import ScheduleItem, ScheduleWeek
from news.schedules.weeks import Week
from portal import roles
from tests.helpers import person
from tests.schedules.factories import ItemFactory, WeekFactory, official

pytestmark = pytest.mark.django_db

ADD = "/admin/news/scheduleweek/add/"
LIST = "/admin/news/scheduleweek/"
FIELDS = ["date", "start_time", "end_time", "official", "unit", "person", "content", "place",
          "participants", "host", "preparing", "state"]  # fmt: skip


@pytest.fixture
def editor():
    return person("vanphong", roles.EDITOR)


@pytest.fixture
def approver():
    return person("chanhvanphong", roles.APPROVER)


def change_url(week):
    return f"/admin/news/scheduleweek/{week.pk}/change/"


def row(**values):
    data = dict.fromkeys(FIELDS, "")
    data.update(date="0", start_time="08:00", person="Lãnh đạo Sở", content="Họp giao ban",
                state="scheduled")  # fmt: skip
    data.update(values)
    return data


def existing(item, **changes):
    values = dict.fromkeys(FIELDS, "")
    values.update(
        date=str(item.date.weekday()), start_time=f"{item.start_time:%H:%M}",
        end_time=f"{item.end_time:%H:%M}" if item.end_time else "",
        official=str(item.official_id or ""), unit=str(item.unit_id or ""),
        person=item.person, content=item.content, place=item.place,
        participants=item.participants, host=item.host, preparing=item.preparing,
        state=item.state, id=str(item.pk), week=str(item.week_id),
    )  # fmt: skip
    values.update(changes)
    return values


def week_data(monday=None, kind="work", rows=(), initial=0, **extra) -> dict:
    monday = monday or Week.current().monday + timedelta(days=7)
    data = {
        "kind": kind, "starts_on": f"{monday:%d/%m/%Y}", "note": "",
        "publish_at_0": "", "publish_at_1": "", "unpublish_at_0": "", "unpublish_at_1": "",
        "workflow_note": "",
        "items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for index, values in enumerate(rows):
        for name, value in values.items():
            data[f"items-{index}-{name}"] = value
    data.update(extra)
    return data


def test_an_approver_enters_a_week_and_publishes_it_at_once(client, approver):
    leader = official("Trần Văn Minh", "Giám đốc", 1)
    client.force_login(approver)
    assert client.get(ADD).status_code == 200
    # Any day of the week will do: the week is stored from its Monday.
    thursday = Week.current().monday + timedelta(days=10)
    data = week_data(thursday, rows=[
        row(official=str(leader.pk), person="", end_time="11:30", place="Phòng họp số 1"),
        row(date="2", start_time="14h00", content="Làm việc với Bưu điện tỉnh"),
    ], _publish="1")  # fmt: skip
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    week = ScheduleWeek.objects.get()
    assert week.starts_on == thursday - timedelta(days=3) and week.is_public
    assert week.created_by == approver
    first, second = week.items.all()
    assert first.date == week.starts_on and first.official == leader
    assert f"{first.start_time:%H:%M}-{first.end_time:%H:%M}" == "08:00-11:30"
    assert second.date == week.starts_on + timedelta(days=2)
    assert f"{second.start_time:%H:%M}" == "14:00"
    # Published together with the week: nothing to mark as changed.
    assert not first.changed_at and not second.changed_at and not second.added_late
    assert "Điều chỉnh" not in client.get(week.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"start_time": "09:00", "end_time": "08:00"},
         "Giờ kết thúc (08:00) phải sau giờ bắt đầu (09:00)."),
        ({"start_time": "09:00", "end_time": "09:00"},
         "Giờ kết thúc (09:00) phải sau giờ bắt đầu (09:00)."),
        ({"start_time": ""}, "Hãy nhập giờ bắt đầu, ví dụ 08:00."),
        ({"start_time": "tám giờ"}, "Giờ bắt đầu viết dạng 08:00, 8h, 8h30 hoặc 8 giờ 30."),
        ({"start_time": "25h"}, "Giờ bắt đầu viết dạng 08:00, 8h, 8h30 hoặc 8 giờ 30."),
        ({"end_time": "11h75"}, "Giờ kết thúc viết dạng 11:30, 11h, 11h30 hoặc 11 giờ."),
        ({"date": ""}, "Hãy chọn ngày trong tuần."),
        ({"person": ""}, "Hãy chọn lãnh đạo (cán bộ) hoặc đơn vị, hoặc ghi tên người, đơn vị"),
        ({"content": ""}, "Hãy ghi nội dung công việc."),
    ],
)  # fmt: skip
def test_a_bad_row_is_refused_in_vietnamese_and_nothing_is_saved(client, editor, values, message):
    client.force_login(editor)
    response = client.post(ADD, week_data(rows=[row(date="1"), row(**values)], _save="1"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ScheduleWeek.objects.exists() and not ScheduleItem.objects.exists()


def test_the_same_week_twice_is_refused_with_a_link_to_it(client, editor):
    there = WeekFactory(status="draft", starts_on=Week.current().monday + timedelta(days=7))
    client.force_login(editor)
    response = client.post(ADD, week_data(rows=[row()], _save="1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{there} đã có trong danh sách." in page
    assert f'<a href="{change_url(there)}">Mở tuần đã có để sửa</a>' in page
    assert "Lịch này đã có tuần đó" not in page  # said once
    assert ScheduleWeek.objects.count() == 1 and not ScheduleItem.objects.exists()
    # The other schedule's same week is another week.
    response = client.post(ADD, week_data(kind="reception", rows=[row()], _save="1"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("11h", "11:00"), ("11g", "11:00"), ("11 giờ", "11:00"), ("11 GIỜ 30", "11:30"),
     ("11h30", "11:30"), ("11g30", "11:30"), ("11 giờ 30 phút", "11:30"), ("7h05", "07:05"),
     ("11:30", "11:30"), (" 9H ", "09:00")],
)  # fmt: skip
def test_times_as_the_office_writes_them(client, editor, typed, shown):
    client.force_login(editor)
    response = client.post(
        ADD, week_data(rows=[row(start_time="07:00", end_time=typed)], _save="1")
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert f"{ScheduleItem.objects.get().end_time:%H:%M}" == shown


def test_an_editor_writes_a_draft_and_cannot_publish(client, editor):
    client.force_login(editor)
    response = client.post(ADD, week_data(rows=[row()], _submit="1"))
    assert response.status_code == 302
    week = ScheduleWeek.objects.get()
    assert week.status == "review" and not week.is_public
    assert client.post(change_url(week), week_data(_publish="1")).status_code == 403


def test_copy_last_week_into_an_empty_draft(client, editor):
    this_week = WeekFactory()
    ItemFactory(week=this_week, day=0, content="Họp giao ban đầu tuần", host="Giám đốc Sở")
    ItemFactory(week=this_week, day=4, content="Tiếp công dân định kỳ", person="Giám đốc Sở")
    ItemFactory(week=this_week, day=2, content="Hội nghị đã hủy", state="cancelled")
    client.force_login(editor)
    client.post(ADD, week_data(rows=[], _save="1"))
    target = ScheduleWeek.objects.get(starts_on=this_week.starts_on + timedelta(days=7))
    page = client.get(change_url(target)).content.decode()
    assert "Chép lịch tuần trước" in page
    copy_url = f"/admin/news/scheduleweek/{target.pk}/chep-tuan-truoc/"
    assert client.get(copy_url).status_code == 405
    response = client.post(copy_url, follow=True)
    assert "Đã chép 2 mục từ tuần trước" in response.content.decode()
    target.refresh_from_db()
    assert target.status == "draft" and not target.is_public
    copied = list(target.items.all())
    assert [(i.date, i.content) for i in copied] == [
        (target.starts_on, "Họp giao ban đầu tuần"),
        (target.starts_on + timedelta(days=4), "Tiếp công dân định kỳ"),
    ]
    assert copied[0].host == "Giám đốc Sở" and not copied[0].changed_at
    assert LogEntry.objects.filter(object_id=str(target.pk)).exists()
    # Once it has items, copying again is refused and changes nothing.
    response = client.post(copy_url, follow=True)
    assert "đã có lịch: không chép đè" in response.content.decode()
    assert target.items.count() == 2


def test_copy_to_the_next_week_from_the_list(client, approver):
    this_week = WeekFactory()
    ItemFactory(week=this_week, day=1, content="Kiểm tra an toàn thông tin tại các sở")
    client.force_login(approver)
    response = client.post(
        LIST, {"action": "copy_to_next_week", "_selected_action": [this_week.pk]}
    )
    target = ScheduleWeek.objects.get(starts_on=this_week.starts_on + timedelta(days=7))
    assert response.status_code == 302 and response["Location"] == change_url(target)
    assert target.status == "draft"
    assert [i.date for i in target.items.all()] == [target.starts_on + timedelta(days=1)]
    # A published next week is never copied over.
    target.status = "published"
    target.save()
    response = client.post(
        LIST, {"action": "copy_to_next_week", "_selected_action": [this_week.pk]}, follow=True
    )
    assert "đã xuất bản" in response.content.decode()
    assert target.items.count() == 1


def test_approvers_change_a_published_week_and_every_change_is_marked(client, approver):
    week = WeekFactory()
    meeting = ItemFactory(week=week, content="Họp giao ban")
    other = ItemFactory(week=week, day=1, content="Làm việc tại cơ quan")
    client.force_login(approver)
    page = client.get(change_url(week)).content.decode()
    assert "Mục không xoá được" in page and "items-0-DELETE" not in page
    data = week_data(week.starts_on, rows=[
        existing(meeting, start_time="09:30"),
        existing(other, state="postponed", DELETE="on"),
        row(date="3", content="Tiếp đoàn công tác của Bộ"),
    ], initial=2, _save="1")  # fmt: skip
    response = client.post(change_url(week), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    meeting.refresh_from_db()
    other.refresh_from_db()  # not deleted: called off
    added = week.items.get(content="Tiếp đoàn công tác của Bộ")
    assert meeting.changed_at and meeting.sequence == 1
    assert other.state == "postponed" and other.changed_at
    assert added.added_late and added.changed_at
    html = client.get(week.get_absolute_url()).content.decode()
    assert "Điều chỉnh" in html and "Hoãn" in html and "Bổ sung" in html


def test_an_editor_cannot_change_the_items_of_a_published_week(client, editor):
    week = WeekFactory(created_by=editor)
    item = ItemFactory(week=week, content="Họp giao ban")
    client.force_login(editor)
    page = client.get(change_url(week)).content.decode()
    assert "các mục chỉ người duyệt lịch sửa được" in page
    data = week_data(week.starts_on, rows=[existing(item, content="Sửa lén")], initial=1,
                     _save="1")  # fmt: skip
    client.post(change_url(week), data)
    item.refresh_from_db()
    assert item.content == "Họp giao ban" and not item.changed_at


def test_the_list_by_week_and_the_folded_search(client, editor):
    this_week = WeekFactory()
    ItemFactory(week=this_week, content="Hội nghị giảm nghèo về thông tin")
    later = WeekFactory(status="draft", starts_on=this_week.starts_on + timedelta(days=14))
    client.force_login(editor)
    html = client.get(LIST + "?tuan=nay").content.decode()
    assert change_url(this_week) in html and change_url(later) not in html
    html = client.get(LIST + "?tuan=sap-toi").content.decode()
    assert change_url(this_week) in html and change_url(later) in html
    html = client.get(LIST + "?q=giam+ngheo").content.decode()
    assert change_url(this_week) in html and change_url(later) not in html


def test_the_week_form_speaks_of_a_schedule_not_an_article(client, approver):
    client.force_login(approver)
    page = client.get(ADD).content.decode()
    assert "Gỡ lịch lúc" in page and "lịch tuần tự rời khỏi cổng" in page
    assert "bài tự rời khỏi cổng" not in page and "Gỡ bài lúc" not in page


def test_versions_compare_the_week_and_the_schedule_as_whole_values(client, editor):
    monday = Week.current().monday + timedelta(days=7)
    client.force_login(editor)
    assert client.post(ADD, week_data(monday, _save="1")).status_code == 302
    week = ScheduleWeek.objects.get()
    later = monday + timedelta(days=14)
    response = client.post(change_url(week), week_data(later, kind="reception", _save="1"))
    assert response.status_code == 302  # an empty draft moves
    first = week.pk and __import__("reversion").models.Version.objects.get_for_object(week)
    oldest = first.order_by("pk").first()
    page = client.get(change_url(week).replace("change/", "history/so-sanh/"),
                      {"a": oldest.pk}).content.decode()  # fmt: skip
    old, new = Week.of(monday), Week.of(later)
    assert (
        f"<del>Tuần {old.number}/{old.year} ({old.monday:%d/%m}–{old.sunday:%d/%m/%Y})</del> → "
        f"<ins>Tuần {new.number}/{new.year} ({new.monday:%d/%m}–{new.sunday:%d/%m/%Y})</ins>"
    ) in page
    assert "<del>Lịch công tác của lãnh đạo</del> → <ins>Lịch tiếp công dân</ins>" in page
    assert f"{monday:%Y-%m}" not in page.split('class="diff-table"', 1)[1]


def test_a_pending_change_shows_dates_whole(client, approver, editor):
    from django.contrib.contenttypes.models import ContentType

    from portal.models import PendingChange

    week = WeekFactory()
    PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(ScheduleWeek), object_id=week.pk,
        data={"unpublish_at": "2026-12-20T03:00:00Z", "note": "Lịch có thể thay đổi"},
        author=editor,
    )  # fmt: skip
    client.force_login(approver)
    page = client.get(change_url(week)).content.decode()
    table = page.split('class="diff-table"', 1)[1].split("</table>", 1)[0]
    assert "Gỡ lịch lúc" in table and "<ins>20/12/2026 10:00</ins>" in table
    assert "<ins>Lịch có thể thay đổi</ins>" in table

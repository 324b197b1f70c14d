"""Items name the record of the person in office on their day. After a change of office
(Vũ Thị Lan, Chánh Văn phòng, becomes Phó Giám đốc), the leader list of a coming week offers
her new record, not the ended one; an item after a record ended is refused with the record to
choose; the coming items follow her to the new record and a copy of last week names it; past
items keep the records of their time."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError

from news.agency.models import Position
from news.schedules.models import ScheduleItem, ScheduleWeek, copy_week
from news.schedules.weeks import Week
from portal import roles
from tests.helpers import person
from tests.schedules.factories import ItemFactory, WeekFactory, agency, division, official
from tests.schedules.test_admin import ADD, change_url, row, week_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return person("vanphong", roles.EDITOR)


@pytest.fixture
def lan():
    return official("Vũ Thị Lan", "Chánh Văn phòng", 3, unit=division())


@pytest.fixture
def monday():
    return Week.current().monday


def promote(record, on):
    deputy, _created = Position.objects.get_or_create(name="Phó Giám đốc", defaults={"order": 2})
    return record.change_office(on=on, position=deputy, unit=agency())


def options(page: str, row_index: int = 0) -> str:
    """The leader list of one row of the week's form."""
    select = page.split(f'name="items-{row_index}-official"', 1)[1]
    return select.split("</select>", 1)[0]


def test_the_leader_list_offers_whoever_is_in_office_that_week(client, editor, lan, monday):
    gone = official("Lê Văn Hưu", "Trưởng phòng", 4)
    gone.active_until = monday - timedelta(days=30)
    gone.save()
    change_day = monday + timedelta(days=9)  # Wednesday next week
    deputy = promote(lan, change_day)
    client.force_login(editor)

    def listed(week_monday):
        page = client.get(f"{ADD}?starts_on={week_monday:%d/%m/%Y}").content.decode()
        return options(page)

    this_week = listed(monday)
    assert "Vũ Thị Lan – Chánh Văn phòng<" in this_week and "Phó Giám đốc" not in this_week
    assert "Lê Văn Hưu" not in this_week  # left a month ago
    next_week = listed(monday + timedelta(days=7))
    tuesday, wednesday = change_day - timedelta(days=1), change_day
    assert f"Vũ Thị Lan – Chánh Văn phòng (đến {tuesday:%d/%m})" in next_week
    assert f"Vũ Thị Lan – Phó Giám đốc (từ {wednesday:%d/%m})" in next_week
    later = listed(monday + timedelta(days=14))
    assert f'value="{deputy.pk}">Vũ Thị Lan – Phó Giám đốc<' in later
    assert "Chánh Văn phòng" not in later
    # A saved week's page lists that week's people too.
    week = WeekFactory(status="draft", starts_on=monday + timedelta(days=14), created_by=editor)
    assert "Chánh Văn phòng" not in options(client.get(change_url(week)).content.decode())


def test_an_item_after_a_record_ended_is_refused_naming_the_current_record(
    client, editor, lan, monday
):
    deputy = promote(lan, monday + timedelta(days=7))
    week = WeekFactory(starts_on=monday + timedelta(days=14))
    item = ScheduleItem(week=week, date=week.starts_on, start_time=time(8),
                        official=lan, content="Họp giao ban Văn phòng")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    message = " ".join(refused.value.message_dict["official"])
    last_day = f"{monday + timedelta(days=6):%d/%m/%Y}"
    assert f"“Vũ Thị Lan – Chánh Văn phòng” chỉ giữ chức vụ này đến hết ngày {last_day}" in message
    assert "Hãy chọn “Vũ Thị Lan – Phó Giám đốc”." in message
    item.official = deputy
    item.full_clean()
    # And in the admin: said beside the row, nothing saved.
    client.force_login(editor)
    data = week_data(monday + timedelta(days=21), rows=[row(official=str(lan.pk), person="")],
                     _save="1")  # fmt: skip
    response = client.post(ADD, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy chọn “Vũ Thị Lan – Phó Giám đốc”." in page
    assert f'<option value="{lan.pk}" selected>' in options(page)  # the row shows her choice
    assert ScheduleWeek.objects.count() == 1


def test_before_a_record_started_and_after_leaving(lan, monday):
    deputy = promote(lan, monday + timedelta(days=7))
    week = WeekFactory()
    early = ScheduleItem(week=week, date=monday, start_time=time(8),
                         official=deputy, content="Họp giao ban")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        early.full_clean()
    message = " ".join(refused.value.message_dict["official"])
    assert "giữ chức vụ này từ ngày" in message
    assert "Hãy chọn “Vũ Thị Lan – Chánh Văn phòng”." in message
    deputy.active_until = monday + timedelta(days=8)
    deputy.save()
    later = WeekFactory(starts_on=monday + timedelta(days=14))
    late = ScheduleItem(week=later, date=later.starts_on, start_time=time(8),
                        official=deputy, content="Họp giao ban")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        late.full_clean()
    assert "Hãy chọn người đang giữ chức vụ, hoặc ghi tên vào ô “người, đơn vị khác”." in str(
        refused.value
    )


def test_coming_items_follow_a_change_of_office_and_past_ones_stay(client, lan, monday):
    this_week = WeekFactory()
    past = ItemFactory(week=this_week, day=0, official=lan, person="", content="Giao ban")
    coming_week = WeekFactory(starts_on=monday + timedelta(days=14))
    coming = ItemFactory(week=coming_week, day=1, official=lan, person="",
                         content="Làm việc với Bưu điện tỉnh")  # fmt: skip
    deputy = promote(lan, monday + timedelta(days=7))
    past.refresh_from_db()
    coming.refresh_from_db()
    assert past.official == lan  # history
    assert coming.official == deputy and coming.sequence == 1 and not coming.changed_at
    html = client.get(coming_week.get_absolute_url()).content.decode()
    assert "Vũ Thị Lan, Phó Giám đốc" in html and "Chánh Văn phòng" not in html
    assert "Điều chỉnh" not in html  # the schedule itself did not change
    assert "Vũ Thị Lan, Chánh Văn phòng" in client.get("/lich-cong-tac/").content.decode()


def test_copying_last_week_names_the_records_in_office(client, editor, lan, monday):
    source = WeekFactory()
    ItemFactory(week=source, day=0, official=lan, person="", content="Giao ban Văn phòng")
    gone = official("Lê Văn Hưu", "Trưởng phòng", 4)
    ItemFactory(week=source, day=1, official=gone, person="", content="Kiểm tra bưu chính")
    ItemFactory(week=source, day=2, person="Thanh tra tỉnh", content="Thanh tra công vụ")
    next_monday = monday + timedelta(days=7)
    deputy = promote(lan, next_monday)
    gone.active_until = next_monday - timedelta(days=1)
    gone.save()
    client.force_login(editor)
    target = WeekFactory(status="draft", starts_on=next_monday, created_by=editor)
    response = client.post(f"/admin/news/scheduleweek/{target.pk}/chep-tuan-truoc/", follow=True)
    page = response.content.decode()
    assert "Đã chép 3 mục từ tuần trước" in page
    assert "Đã đổi sang chức vụ đang giữ trong" in page and "Vũ Thị Lan – Phó Giám đốc" in page
    assert "Không còn giữ chức vụ trong" in page and "Lê Văn Hưu – Trưởng phòng" in page
    first, second, third = target.items.all()
    assert first.official == deputy
    assert second.official is None and second.person == "Lê Văn Hưu"
    assert third.official is None and third.person == "Thanh tra tỉnh"
    for item in (first, second, third):
        item.full_clean()  # every copy passes the rules
    # The source week keeps its records.
    assert source.items.filter(official=lan).count() == 1


def test_copy_week_reports_in_code_too(lan, monday):
    source = WeekFactory()
    ItemFactory(week=source, day=3, official=lan, person="", content="Giao ban")
    promote(lan, monday + timedelta(days=8))
    result = copy_week(source, monday + timedelta(days=7))
    assert result.count == 1 and result.repointed == ["Vũ Thị Lan – Phó Giám đốc"]
    assert result.unlisted == []

"""An editor enters a week in the admin at 1280 px: every item's fields fit the screen (no
sideways scrolling), the secondary ones folded under each row, and the week is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from news.schedules.models import ScheduleWeek
from news.schedules.weeks import Week
from portal import roles
from tests.factories import UserFactory
from tests.schedules.factories import ItemFactory, WeekFactory, official

from .tools import DESKTOP, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(transactional_db):
    user = UserFactory(username="vanphong", is_staff=True, email="vanphong@example.gov.vn")
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    return user


def page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_an_editor_enters_a_week_without_sideways_scrolling(editor, new_context, screenshot_dir):
    official("Trần Văn Minh", "Giám đốc", 1)
    context = new_context(viewport=DESKTOP)
    page = log_in(context, "vanphong")
    page.goto("/admin/news/scheduleweek/add/")
    assert page_width(page) <= DESKTOP["width"]
    # The first row: day, times, who and what at a glance, the rest folded.
    page.select_option("#id_items-0-date", label="Thứ hai")
    page.fill("#id_items-0-start_time", "8h")
    page.fill("#id_items-0-end_time", "11 giờ 30")
    page.select_option("#id_items-0-official", label="Trần Văn Minh – Giám đốc")
    page.fill("#id_items-0-content", "Giao ban lãnh đạo Sở đầu tuần")
    page.fill("#id_items-0-place", "Phòng họp tầng 3")
    participants = page.locator("#id_items-0-participants")
    assert not participants.is_visible()  # folded
    page.locator("#items-0 summary").click()
    participants.fill("Các Phó Giám đốc; Trưởng các phòng")
    for box in ("date", "start_time", "official", "content", "place", "participants"):
        right = page.locator(f"#id_items-0-{box}").evaluate("e => e.getBoundingClientRect().right")
        assert right <= DESKTOP["width"], box
    assert page_width(page) <= DESKTOP["width"]
    page.screenshot(path=str(screenshot_dir / "schedule-admin-1280.png"), full_page=True)
    page.locator("[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("được thêm vào thành công")
    item = ScheduleWeek.objects.get().items.get()
    assert f"{item.start_time:%H:%M}–{item.end_time:%H:%M}" == "08:00–11:30"
    assert item.participants == "Các Phó Giám đốc; Trưởng các phòng"


def test_a_published_weeks_form_fits_too(editor, new_context):
    week = WeekFactory(starts_on=Week.current().monday + timedelta(days=7), created_by=editor)
    for day in range(5):
        ItemFactory(week=week, day=day, content="Làm việc tại cơ quan " * 6,
                    participants="Các phòng chuyên môn")  # fmt: skip
    page = log_in(new_context(viewport=DESKTOP), "vanphong")
    page.goto(f"/admin/news/scheduleweek/{week.pk}/change/")
    expect(page.get_by_text("Tuần và loại lịch đã cố định")).to_be_visible()
    assert page_width(page) <= DESKTOP["width"]

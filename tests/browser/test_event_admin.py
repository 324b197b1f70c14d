"""An administrator records a training in the admin with its speakers, topics and groups."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from news.models import Programme, TrainingEvent
from tests.factories import UserFactory

from .test_editor_flow import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registrar(transactional_db):
    Programme.objects.create(
        short_name="Giảm nghèo bền vững",
        name="Chương trình giảm nghèo bền vững",
        period="2016–2020",
    )
    return UserFactory(username="quantri", is_staff=True, is_superuser=True, password=PASSWORD)


def add_inline_row(page, prefix):
    """Django's "Thêm ..." link under a tabular inline; returns the new row's index."""
    total = page.locator(f"#id_{prefix}-TOTAL_FORMS")
    before = int(total.input_value())
    page.locator(f"#{prefix}-group .add-row a").click()
    expect(total).to_have_value(str(before + 1))
    return before


def test_admin_enters_an_event_with_inlines_and_citizens_see_it(page, new_context, registrar):
    log_in(page, "quantri")
    page.goto("/admin/news/trainingevent/add/")
    page.locator("#id_title").press_sequentially("Đào tạo: truyền thông và giảm nghèo")
    expect(page.locator("#id_slug")).to_have_value("dao-tao-truyen-thong-va-giam-ngheo")
    page.fill("#id_title", "Tập huấn truyền thông và giảm nghèo về thông tin")
    page.fill("#id_start_0", "28/09/2017")
    page.fill("#id_start_1", "08:00")
    page.fill("#id_end_0", "28/09/2017")
    page.fill("#id_end_1", "16:30")
    page.fill("#id_place", "Hội trường Sở Thông tin và Truyền thông")
    page.select_option("#id_programmes_from", label="Giảm nghèo bền vững (2016–2020)")
    page.locator("#id_programmes_add").click()
    page.select_option("#id_status", "held")
    page.fill("#id_participants_total", "630")

    row = add_inline_row(page, "speakers")
    page.fill(f"#id_speakers-{row}-name", "Nguyễn Ngọc Hải")
    page.fill(f"#id_speakers-{row}-position", "Phó Vụ trưởng Vụ Kế hoạch – Tài chính")
    page.fill(f"#id_speakers-{row}-organisation", "Bộ Thông tin và Truyền thông")
    page.select_option(f"#id_speakers-{row}-role", "presented")
    row = add_inline_row(page, "topics")
    page.fill(f"#id_topics-{row}-title", "Quản lý tài chính dự án giảm nghèo về thông tin")
    row = add_inline_row(page, "groups")
    page.fill(f"#id_groups-{row}-name", "Cán bộ Đài Truyền thanh cấp xã")
    page.fill(f"#id_groups-{row}-count", "700")  # more than the total: refused

    page.locator("input[name=_save]").click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("#groups-group")).to_contain_text("vượt quá tổng số học viên")
    # Nothing typed is lost.
    expect(page.locator("#id_title")).to_have_value(
        "Tập huấn truyền thông và giảm nghèo về thông tin"
    )
    expect(page.locator("#id_speakers-0-name")).to_have_value("Nguyễn Ngọc Hải")
    assert TrainingEvent.objects.count() == 0

    page.fill("#id_groups-0-count", "300")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    event = TrainingEvent.objects.get()
    assert event.speakers.get().name == "Nguyễn Ngọc Hải"
    assert event.groups.get().count == 300
    assert event.programmes.get().short_name == "Giảm nghèo bền vững"

    visitor = new_context().new_page()
    visitor.goto(event.get_absolute_url())
    expect(visitor.locator("h1")).to_have_text("Tập huấn truyền thông và giảm nghèo về thông tin")
    expect(visitor.locator("main")).to_contain_text("Thứ năm, 28/09/2017 08:00")
    expect(visitor.locator("main")).to_contain_text("Nguyễn Ngọc Hải")
    expect(visitor.locator("main")).to_contain_text("Cán bộ Đài Truyền thanh cấp xã")
    visitor.goto("/tap-huan/thong-ke/")
    expect(visitor.locator("table").first).to_contain_text("630")
    assert re.search(r"<svg", visitor.content())

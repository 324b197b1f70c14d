"""The week's schedule in Chromium: stacked days on a 375 px phone, a table at 1280 px, and
printed (print stylesheet) on one A4 page without the header, menu, sidebar or footer."""

from __future__ import annotations

import io
from datetime import time

import pytest
from pypdf import PdfReader

from news.demo.schedules import load_schedules
from news.schedules.models import ScheduleWeek
from news.schedules.weeks import Week
from tests.schedules.factories import ItemFactory

from .tools import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

CHROME = [".site-header", ".main-nav", ".sidebar", ".site-footer", ".breadcrumb",
          ".schedule-nav", ".schedule-tools", ".skip-link"]  # fmt: skip


@pytest.fixture
def busy_week(transactional_db):
    """The demo's week (eight items over five days) and four more: a full working week."""
    load_schedules()
    week = ScheduleWeek.objects.get(kind="work", starts_on=Week.current().monday)
    extra = [
        (0, time(16), "Duyệt nội dung Bản tin chuyển đổi số tháng"),
        (1, time(14), "Họp Hội đồng thẩm định dự án ứng dụng công nghệ thông tin của tỉnh"),
        (3, time(16), "Làm việc với doanh nghiệp viễn thông về phủ sóng vùng lõm"),
        (4, time(8), "Tiếp và làm việc với Đoàn kiểm tra của Bộ về an toàn thông tin"),
    ]
    for day, start, content in extra:
        ItemFactory(week=week, day=day, start_time=start, content=content,
                    participants="Các phòng chuyên môn liên quan", place="Trụ sở Sở")  # fmt: skip
    return week


def display(page, selector: str) -> str | None:
    return page.evaluate(
        "s => { const e = document.querySelector(s); return e && getComputedStyle(e).display }",
        selector,
    )


def pdf_pages(page, path) -> int:
    pdf = page.pdf(format="A4", print_background=True)
    path.write_bytes(pdf)  # to look at
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("address", ["/lich-cong-tac/", "print"])
def test_this_week_prints_on_one_a4_page_without_the_chrome(
    address, busy_week, new_context, screenshot_dir
):
    if address == "print":
        address = busy_week.get_absolute_url() + "in/"
    page = new_context(viewport=DESKTOP).new_page()
    assert page.goto(address).status == 200
    assert display(page, ".site-header") != "none"  # on screen, the portal as usual
    page.emulate_media(media="print")
    for selector in CHROME:
        assert display(page, selector) in (None, "none"), selector
    assert display(page, ".schedule-table") == "table"
    assert display(page, ".schedule-table tr.schedule-item") == "table-row"
    assert page.get_by_text("Họp Ban Chỉ đạo chuyển đổi số tỉnh").is_visible()
    name = "schedule-print-view" if address.endswith("/in/") else "schedule-week-printed"
    assert pdf_pages(page, screenshot_dir / f"{name}.pdf") == 1


def test_days_stack_on_a_phone_and_form_a_table_on_a_desktop(
    busy_week, new_context, screenshot_dir
):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/lich-cong-tac/")
    assert display(page, ".schedule-table tr.schedule-item") == "block"
    assert display(page, ".schedule-table td.col-place") == "block"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    # Each value says what it is where the column headings are gone.
    label = page.evaluate(
        "() => getComputedStyle(document.querySelector('td.col-place'), '::before').content"
    )
    assert "Địa điểm" in label
    page.screenshot(path=str(screenshot_dir / "schedule-375.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.goto("/lich-cong-tac/")
    assert display(page, ".schedule-table tr.schedule-item") == "table-row"
    assert page.locator("thead th").first.is_visible()
    page.screenshot(path=str(screenshot_dir / "schedule-1280.png"), full_page=True)

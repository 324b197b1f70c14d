"""The week's schedule in Chromium: stacked days on a 375 px phone, a table at 1280 px, and
printed (print stylesheet) on one A4 page without the header, menu, sidebar or footer."""

from __future__ import annotations

import io
import re
from datetime import time

import pytest
from pypdf import PdfReader

from news.agency.models import Official
from news.demo.agency import load_agency
from news.demo.schedules import load_schedules
from news.schedules.models import ScheduleWeek
from news.schedules.weeks import Week
from tests.schedules.factories import ItemFactory

from .tools import DESKTOP, PHONE, ROOT

pytestmark = pytest.mark.django_db(transaction=True)

CHROME = [".site-header", ".main-nav", ".sidebar", ".site-footer", ".breadcrumb",
          ".schedule-nav", ".schedule-tools", ".skip-link"]  # fmt: skip


@pytest.fixture
def busy_week(transactional_db):
    """The demo's week (eight items over five days, the demo organisation's leaders) and four
    more: a full working week."""
    load_agency()
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


# Ten more of a busy week, as the office writes them: 22 items from Monday to Saturday.
MORE = [
    (0, time(9, 45), "Tiếp và làm việc với Đoàn công tác của Cục Thông tin cơ sở về triển khai "
     "hệ thống thông tin nguồn trung ương", "Lãnh đạo Sở; Phòng Thông tin cơ sở; Đài Phát "
     "thanh và Truyền hình tỉnh", "Phòng họp tầng 3, trụ sở Sở"),
    (1, time(14), "Họp thẩm định hồ sơ đề xuất chủ trương đầu tư dự án Trung tâm giám sát, điều "
     "hành an toàn thông tin (SOC) của tỉnh", "Hội đồng thẩm định; đại diện Sở Kế hoạch và Đầu "
     "tư, Sở Tài chính", "Phòng họp số 2, UBND tỉnh"),
    (1, time(16), "Duyệt nội dung Bản tin chuyển đổi số tháng 12", "Phòng Bưu chính, Viễn "
     "thông và CNTT; Văn phòng Sở", "Phòng làm việc Giám đốc"),
    (2, time(10), "Dự Hội nghị trực tuyến toàn quốc sơ kết thực hiện Đề án 06 của Chính phủ",
     "Thành viên Tổ công tác Đề án 06 của tỉnh", "Điểm cầu UBND tỉnh"),
    (3, time(10), "Làm việc với các doanh nghiệp viễn thông về phủ sóng di động vùng lõm tại "
     "các xã miền núi", "Phòng Bưu chính, Viễn thông và CNTT; Viettel, VNPT, MobiFone chi "
     "nhánh tỉnh", "Phòng họp tầng 3, trụ sở Sở"),
    (3, time(16), "Họp Chi bộ Văn phòng Sở thường kỳ tháng", "Đảng viên Chi bộ Văn phòng",
     "Phòng họp tầng 2, trụ sở Sở"),
    (4, time(8), "Tiếp và làm việc với Đoàn kiểm tra của Bộ về công tác bảo đảm an toàn "
     "thông tin mạng", "Lãnh đạo Sở; Trung tâm Công nghệ thông tin và Truyền thông; các "
     "phòng liên quan", "Hội trường Sở"),
    (4, time(14), "Kiểm tra hoạt động in, phát hành xuất bản phẩm tại thành phố", "Thanh tra "
     "Sở; Phòng Thông tin – Báo chí – Xuất bản; Công an tỉnh (PA05)", "Thành phố Hải Dương"),
    (5, time(7, 30), "Dự Lễ phát động Ngày Chuyển đổi số tỉnh", "Lãnh đạo Sở; cán bộ các "
     "phòng, đơn vị", "Quảng trường Thống Nhất"),
    (5, time(9), "Kiểm tra công tác chuẩn bị Hội báo Xuân", "Phòng Thông tin – Báo chí – Xuất "
     "bản; Văn phòng Sở", "Thư viện tỉnh"),
]  # fmt: skip


@pytest.fixture
def very_busy_week(busy_week):
    leaders = list(Official.objects.current().filter(position__order__lte=2))
    for index, (day, start, content, participants, place) in enumerate(MORE):
        ItemFactory(week=busy_week, day=day, start_time=start, content=content,
                    official=leaders[index % len(leaders)], person="",
                    participants=participants, place=place, host="Giám đốc Sở",
                    preparing="Văn phòng Sở")  # fmt: skip
    assert busy_week.items.count() == 22
    return busy_week


DAY_HEADING = re.compile(r"^(Thứ (hai|ba|tư|năm|sáu|bảy)|Chủ nhật), \d\d/\d\d/\d{4}")


def page_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text from the top down (fragments grouped by their height)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fragments: dict[int, list[tuple[float, str]]] = {}

        def visit(text, cm, tm, font, size, fragments=fragments):
            if text.strip():
                x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
                fragments.setdefault(round(y), []).append((x, text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append([" ".join(t for _x, t in sorted(fragments[y]))
                      for y in sorted(fragments, reverse=True)])  # fmt: skip
    return pages


@pytest.mark.parametrize("view", ["in", "week"])
def test_a_busy_week_prints_on_two_pages_with_each_day_heading_above_its_items(
    view, very_busy_week, new_context, screenshot_dir
):
    address = very_busy_week.get_absolute_url() + ("in/" if view == "in" else "")
    page = new_context(viewport=DESKTOP).new_page()
    assert page.goto(address).status == 200
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    (screenshot_dir / f"schedule-busy-{view}.pdf").write_bytes(pdf)
    pages = page_lines(pdf)
    assert len(pages) <= 2
    for number, lines in enumerate(pages[:-1], 1):
        assert not DAY_HEADING.match(lines[-1]), f"page {number} ends with {lines[-1]!r}"
    text = "\n".join(line for lines in pages for line in lines)
    for _day, _start, content, *_rest in MORE:
        assert content.split()[0] in text


def test_the_print_rules_keep_a_day_heading_with_its_first_item():
    """The rules themselves (Chromium honours them in tables), so that a change that drops
    them is seen even when a week happens to break well."""
    css = (ROOT / "static" / "css" / "print.css").read_text()
    assert re.search(r"\.schedule-table \.day-row[^{]*\{[^}]*(?<!-)break-after: avoid", css)
    assert re.search(r"\.schedule-table \.day-row[^{]*\{[^}]*page-break-after: avoid", css)
    assert re.search(r"\.schedule-table tr \{[^}]*(?<!-)break-inside: avoid", css)


def test_the_print_view_has_a_print_button_with_javascript_only(busy_week, new_context):
    address = busy_week.get_absolute_url() + "in/"
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(address)
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1 } }")
    button = page.get_by_role("button", name="In lịch")
    assert button.is_visible()
    button.click()
    assert page.evaluate("() => window.printed") == 1
    plain = new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    plain.goto(address)
    assert not plain.get_by_role("button", name="In lịch").is_visible()
    assert plain.get_by_text("Về trang lịch tuần").is_visible()

"""What a citizen sees of the schedules: this week's items day by day with who, what, where;
nothing from a draft week; empty weeks said in Vietnamese; the reception schedule; the links
from the home page and the page head; search; the sitemap."""

from datetime import time, timedelta

import pytest

from news.schedules.models import ScheduleWeek
from news.schedules.weeks import Week
from tests.schedules.factories import ItemFactory, WeekFactory, division, official

pytestmark = pytest.mark.django_db


def test_this_weeks_schedule_day_by_day(client):
    week = WeekFactory(note="Lịch có thể thay đổi; Văn phòng Sở thông báo trên Cổng.")
    director = official("Trần Văn Minh", "Giám đốc", 1)
    ItemFactory(
        week=week, day=0, start_time=time(8), end_time=time(11, 30), official=director,
        person="", content="Họp giao ban lãnh đạo Sở đầu tuần", place="Phòng họp số 1",
        participants="Lãnh đạo Sở; Trưởng các phòng", host="Giám đốc Sở",
        preparing="Văn phòng Sở",
    )  # fmt: skip
    ItemFactory(
        week=week, day=2, start_time=time(14), person="", unit=division("Thanh tra Sở"),
        content="Kiểm tra việc chấp hành quy định về bưu chính tại huyện Kinh Môn",
    )  # fmt: skip
    html = client.get("/lich-cong-tac/").content.decode()
    assert "Lịch công tác tuần của lãnh đạo Sở" in html
    assert "Lịch có thể thay đổi; Văn phòng Sở thông báo trên Cổng." in html
    monday = html.split(f'id="ngay-{week.starts_on:%Y-%m-%d}"', 1)[1].split("</tbody>", 1)[0]
    assert "Thứ hai" in monday and "Họp giao ban lãnh đạo Sở đầu tuần" in monday
    assert ">08:00</time>–<time" in monday and ">11:30</time>" in monday
    assert "Trần Văn Minh, Giám đốc" in monday and "Phòng họp số 1" in monday
    assert "Lãnh đạo Sở; Trưởng các phòng" in monday
    assert "Chủ trì: Giám đốc Sở" in monday and "Chuẩn bị: Văn phòng Sở" in monday
    wednesday = html.split(f'id="ngay-{week.starts_on + timedelta(days=2):%Y-%m-%d}"', 1)[1]
    assert "Thanh tra Sở" in wednesday.split("</tbody>", 1)[0]
    # A working day without anything says so; an empty weekend is left out.
    tuesday = html.split(f'id="ngay-{week.starts_on + timedelta(days=1):%Y-%m-%d}"', 1)[1]
    assert "Không có lịch." in tuesday.split("</tbody>", 1)[0]
    assert f'id="ngay-{week.starts_on + timedelta(days=5):%Y-%m-%d}"' not in html
    # The week's own address shows the same, with a way back to this week.
    other = client.get(week.get_absolute_url()).content.decode()
    assert "Họp giao ban lãnh đạo Sở đầu tuần" in other


def test_a_weekend_item_shows_its_day(client):
    ItemFactory(day=6, content="Trực lãnh đạo Sở ngày Chủ nhật")
    html = client.get("/lich-cong-tac/").content.decode()
    assert "Chủ nhật" in html and "Trực lãnh đạo Sở ngày Chủ nhật" in html


@pytest.mark.parametrize("status", ["draft", "review", "returned", "unpublished"])
def test_a_week_not_published_shows_nothing(client, status):
    ItemFactory(week=WeekFactory(status=status), content="Nội dung chưa duyệt")
    html = client.get("/lich-cong-tac/").content.decode()
    assert "Nội dung chưa duyệt" not in html
    assert "Chưa có lịch công tác của tuần này trên Cổng." in html
    assert "Nội dung chưa duyệt" not in client.get("/lich-cong-tac/lich.ics").content.decode()


def test_a_week_scheduled_for_later_is_not_shown_yet(client):
    from django.utils import timezone

    week = WeekFactory(publish_at=timezone.now() + timedelta(hours=2))
    ItemFactory(week=week, content="Lịch hẹn giờ công bố")
    assert "Lịch hẹn giờ công bố" not in client.get("/lich-cong-tac/").content.decode()


def test_empty_weeks_say_so(client):
    html = client.get("/lich-cong-tac/2030/tuan-10/").content.decode()
    assert "Chưa có lịch công tác của tuần này trên Cổng." in html
    assert '<meta name="robots" content="noindex, follow">' in html  # not worth indexing
    html = client.get("/lich-tiep-cong-dan/").content.decode()
    assert "Chưa có lịch tiếp công dân của tuần này trên Cổng." in html
    assert 'content="noindex' not in html  # this week's page is worth indexing even empty


def test_the_reception_schedule(client):
    week = WeekFactory(kind=ScheduleWeek.Kind.RECEPTION)
    leader = official("Nguyễn Cao Thắng", "Phó Giám đốc", 2)
    ItemFactory(
        week=week, day=3, start_time=time(7, 30), end_time=time(11, 30), official=leader,
        person="", content="", place="Trụ sở Tiếp công dân tỉnh",
        participants="Chánh Thanh tra Sở",
    )  # fmt: skip
    html = client.get("/lich-tiep-cong-dan/").content.decode()
    assert "Người tiếp công dân" in html and "Nguyễn Cao Thắng, Phó Giám đốc" in html
    assert "Trụ sở Tiếp công dân tỉnh" in html and "Tiếp công dân định kỳ" in html
    assert ">07:30</time>–<time" in html and "Cùng tiếp: Chánh Thanh tra Sở" in html
    # The work schedule is another page.
    assert "Nguyễn Cao Thắng" not in client.get("/lich-cong-tac/").content.decode()
    assert 'href="/lich-cong-tac/"' in html


def test_the_home_page_and_the_menu_link_the_schedules(client):
    html = client.get("/").content.decode()
    assert '<a href="/lich-cong-tac/">Lịch công tác</a>' in html
    assert '<a href="/lich-tiep-cong-dan/">Lịch tiếp công dân</a>' in html


def test_the_page_head_names_the_calendar_feed(client):
    html = client.get("/lich-cong-tac/").content.decode()
    assert '<link rel="alternate" type="text/calendar"' in html
    assert 'href="/lich-cong-tac/lich.ics"' in html
    html = client.get("/lich-tiep-cong-dan/2026/tuan-3/").content.decode()
    head = 'type="text/calendar" title="Lịch tiếp công dân (iCalendar)"'
    assert f'{head} href="/lich-tiep-cong-dan/lich.ics"' in html


def test_the_print_view_is_the_week_alone(client):
    item = ItemFactory(content="Làm việc với Bưu điện tỉnh về mạng bưu chính công cộng")
    url = item.week.get_absolute_url() + "in/"
    html = client.get(url).content.decode()
    assert "Làm việc với Bưu điện tỉnh" in html
    assert 'class="sidebar"' not in html  # no sidebar, even on screen
    assert '<meta name="robots" content="noindex, follow">' in html
    assert 'class="print-agency"' in html
    assert f'href="{item.week.get_absolute_url()}"' in html
    # The week page links its print view.
    assert f'href="{url}"' in client.get("/lich-cong-tac/").content.decode()


def test_search_finds_items_without_diacritics(client):
    ItemFactory(content="Hội nghị tổng kết công tác chuyển đổi số năm 2026")
    draft = WeekFactory(status="draft", starts_on=Week.current().monday + timedelta(days=7))
    ItemFactory(week=draft, content="Hội nghị chuyển đổi số nháp")
    html = client.get("/tim-kiem/?q=chuyen+doi+so").content.decode()
    assert "tổng kết công tác" in html
    assert "nháp" not in html


def test_the_sitemap_lists_published_weeks(client):
    week = WeekFactory()
    WeekFactory(status="draft", starts_on=week.starts_on + timedelta(days=7))
    xml = client.get("/sitemap-schedules.xml").content.decode()
    assert week.get_absolute_url() in xml
    assert week.week.next() and f"tuan-{week.week.next().number}/" not in xml
    sections = client.get("/sitemap-sections.xml").content.decode()
    assert "/lich-cong-tac/" in sections and "/lich-tiep-cong-dan/" in sections


def test_the_site_map_page_lists_the_calendar_feeds(client):
    html = client.get("/so-do-cong/").content.decode().split('class="site-map-tree"', 1)[1]
    work = html.split('href="/lich-cong-tac/"', 1)[1].split("</ul>", 1)[0]
    assert '<a href="/lich-cong-tac/lich.ics">Lịch công tác: iCalendar' in work
    assert '<a href="/lich-tiep-cong-dan/lich.ics">Lịch tiếp công dân: iCalendar' in html
    # In English, the Vietnamese-only schedules stay out of the English site map.
    assert "lich.ics" not in client.get("/en/site-map/").content.decode()

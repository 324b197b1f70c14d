"""With the whole-page cache on, as in production: a change to the organisation shows at once,
on the chart, the unit pages, the directory and the footer, in both languages."""

import re
from datetime import date

import pytest

from news.agency.models import Official

from .factories import OfficialFactory, PositionFactory

pytestmark = pytest.mark.django_db

PAGES = ["/co-cau-to-chuc/", "/co-cau-to-chuc/danh-ba/", "/co-cau-to-chuc/lanh-dao/",
         "/en/organisation/", "/en/organisation/contacts/"]  # fmt: skip


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def test_a_change_of_office_shows_at_once(client, page_cache, organisation, time_machine):
    time_machine.move_to("2026-05-04 09:00 +07:00")
    khanh = organisation["it_head"]
    office, it = organisation["office"], organisation["it"]
    office_url = "/co-cau-to-chuc/don-vi/van-phong-so/"
    it_url = "/co-cau-to-chuc/don-vi/phong-cong-nghe-thong-tin/"
    warm(client, *PAGES, office_url, it_url)
    deputy = PositionFactory(name="Phó Chánh Văn phòng", name_en="Deputy Chief of Office", order=20)
    khanh.change_office(on=date(2026, 5, 4), position=deputy, unit=office)
    office_page = client.get(office_url)
    assert office_page["X-Page-Cache"] == "miss"
    assert "Nguyễn Văn Khánh" in office_page.content.decode()
    assert "Phó Chánh Văn phòng" in office_page.content.decode()
    assert "Nguyễn Văn Khánh" not in client.get(it_url).content.decode()
    chart = client.get("/co-cau-to-chuc/").content.decode()
    assert "Nguyễn Văn Khánh" not in chart  # no longer head of IT; the office's head is Lan
    directory = client.get("/co-cau-to-chuc/danh-ba/").content.decode()
    section = directory[directory.index(f'id="danh-ba-{office.pk}"') :]
    assert "Nguyễn Văn Khánh" in section[: section.index("</section>")]
    english = client.get("/en/organisation/contacts/").content.decode()
    assert "Deputy Chief of Office" in english
    assert it.pk  # the division stays, now without its head
    assert Official.objects.filter(name="Nguyễn Văn Khánh").count() == 2  # history kept


def test_the_end_of_a_record_shows_at_midnight(client, page_cache, organisation, time_machine):
    # Two minutes before midnight on her last day, well within the cache's lifetime.
    time_machine.move_to("2026-05-04 23:58 +07:00", tick=False)
    lan = organisation["office_head"]
    lan.active_until = date(2026, 5, 4)
    lan.save()
    warm(client, "/co-cau-to-chuc/danh-ba/")
    assert "Vũ Thị Lan" in client.get("/co-cau-to-chuc/danh-ba/").content.decode()
    time_machine.move_to("2026-05-05 00:00:01 +07:00", tick=False)
    page = client.get("/co-cau-to-chuc/danh-ba/")
    assert "Vũ Thị Lan" not in page.content.decode()
    # And someone starting tomorrow appears at midnight the same way.
    OfficialFactory(name="Người Mới Nhận", unit=organisation["office"],
                    active_from=date(2026, 5, 6))  # fmt: skip
    time_machine.move_to("2026-05-05 23:59 +07:00", tick=False)
    warm(client, "/co-cau-to-chuc/danh-ba/")
    assert "Người Mới Nhận" not in client.get("/co-cau-to-chuc/danh-ba/").content.decode()
    time_machine.move_to("2026-05-06 00:00:01 +07:00", tick=False)
    assert "Người Mới Nhận" in client.get("/co-cau-to-chuc/danh-ba/").content.decode()


def test_renaming_a_unit_or_position_and_the_footer(client, page_cache, organisation):
    warm(client, *PAGES)
    unit = organisation["office"]
    unit.name_en = "General Office"
    unit.save()
    assert "General Office" in client.get("/en/organisation/").content.decode()
    head = organisation["head"]
    head.name = "Trưởng phòng chuyên môn"
    head.save()
    page = client.get("/co-cau-to-chuc/").content.decode()
    assert "Trưởng phòng chuyên môn:" in page
    footer = re.sub(r"<[^>]+>", "", page[page.index("<footer") :])
    assert "Trưởng phòng chuyên môn, Văn phòng Sở" in footer  # the frame too
    lan = organisation["office_head"]
    lan.phone = "0220 3 999 999"
    lan.save()
    page = client.get("/co-cau-to-chuc/lanh-dao/").content.decode()
    assert "0220 3 999 999" in page[page.index("<footer") :]

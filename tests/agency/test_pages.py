"""The organisation's public pages as a visitor reads them, in Vietnamese and English: the chart,
the leadership, a unit, the directory with folded search; fallbacks marked; bad input."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from portal.models import SiteProfile
from tests.factories import PhotoFactory

from .factories import OfficialFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(f"site:{name}", **kwargs)


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_addresses_in_both_languages():
    assert reverse("site:organisation") == "/co-cau-to-chuc/"
    assert reverse("site:leadership") == "/co-cau-to-chuc/lanh-dao/"
    assert reverse("site:directory") == "/co-cau-to-chuc/danh-ba/"
    assert reverse("site:unit", kwargs={"slug": "van-phong-so"}) == (
        "/co-cau-to-chuc/don-vi/van-phong-so/")  # fmt: skip
    assert en("organisation") == "/en/organisation/"
    assert en("leadership") == "/en/organisation/leadership/"
    assert en("directory") == "/en/organisation/contacts/"
    assert en("unit", kwargs={"slug": "van-phong-so"}) == "/en/organisation/units/van-phong-so/"


def test_chart_shows_the_tree_with_leaders_and_heads(client, organisation):
    page = main(html(client, "/co-cau-to-chuc/"))
    assert "<h1" in page and "Cơ cấu tổ chức" in page
    root = page.index("Sở Thông tin và Truyền thông tỉnh Hải Dương")
    divisions = page.index("Các phòng chuyên môn")
    attached = page.index("Đơn vị trực thuộc")
    assert root < page.index("Trần Quang Minh") < divisions < page.index("Văn phòng Sở")
    assert page.index("Văn phòng Sở") < page.index("Phòng Công nghệ thông tin") < attached
    assert attached < page.index("Trung tâm Chuyển đổi số")
    assert "Vũ Thị Lan" in page and "Nguyễn Văn Khánh" in page
    assert "Lê Cũ Đã Nghỉ" not in page  # a former record is history, not the chart
    assert 'href="/co-cau-to-chuc/don-vi/van-phong-so/"' in page
    # Nested lists, no script needed: the divisions are a list inside the agency's item.
    assert re.search(r'<ul class="org-tree"[^>]*>\s*<li', page)
    assert "<script" not in page


def test_sub_units_nest_under_their_unit(client, organisation):
    UnitFactory(name="Tổ An toàn thông tin", parent=organisation["it"], slug="to-attt")
    page = main(html(client, "/co-cau-to-chuc/"))
    it = page.index("Phòng Công nghệ thông tin")
    team = page.index("Tổ An toàn thông tin")
    assert it < team < page.index("Đơn vị trực thuộc")
    between = page[it:team]
    assert '<ul class="org-children">' in between  # a list inside the division's item


def test_inactive_units_are_not_shown(client, organisation):
    organisation["centre"].active = False
    organisation["centre"].save()
    assert "Trung tâm Chuyển đổi số" not in main(html(client, "/co-cau-to-chuc/"))
    html(client, "/co-cau-to-chuc/don-vi/trung-tam-chuyen-doi-so/", 404)


def test_leadership(client, organisation):
    boss = organisation["boss"]
    boss.photo = PhotoFactory(alt_text="Chân dung")
    boss.email = "giamdoc@example.gov.vn"
    boss.save()
    OfficialFactory(name="Lê Thị Thu Hà", unit=organisation["root"],
                    position=PositionFactory(name="Phó Giám đốc", order=2))  # fmt: skip
    page = main(html(client, "/co-cau-to-chuc/lanh-dao/"))
    assert page.index("Trần Quang Minh") < page.index("Lê Thị Thu Hà")  # by rank
    assert "Giám đốc" in page and "Lãnh đạo toàn diện." in page
    assert 'href="mailto:giamdoc@example.gov.vn"' in page and 'href="tel:02203850000"' in page
    assert boss.photo.thumbnail_url in page and 'width="120"' in page
    assert "Vũ Thị Lan" not in page  # a head of division is not the agency's leadership


def test_unit_page(client, organisation):
    UnitFactory(name="Tổ Văn thư", parent=organisation["office"], slug="to-van-thu")
    page = main(html(client, "/co-cau-to-chuc/don-vi/van-phong-so/"))
    assert "<h1" in page and "Văn phòng Sở" in page
    assert "<p>Hành chính, văn thư.</p>" in page  # the sanitised functions
    assert "Vũ Thị Lan" in page and 'href="tel:02203850120"' in page
    assert 'href="/co-cau-to-chuc/don-vi/to-van-thu/"' in page
    assert 'href="/co-cau-to-chuc/don-vi/so-thong-tin-va-truyen-thong/"' in page  # its parent
    assert "Cập nhật lần cuối" in page


def test_unknown_or_odd_unit_addresses_are_404(client, organisation):
    html(client, "/co-cau-to-chuc/don-vi/khong-co/", 404)
    html(client, "/en/organisation/units/khong-co/", 404)
    html(client, "/co-cau-to-chuc/don-vi/" + "a" * 300 + "/", 404)
    html(client, "/co-cau-to-chuc/don-vi/%C4%91/", 404)


def test_english_pages_in_english(client, organisation):
    chart = main(html(client, "/en/organisation/"))
    assert 'lang="en"' in chart
    assert ">Organisation</h1>" in chart and "Divisions" in chart and "Attached unit<" in chart
    assert "Hai Duong Department of Information and Communications" in chart
    assert "Office of the Department" in chart and "Director:" in chart
    assert 'href="/en/organisation/units/van-phong-so/"' in chart
    assert "Cơ cấu tổ chức" not in chart and "Các phòng chuyên môn" not in chart
    leaders = main(html(client, "/en/organisation/leadership/"))
    assert ">Leadership</h1>" in leaders and "Leads the Department." in leaders
    unit = main(html(client, "/en/organisation/units/so-thong-tin-va-truyen-thong/"))
    assert "Functions and tasks" in unit and "Advises on the state management" in unit
    assert "Tham mưu quản lý" not in unit
    contacts = main(html(client, "/en/organisation/contacts/"))
    assert ">Contacts</h1>" in contacts and "All units" in contacts


def test_english_page_of_an_untranslated_unit_falls_back_visibly(client, organisation):
    whole = html(client, "/en/organisation/units/trung-tam-chuyen-doi-so/")
    page = main(whole)
    # The Vietnamese name and functions, each marked as Vietnamese; the page says so once.
    assert '<h1 class="page-title"><span lang="vi">Trung tâm Chuyển đổi số</span></h1>' in page
    assert '<li aria-current="page"><span lang="vi">Trung tâm Chuyển đổi số</span></li>' in page
    assert '<div lang="vi"><p>Vận hành hạ tầng dùng chung.</p></div>' in page
    assert page.count("This unit has no English version yet") == 1
    assert "untranslated-note" not in page
    # Its title says the name is in Vietnamese, as the site map does.
    assert "<title>Trung tâm Chuyển đổi số (in Vietnamese)" in whole
    assert ">Staff</h2>" in page and "Functions and tasks" in page  # headings in English
    chart = main(html(client, "/en/organisation/"))
    assert '<span lang="vi" class="untranslated">Trung tâm Chuyển đổi số</span>' in chart
    # Kept out of English search results, not announced as the Vietnamese page's alternate.
    assert '<meta name="robots" content="noindex' in whole
    assert '<link rel="alternate" hreflang="en"' not in html(
        client, "/co-cau-to-chuc/don-vi/trung-tam-chuyen-doi-so/"
    )
    translated = html(client, "/co-cau-to-chuc/don-vi/van-phong-so/")
    assert re.search(r'<link rel="alternate" hreflang="en" href="https?://[^"]*/en/organisation/'
                     r'units/van-phong-so/">', translated)  # fmt: skip
    assert "noindex" not in html(client, "/en/organisation/units/van-phong-so/")


def test_untranslated_duties_and_position_fall_back_visibly(client, organisation):
    it_head = organisation["it_head"]  # duties only in Vietnamese
    page = main(html(client, "/en/organisation/units/phong-cong-nghe-thong-tin/"))
    assert '<span lang="vi" class="untranslated">Chuyển đổi số</span>' in page
    PositionFactory(name="Phó Giám đốc Trung tâm", order=20)
    it_head.position = PositionFactory(name="Phó Giám đốc Trung tâm")
    it_head.save()
    page = main(html(client, "/en/organisation/units/phong-cong-nghe-thong-tin/"))
    assert '<span lang="vi" class="untranslated">Phó Giám đốc Trung tâm</span>' in page


def test_vietnamese_pages_have_no_fallback_notes(client, organisation):
    for url in ("/co-cau-to-chuc/", "/co-cau-to-chuc/lanh-dao/", "/co-cau-to-chuc/danh-ba/",
                "/co-cau-to-chuc/don-vi/trung-tam-chuyen-doi-so/"):  # fmt: skip
        assert "untranslated" not in main(html(client, url)), url


def test_every_page_says_when_it_last_changed(client, organisation, time_machine):
    from news.agency.models import Official, Position, Unit

    for model in (Unit, Official, Position):
        model.objects.update(updated="2026-01-01T03:00Z")
    time_machine.move_to("2026-03-06 10:00 +07:00")
    organisation["it"].save()
    page = main(html(client, "/en/organisation/units/phong-cong-nghe-thong-tin/"))
    assert re.search(r'Last updated: <time datetime="2026-03-06">6 March 2026</time>', page)
    page = main(html(client, "/co-cau-to-chuc/don-vi/phong-cong-nghe-thong-tin/"))
    assert re.search(r"Cập nhật lần cuối: <time[^>]*>06/03/2026</time>", page)
    for url in ("/en/organisation/", "/en/organisation/leadership/", "/en/organisation/contacts/"):
        assert "Last updated: <time" in main(html(client, url)), url


def test_directory_lists_people_by_unit(client, organisation):
    page = main(html(client, "/co-cau-to-chuc/danh-ba/"))
    assert page.index("Trần Quang Minh") < page.index("Vũ Thị Lan") < page.index("Nguyễn Văn Khánh")
    assert "Lê Cũ Đã Nghỉ" not in page
    assert "3 người" in page


@pytest.mark.parametrize("query", ["nguyen van", "NGUYỄN VĂN", "Nguye\u0302\u0303n va\u0306n",
                                   "khanh", "chuyen doi", "cong nghe thong tin"])  # fmt: skip
def test_directory_search_is_folded(client, organisation, query):
    page = main(html(client, f"/co-cau-to-chuc/danh-ba/?q={query}"))
    assert "Nguyễn Văn Khánh" in page, query
    assert "Vũ Thị Lan" not in page and "Trần Quang Minh" not in page


def test_directory_search_finds_by_position_and_english(client, organisation):
    page = main(html(client, "/co-cau-to-chuc/danh-ba/?q=giam+doc"))
    assert "Trần Quang Minh" in page and "Vũ Thị Lan" not in page
    page = main(html(client, "/en/organisation/contacts/?q=office+department"))
    assert "Vũ Thị Lan" in page and "Nguyễn Văn Khánh" not in page


def test_directory_filter_by_unit_includes_its_sub_units(client, organisation):
    team = UnitFactory(name="Tổ Văn thư", parent=organisation["office"])
    OfficialFactory(name="Phan Văn Thư", unit=team)
    page = main(html(client, f"/co-cau-to-chuc/danh-ba/?don_vi={organisation['office'].pk}"))
    assert "Vũ Thị Lan" in page and "Phan Văn Thư" in page
    assert "Nguyễn Văn Khánh" not in page and "Trần Quang Minh" not in page
    assert f'value="{organisation["office"].pk}" selected' in page
    both = f"/co-cau-to-chuc/danh-ba/?don_vi={organisation['office'].pk}&q=phan"
    page = main(html(client, both))
    assert "Phan Văn Thư" in page and "Vũ Thị Lan" not in page


@pytest.mark.parametrize(
    "query",
    ["don_vi=abc", "don_vi=99999999", "don_vi=-1", "don_vi=1e3", "don_vi=" + "9" * 40,
     "don_vi=1&don_vi=2", "q=%00%0b", "q=" + "x" * 5000, "q=%27%22%3C", "q=&don_vi=",
     "page=abc", "q[]=1", "don_vi=%EF%BC%91"],
)  # fmt: skip
def test_directory_survives_garbage(client, organisation, query):
    page = main(html(client, f"/co-cau-to-chuc/danh-ba/?{query}"))
    assert "Danh bạ" in page
    page = main(html(client, f"/en/organisation/contacts/?{query}"))
    assert "Contacts" in page


def test_a_stale_unit_filter_is_left_out_with_a_note(client, organisation):
    page = main(html(client, "/co-cau-to-chuc/danh-ba/?don_vi=99999&q=nguyen"))
    assert "Không tìm thấy đơn vị đã chọn" in page
    assert "Nguyễn Văn Khánh" in page  # the search still applies
    page = main(html(client, "/co-cau-to-chuc/danh-ba/?q=zzzz"))
    assert "Không có ai khớp" in page


def test_other_pages_survive_garbage_queries(client, organisation):
    for url in ("/co-cau-to-chuc/?x=%00", "/en/organisation/leadership/?q=%ff",
                "/co-cau-to-chuc/don-vi/van-phong-so/?don_vi=abc"):  # fmt: skip
        html(client, url)


def test_pages_without_data(client, db):
    assert "Chưa có thông tin về cơ cấu tổ chức." in html(client, "/co-cau-to-chuc/")
    assert "Chưa có thông tin về lãnh đạo" in html(client, "/co-cau-to-chuc/lanh-dao/")
    assert "Danh bạ chưa có ai." in html(client, "/co-cau-to-chuc/danh-ba/")
    assert "No information about the organisation yet." in html(client, "/en/organisation/")


def test_only_get_and_head(client, organisation):
    assert client.post("/co-cau-to-chuc/").status_code == 405
    assert client.head("/en/organisation/").status_code == 200


# The frame: footer, menu


def test_footer_names_the_responsible_official_and_the_contact(client, organisation):
    page = html(client, "/co-cau-to-chuc/")
    footer = page[page.index("<footer") :]
    assert 'href="tel:02203850120"' in footer
    footer = re.sub(r"<[^>]+>", "", footer)
    assert "Chịu trách nhiệm: Giám đốc – Trần Quang Minh" in footer
    assert "Liên hệ về cổng: Vũ Thị Lan, Trưởng phòng, Văn phòng Sở" in footer


def test_english_footer_names_positions_in_english(client, organisation):
    page = html(client, "/en/organisation/")
    footer = page[page.index("<footer") :]
    assert "Vũ Thị Lan, <span>Head of Division, Office of the Department</span>" in footer
    organisation["office"].name_en = ""
    organisation["office"].save()
    page = html(client, "/en/organisation/")
    footer = page[page.index("<footer") :]
    assert 'Vũ Thị Lan, <span lang="vi">Trưởng phòng, Văn phòng Sở</span>' in footer


def test_footer_falls_back_to_the_profile(client, organisation):
    profile = SiteProfile.load()
    profile.responsible_person = "Ông Nguyễn Văn Hồ sơ"
    profile.save()
    boss = organisation["boss"]
    boss.responsible_for_portal = False
    boss.save()
    footer = html(client, "/")
    footer = footer[footer.index("<footer") :]
    assert "Chịu trách nhiệm: Ông Nguyễn Văn Hồ sơ" in footer
    boss.responsible_for_portal = True
    boss.active_until = date(2020, 12, 31)  # no longer in office: not named either
    boss.active_from = date(2020, 1, 1)
    boss.save()
    footer = html(client, "/")
    assert "Chịu trách nhiệm: Ông Nguyễn Văn Hồ sơ" in footer[footer.index("<footer") :]


def test_menu_has_the_organisation(client, organisation):
    page = html(client, "/")
    nav = page[page.index('<ul id="main-menu"') :]
    assert 'href="/co-cau-to-chuc/">Cơ cấu tổ chức</a>' in nav[: nav.index("</ul>")]


# Findability


def test_site_search_finds_officials_and_units_public_fields_only(client, organisation):
    page = html(client, "/tim-kiem/?q=nguyen+van+khanh")
    assert "<mark>Nguyễn</mark> <mark>Văn</mark> <mark>Khánh</mark>" in page
    assert "/co-cau-to-chuc/don-vi/phong-cong-nghe-thong-tin/#can-bo-" in page
    assert "Trưởng phòng, Phòng Công nghệ thông tin" in page
    page = html(client, "/tim-kiem/?q=van+phong&loai=don-vi")
    assert "/co-cau-to-chuc/don-vi/van-phong-so/" in page
    page = html(client, "/tim-kiem/?q=da+nghi&loai=can-bo")
    assert "Lê Cũ Đã Nghỉ" not in page  # former records are not searchable


def test_sitemap_lists_both_languages_with_alternates(client, organisation):
    xml = html(client, "/sitemap-agency.xml")
    assert "/co-cau-to-chuc/</loc>" in xml and "/en/organisation/</loc>" in xml
    assert "/en/organisation/units/van-phong-so/</loc>" in xml
    assert 'hreflang="en" href="' in xml and 'hreflang="vi" href="' in xml
    assert 'hreflang="x-default"' in xml
    assert "/co-cau-to-chuc/don-vi/trung-tam-chuyen-doi-so/</loc>" in xml
    assert "/en/organisation/units/trung-tam-chuyen-doi-so/" not in xml  # no English name
    index = html(client, "/sitemap.xml")
    assert "sitemap-agency.xml" in index


def test_site_map_page_lists_the_organisation(client, organisation):
    page = html(client, "/so-do-cong/")
    for url in ("/co-cau-to-chuc/", "/co-cau-to-chuc/lanh-dao/", "/co-cau-to-chuc/danh-ba/",
                "/co-cau-to-chuc/don-vi/van-phong-so/"):  # fmt: skip
        assert f'href="{url}"' in page, url
    page = html(client, "/en/site-map/")
    assert 'href="/en/organisation/units/van-phong-so/">Office of the Department<' in page
    assert "Trung tâm Chuyển đổi số (in Vietnamese)" in page
    english_home = html(client, "/en/")
    assert 'href="/en/organisation/"' in english_home


# After review


def test_groups_and_kinds_in_the_singular_and_the_plural(client, organisation):
    chart = main(html(client, "/en/organisation/"))
    assert ">Attached unit</h2>" in chart and ">Divisions</h2>" in chart  # one centre, two
    centre = main(html(client, "/en/organisation/units/trung-tam-chuyen-doi-so/"))
    assert '<p class="card-meta">Attached unit ·' in centre
    UnitFactory(name="Tổ An toàn thông tin", name_en="Security Team", parent=organisation["it"])
    it = main(html(client, "/en/organisation/units/phong-cong-nghe-thong-tin/"))
    assert ">Sub-unit</h2>" in it
    root = main(html(client, "/en/organisation/units/so-thong-tin-va-truyen-thong/"))
    assert ">Sub-units</h2>" in root
    UnitFactory(name="Trung tâm Dữ liệu", kind="attached", parent=organisation["root"])
    chart = main(html(client, "/en/organisation/"))
    assert ">Attached units</h2>" in chart
    # Vietnamese: "Các ..." for many, the bare name for one.
    chart = main(html(client, "/co-cau-to-chuc/"))
    assert ">Các đơn vị trực thuộc</h2>" in chart and ">Các phòng chuyên môn</h2>" in chart
    it = main(html(client, "/co-cau-to-chuc/don-vi/phong-cong-nghe-thong-tin/"))
    assert ">Đơn vị trực thuộc</h2>" in it


def test_a_unit_address_in_english_or_marked(client, organisation):
    office = organisation["office"]
    office.address = "Số 2 Nguyễn Du, thành phố Hải Dương"
    office.save()
    page = main(html(client, "/en/organisation/units/van-phong-so/"))
    assert re.search(r'<dd><span lang="vi" class="untranslated">Số 2 Nguyễn Du, thành phố Hải '
                     r'Dương</span> <small class="untranslated-note">', page)  # fmt: skip
    office.address_en = "2 Nguyen Du Street, Hai Duong City"
    office.save()
    page = main(html(client, "/en/organisation/units/van-phong-so/"))
    assert "<dd>2 Nguyen Du Street, Hai Duong City</dd>" in page and "Nguyễn Du" not in page
    assert "Số 2 Nguyễn Du" in main(html(client, "/co-cau-to-chuc/don-vi/van-phong-so/"))


def test_people_without_a_photo_have_no_empty_box(client, organisation):
    page = main(html(client, "/co-cau-to-chuc/don-vi/phong-cong-nghe-thong-tin/"))
    assert "Nguyễn Văn Khánh" in page and "person-photo" not in page


@pytest.mark.parametrize("query", ["cơ sở", "co so", "thong tin co so"])
def test_short_words_in_the_directory_match_whole_words(client, organisation, query):
    grassroots = UnitFactory(name="Phòng Thông tin cơ sở", parent=organisation["root"])
    OfficialFactory(name="Đặng Thị Hoa", unit=grassroots)
    page = main(html(client, f"/co-cau-to-chuc/danh-ba/?q={query}"))
    assert "Đặng Thị Hoa" in page
    # "Sở" of the agency's and the office's names, "co" of "communications": not matches.
    for name in ("Trần Quang Minh", "Vũ Thị Lan", "Nguyễn Văn Khánh"):
        assert name not in page, (query, name)


def test_the_footer_names_one_responsible_person(client, organisation):
    # Two marked before the rule (or past it, from the shell): the first in rank is named.
    OfficialFactory(name="Lê Thị Thu Hà", unit=organisation["root"], responsible_for_portal=True,
                    position=PositionFactory(name="Phó Giám đốc", order=2))  # fmt: skip
    page = html(client, "/")
    footer = re.sub(r"<[^>]+>", "", page[page.index("<footer") :])
    assert "Chịu trách nhiệm: Giám đốc – Trần Quang Minh" in footer
    assert "Lê Thị Thu Hà" not in footer


def test_switching_off_a_unit_takes_its_sub_units_off_too(client, organisation):
    team = UnitFactory(name="Tổ An toàn thông tin", parent=organisation["it"], slug="to-attt")
    OfficialFactory(name="Phan Văn An", unit=team)
    organisation["it"].active = False
    organisation["it"].save()
    html(client, "/co-cau-to-chuc/don-vi/to-attt/", 404)
    assert "Phan Văn An" not in html(client, "/tim-kiem/?q=phan+van+an")
    assert 'href="/co-cau-to-chuc/don-vi/to-attt/"' not in html(client, "/so-do-cong/")

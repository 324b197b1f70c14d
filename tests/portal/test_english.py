"""English under /en/ (portal/i18n.py): the English home and fixed pages, the language switch and
hreflang alternates, visible fallbacks, Vietnamese addresses kept, and the site map page in both
languages generated from the registries so it lists every section."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal import registry
from portal.models import Page, SiteProfile
from tests.factories import CategoryFactory, PhotoFactory, figure

pytestmark = pytest.mark.django_db

SITE = "https://sotttt.example.gov.vn"
# Letters only Vietnamese uses among these pages' texts (tone marks and ă â đ ê ô ơ ư).
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u0323\u1ea0-\u1ef9àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    SiteProfile.objects.all().delete()
    SiteProfile.objects.create(
        name="Sở Thông tin và Truyền thông", name_en="Department of Information and Communications",
        governing_body="Ủy ban nhân dân tỉnh Hải Dương",
        governing_body_en="Hai Duong Provincial People's Committee",
        address="Số 1 đường Quang Trung, thành phố Hải Dương",
        address_en="1 Quang Trung Street, Hai Duong City", phone="0220 3890 000",
        email="stttt@example.gov.vn", description="Cổng thông tin điện tử của Sở",
        description_en="The official web portal of the Department",
    )  # fmt: skip


@pytest.fixture
def about():
    return Page.objects.create(
        title="Giới thiệu chung", slug="gioi-thieu", summary="Chức năng, nhiệm vụ của Sở",
        body="<p>Sở là cơ quan chuyên môn của Ủy ban nhân dân tỉnh.</p>",
        title_en="About the Department", summary_en="Functions and tasks",
        body_en="<p>The Department is a specialised agency of the Provincial People's "
        "Committee.</p>",
    )  # fmt: skip


@pytest.fixture
def contact():
    return Page.objects.create(
        title="Liên hệ", slug="lien-he", body="<p>Gọi đường dây nóng của Sở.</p>"
    )


class LanguageTexts(HTMLParser):
    """The visible text of a page, each piece with the language its nearest lang attribute
    says (scripts, styles and the head left out)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "base", "col"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        self.stack.append((tag, lang))
        if tag in ("script", "style", "head", "title"):
            self.skip += 1

    def handle_endtag(self, tag):
        while self.stack:
            name, _lang = self.stack.pop()
            if name in ("script", "style", "head", "title"):
                self.skip -= 1
            if name == tag:
                break

    def handle_data(self, data):
        if self.skip or not data.strip():
            return
        lang = next((lang for _tag, lang in reversed(self.stack) if lang), "?")
        self.texts.append((lang, data.strip()))


def unmarked_vietnamese(html: str) -> list[str]:
    """Texts with Vietnamese letters that no ``lang="vi"`` marks as Vietnamese."""
    parser = LanguageTexts()
    parser.feed(html)
    return [text for lang, text in parser.texts if lang != "vi" and VIETNAMESE.search(text)]


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_the_english_home_speaks_english_and_links_back(client):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "Department of Information and Communications" in html
    assert "1 Quang Trung Street, Hai Duong City" in html
    assert alternates(html) == {"vi": f"{SITE}/", "en": f"{SITE}/en/", "x-default": f"{SITE}/"}
    assert '<a href="/" hreflang="vi" lang="vi">Tiếng Việt</a>' in html
    assert unmarked_vietnamese(html) == []


def test_the_vietnamese_home_keeps_its_address_and_offers_english(client):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in html
    assert alternates(html)["en"] == f"{SITE}/en/"


def test_a_translated_page_has_both_addresses_and_alternates(client, about):
    vietnamese = client.get("/trang/gioi-thieu/").content.decode()
    english = client.get("/en/pages/gioi-thieu/").content.decode()
    assert "Sở là cơ quan chuyên môn" in vietnamese
    assert "About the Department" in english and "specialised agency" in english
    assert "Sở là cơ quan chuyên môn" not in english
    expected = {
        "vi": f"{SITE}/trang/gioi-thieu/", "en": f"{SITE}/en/pages/gioi-thieu/",
        "x-default": f"{SITE}/trang/gioi-thieu/",
    }  # fmt: skip
    assert alternates(vietnamese) == alternates(english) == expected
    assert 'href="/en/pages/gioi-thieu/" hreflang="en"' in vietnamese  # the switch
    assert re.search(r"Last updated: \d{1,2} [A-Z][a-z]+ \d{4}", english)
    assert unmarked_vietnamese(english) == []


def test_an_untranslated_page_falls_back_visibly_and_is_not_offered_in_english(client, contact):
    response = client.get("/en/pages/lien-he/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "has not been translated into English yet" in html
    assert '<h1 class="article-title"><span lang="vi">Liên hệ</span></h1>' in html
    assert '<div lang="vi"><p>Gọi đường dây nóng của Sở.</p></div>' in html
    assert '<meta name="robots" content="noindex' in html
    assert unmarked_vietnamese(html) == []
    vietnamese = client.get("/trang/lien-he/").content.decode()
    assert "en" not in alternates(vietnamese)  # not announced; the switch still leads there


def test_an_untranslated_profile_name_is_marked_vietnamese(client):
    SiteProfile.objects.update(name_en="")
    html = Client().get("/en/").content.decode()
    assert '<span class="brand-name" lang="vi">Sở Thông tin và Truyền thông</span>' in html
    assert unmarked_vietnamese(html) == []


def test_an_english_body_goes_through_the_one_pipeline_and_records_its_photos(about):
    photo = PhotoFactory()
    about.body_en = figure(photo, caption="The Department's building", alt="The building") + (
        '<p onclick="alert(1)">Hello<script>alert(2)</script></p>'
    )
    about.save()
    about.refresh_from_db()
    assert "onclick" not in about.body_en and "<script" not in about.body_en
    assert "srcset" in about.body_en_html and "The Department's building" in about.body_en_html
    assert list(about.photo_uses.values_list("photo_id", flat=True)) == [photo.pk]


def test_english_pages_come_from_the_english_frame_and_vietnamese_ones_from_theirs(client, about):
    about.show_in_menu = True
    about.save()
    english = client.get("/en/").content.decode()
    vietnamese = client.get("/").content.decode()
    english_again = client.get("/en/site-map/").content.decode()
    assert 'href="/en/pages/gioi-thieu/">About the Department</a>' in english
    assert (
        'href="/trang/gioi-thieu/"' in vietnamese
        and "/en/pages/"
        not in vietnamese.split('class="lang-switch"')[0] + vietnamese.split("</header>")[-1]
    )
    assert 'href="/en/pages/gioi-thieu/">About the Department</a>' in english_again


def test_no_vary_on_accept_language_and_the_browser_language_changes_nothing(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Accept-Language" not in response.get("Vary", "")
    assert '<html lang="vi">' in response.content.decode()
    assert "Accept-Language" not in client.get("/en/").get("Vary", "")


def test_an_unknown_english_address_is_an_english_404(client):
    response = client.get("/en/khong-co/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert client.get("/en/pages/khong-co/").status_code == 404


def test_the_site_map_lists_every_menu_item_section_category_and_page(client, about, contact):
    CategoryFactory(name="Chuyên mục ẩn", slug="chuyen-muc-an", show_in_menu=False)
    html = client.get("/so-do-cong/").content.decode()
    links = set(re.findall(r'<a href="([^"]+)"', html))
    translation.activate("vi")
    wanted = {item.url for item in registry.menu_items()}
    wanted |= {reverse(name) for name, _latest in registry.sections()}
    wanted |= {"/tin-tuc/chuyen-muc-an/", "/trang/gioi-thieu/", "/trang/lien-he/"}
    wanted |= {reverse(name) for _title, name in registry.feeds()}
    assert wanted - links == set()
    for name in ("portal:search", "portal:privacy", "portal:visit_statistics"):
        assert reverse(name) in links


def test_the_english_site_map_lists_the_english_pages_only(client, about, contact):
    html = client.get("/en/site-map/").content.decode()
    links = set(re.findall(r'<a href="([^"]+)"', html.split('<main id="main"')[1]))
    assert "/en/pages/gioi-thieu/" in links
    assert "/en/pages/lien-he/" not in links and "/trang/lien-he/" not in links
    with translation.override("en"):
        english = {i.url for i in registry.menu_items() if i.url.startswith("/en/")}
    assert english - links == set()
    others = {link for link in links if not link.startswith("/en/")}
    assert others <= {"/", "/thong-ke-truy-cap/", "tel:02203890000", "mailto:stttt@example.gov.vn"}
    assert unmarked_vietnamese(html) == []


def test_the_site_map_makes_the_same_queries_for_1_and_20_pages(client, django_assert_num_queries):
    def count(n):
        Page.objects.all().delete()
        for i in range(n):
            Page.objects.create(title=f"Trang {i}", slug=f"trang-{i}", title_en=f"Page {i}")
        CategoryFactory.create_batch(n)
        from django.core.cache import cache

        cache.clear()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert Client().get("/so-do-cong/").status_code == 200
        return len(queries)

    assert count(1) == count(20)


def test_the_sitemap_lists_english_pages_with_their_alternates(client, about, contact):
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert f"<loc>{SITE}/en/pages/gioi-thieu/</loc>" in xml
    assert f"<loc>{SITE}/en/pages/lien-he/</loc>" not in xml
    assert f'hreflang="en" href="{SITE}/en/pages/gioi-thieu/"' in xml
    bilingual = client.get("/sitemap-bilingual.xml").content.decode()
    assert f"<loc>{SITE}/en/</loc>" in bilingual and f"<loc>{SITE}/en/site-map/</loc>" in bilingual


def test_the_home_page_links_the_site_map(client):
    html = client.get("/").content.decode()
    assert '<a href="/so-do-cong/">Sơ đồ cổng</a>' in html


def test_english_pages_say_so_to_social_networks_and_date_in_words(client, about):
    html = client.get("/en/pages/gioi-thieu/").content.decode()
    assert '<meta property="og:locale" content="en_GB">' in html
    assert re.search(r"Last updated: \d{1,2} [A-Z][a-z]+ \d{4}", html)
    assert '<meta property="og:locale" content="vi_VN">' in client.get("/").content.decode()


def test_the_english_footer_has_an_english_source_notice(client):
    html = client.get("/en/").content.decode()
    footer = html.split("<footer")[1]
    assert "please cite “Department of Information and Communications” as the source" in footer
    assert "© Department of Information and Communications" in footer


def test_the_switch_goes_to_the_english_fallback_and_keeps_the_query(client, contact):
    html = client.get("/trang/lien-he/").content.decode()
    assert 'href="/en/pages/lien-he/" hreflang="en"' in html  # the switch, not an alternate
    assert "en" not in alternates(html)
    html = client.get("/so-do-cong/?q=abc").content.decode()
    assert 'href="/en/site-map/?q=abc" hreflang="en"' in html

"""Feeds, sitemap, robots.txt and the tags search engines and social networks read."""

import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from news.models import Article, Document, Procedure, TrainingEvent
from portal.models import Page
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    DocumentFactory,
    PhotoFactory,
    ProcedureFactory,
    figure,
)

pytestmark = pytest.mark.django_db

SITE = "https://sotttt.example.gov.vn"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def content():
    category = CategoryFactory(name="Chuyển đổi số", slug="chuyen-doi-so")
    published = ArticleFactory(
        title="Bài đã xuất bản", category=category, body=figure(PhotoFactory()), byline="Minh Anh"
    )
    draft = ArticleFactory(title="Bài nháp", category=category, status=Article.Status.DRAFT)
    future = ArticleFactory(
        title="Bài hẹn giờ",
        category=category,
        publish_at=timezone.now() + timezone.timedelta(days=1),
    )
    start = timezone.now() - timezone.timedelta(days=3)
    event = TrainingEvent.objects.create(title="Lớp công khai", start=start, end=start, place="p")
    hidden = TrainingEvent.objects.create(
        title="Lớp không công khai", start=start, end=start, place="p", is_public=False
    )
    page = Page.objects.create(title="Giới thiệu", slug="gioi-thieu")
    unpublished_page = Page.objects.create(title="Trang ẩn", slug="trang-an", is_published=False)
    document = DocumentFactory(number="2328/KH-UBND", summary="Đầu tư trang thiết bị")
    draft_document = DocumentFactory(number="99/KH-UBND", status=Document.Status.DRAFT)
    procedure = ProcedureFactory(name="Cấp giấy phép xuất bản bản tin")
    draft_procedure = ProcedureFactory(status=Procedure.Status.DRAFT)
    return locals()


def test_article_feed_is_valid_rss_with_enclosures_and_nothing_unpublished(client, content):
    response = client.get("/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert [e.title for e in feed.entries] == ["Bài đã xuất bản"]
    entry = feed.entries[0]
    assert entry.link == SITE + content["published"].get_absolute_url()
    assert entry.enclosures[0].href.startswith(SITE + "/media/photos/")
    assert entry.enclosures[0].type == "image/jpeg" and int(entry.enclosures[0].length) > 0
    assert entry.author == "Minh Anh"
    ET.fromstring(response.content)  # well-formed XML


def test_category_and_event_feeds(client, content):
    feed = feedparser.parse(client.get("/rss/chuyen-doi-so/").content)
    assert [e.title for e in feed.entries] == ["Bài đã xuất bản"]
    assert client.get("/rss/khong-co/").status_code == 404
    feed = feedparser.parse(client.get("/rss/tap-huan/").content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Lớp công khai"]
    feed = feedparser.parse(client.get("/rss/van-ban/").content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Kế hoạch số 2328/KH-UBND: Đầu tư trang thiết bị"]


def test_pages_point_to_their_feeds(client, content):
    html = client.get(content["category"].get_absolute_url()).content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/rss/chuyen-doi-so/"' in html
    assert 'href="/rss/"' in client.get("/").content.decode()
    assert 'href="/rss/tap-huan/"' in client.get("/tap-huan/").content.decode()


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client) -> dict:
    """Every address the sitemap index leads to, with its lastmod element."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    root = ET.fromstring(index.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    entries = {}
    for location in root.findall("s:sitemap/s:loc", SITEMAP_NS):
        assert location.text.startswith(SITE)
        page = client.get(location.text[len(SITE) :])
        assert page.status_code == 200
        for url in ET.fromstring(page.content).findall("s:url", SITEMAP_NS):
            entries[url.find("s:loc", SITEMAP_NS).text] = url.find("s:lastmod", SITEMAP_NS)
    return entries


def test_sitemap_lists_exactly_the_public_pages(client, content):
    from news.questions.models import Status
    from tests.consultations.conftest import ConsultationFactory
    from tests.questions.factories import question

    consultation = ConsultationFactory()
    answered = question(status=Status.PUBLISHED, answer="Trả lời")
    question(title="Câu hỏi chưa trả lời", email="khac@example.com")
    entries = sitemap_entries(client)
    expected = {
        SITE + "/",
        SITE + "/tin-tuc/",
        SITE + "/tap-huan/",
        SITE + "/tap-huan/thong-ke/",
        SITE + content["published"].get_absolute_url(),
        SITE + "/tin-tuc/chuyen-doi-so/",
        SITE + "/tin-tuc/tin-tuc-su-kien/",  # the default category
        SITE + content["event"].get_absolute_url(),
        SITE + "/trang/gioi-thieu/",
        SITE + "/van-ban/",
        SITE + content["document"].get_absolute_url(),
        SITE + "/thu-tuc-hanh-chinh/",
        SITE + content["procedure"].get_absolute_url(),
        SITE + "/lay-y-kien/",
        SITE + consultation.get_absolute_url(),
        SITE + "/hoi-dap/",
        SITE + answered.get_absolute_url(),
        SITE + "/chinh-sach-du-lieu-ca-nhan/",
        # The site map page in both languages, the English home page.
        SITE + "/so-do-cong/",
        SITE + "/en/site-map/",
        SITE + "/en/",
        # The agency's pages in both languages; the schedules.
        SITE + "/co-cau-to-chuc/",
        SITE + "/co-cau-to-chuc/lanh-dao/",
        SITE + "/co-cau-to-chuc/danh-ba/",
        SITE + "/en/organisation/",
        SITE + "/en/organisation/leadership/",
        SITE + "/en/organisation/contacts/",
        SITE + "/lich-cong-tac/",
        SITE + "/lich-tiep-cong-dan/",
    }
    assert set(entries) == expected
    assert [url for url, lastmod in entries.items() if lastmod is None] == []


def test_robots_txt_points_at_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in text and "Disallow: /admin/" in text


def head(html):
    return html.split("</head>")[0]


def meta_content(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return match[1] if match else None


@pytest.mark.parametrize(
    "url_of",
    [
        lambda c: "/",
        lambda c: "/tin-tuc/",
        lambda c: c["category"].get_absolute_url(),
        lambda c: c["published"].get_absolute_url(),
        lambda c: "/tap-huan/",
        lambda c: c["event"].get_absolute_url(),
        lambda c: "/tap-huan/thong-ke/",
        lambda c: "/trang/gioi-thieu/",
        lambda c: "/van-ban/",
        lambda c: c["document"].get_absolute_url(),
        lambda c: "/thu-tuc-hanh-chinh/",
        lambda c: c["procedure"].get_absolute_url(),
        lambda c: "/tim-kiem/?q=bai",
        lambda c: "/khong-co/",
    ],
)
def test_every_page_has_title_description_canonical_and_social_tags(client, content, url_of):
    url = url_of(content)
    html = head(client.get(url).content.decode())
    assert re.search(r"<title>[^<]+</title>", html)
    assert meta_content(html, "name", "description")
    assert f'<link rel="canonical" href="{SITE}{url.split("?")[0]}">' in html
    for prop in ("og:title", "og:description", "og:url", "og:image", "og:type"):
        assert meta_content(html, "property", prop), prop
    assert meta_content(html, "name", "twitter:card") == "summary_large_image"
    assert meta_content(html, "property", "og:image").startswith(SITE)


def test_titles_are_unique_across_page_kinds(client, content):
    urls = ["/", "/tin-tuc/", content["category"].get_absolute_url(),
            content["published"].get_absolute_url(), "/tap-huan/", "/tap-huan/thong-ke/",
            content["event"].get_absolute_url(), "/trang/gioi-thieu/", "/van-ban/",
            content["document"].get_absolute_url(), "/thu-tuc-hanh-chinh/",
            content["procedure"].get_absolute_url()]  # fmt: skip
    titles = [re.search(r"<title>([^<]+)</title>", client.get(u).content.decode())[1] for u in urls]
    assert len(set(titles)) == len(titles)


def test_article_social_image_is_the_cover_rendition(client, content):
    article = content["published"]
    html = head(client.get(article.get_absolute_url()).content.decode())
    assert meta_content(html, "property", "og:image") == SITE + article.lead_photo.rendition_url(
        1200
    )
    assert meta_content(html, "property", "og:type") == "article"


def test_article_jsonld_newsarticle(client, content):
    article = content["published"]
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["author"] == [{"@type": "Person", "name": "Minh Anh"}]
    for key in ("datePublished", "dateModified", "image", "publisher"):
        assert data[key]


def test_jsonld_escapes_like_json_script(client):
    article = ArticleFactory(title="</script><script>alert(1)</script> & <!--")
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["headline"].startswith("</script>")


def test_paginated_and_search_pages(client):
    category = CategoryFactory()
    for _ in range(13):
        ArticleFactory(category=category)
    html = head(client.get(category.get_absolute_url() + "?page=2").content.decode())
    assert "trang 2" in re.search(r"<title>([^<]+)</title>", html)[1]
    assert f'href="{SITE}{category.get_absolute_url()}?page=2"' in html
    search = head(client.get("/tim-kiem/?q=abc").content.decode())
    assert '<meta name="robots" content="noindex, follow">' in search


def test_short_address_redirects_to_the_article(client, content):
    article = content["published"]
    response = client.get(f"/bai-viet/{article.pk}/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert client.get(f"/bai-viet/{content['draft'].pk}/").status_code == 404

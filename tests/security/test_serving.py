"""Security review, what anonymous visitors reach: the view beacon (finding 5), the page cache
(8), OPTIONS/TRACE, the login redirect (10), the sitemap index, /media/ (12)."""

import os
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.test import Client, override_settings

from news.articles import views_count
from news.articles.sitemaps import ArticleSitemap
from news.models import Article
from portal import pagecache, versions
from tests.factories import ArticleFactory, PhotoFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver.example"


# Finding 5: the view beacon


def test_one_address_cannot_inflate_an_article_with_made_up_readers(client):
    article = ArticleFactory()
    honest = ArticleFactory()
    for n in range(600):
        client.post(
            f"/luot-xem/{article.pk}/", REMOTE_ADDR="198.51.100.9", HTTP_USER_AGENT=f"ua{n}"
        )
    client.post(f"/luot-xem/{honest.pk}/", REMOTE_ADDR="203.0.113.1")
    client.post(f"/luot-xem/{honest.pk}/", REMOTE_ADDR="203.0.113.2")
    views_count.buffer.flush()
    article.refresh_from_db()
    assert article.view_count <= views_count.MAX_PER_ADDRESS_AND_ARTICLE
    assert [r["title"] for r in views_count.most_read()][:1] in ([article.title], [honest.title])


def test_drafts_are_not_counted(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.post(f"/luot-xem/{draft.pk}/", REMOTE_ADDR="203.0.113.1")
    assert views_count.buffer.flush() == 0
    draft.refresh_from_db()
    assert draft.view_count == 0


def test_an_id_out_of_range_is_refused_and_other_views_still_count(client):
    article = ArticleFactory()
    assert client.post("/luot-xem/99999999999999999999/").status_code == 404
    client.post(f"/luot-xem/{article.pk}/", REMOTE_ADDR="203.0.113.1")
    assert views_count.buffer.flush() == 1
    article.refresh_from_db()
    assert article.view_count == 1


def test_one_failing_row_does_not_lose_the_other_views(client, monkeypatch):
    broken, fine = ArticleFactory(), ArticleFactory()
    original = views_count._write

    def write(article_id, day, count):
        if article_id == broken.pk:
            raise DatabaseError("simulated failure")
        original(article_id, day, count)

    monkeypatch.setattr(views_count, "_write", write)
    client.post(f"/luot-xem/{broken.pk}/", REMOTE_ADDR="203.0.113.1")
    client.post(f"/luot-xem/{fine.pk}/", REMOTE_ADDR="203.0.113.1")
    assert views_count.buffer.flush() == 1
    fine.refresh_from_db()
    assert fine.view_count == 1


def test_readers_behind_one_trusted_proxy_count_separately(client, settings):
    settings.TRUSTED_PROXIES = "1"
    article = ArticleFactory()
    readers = views_count.MAX_PER_ADDRESS_AND_ARTICLE + 3
    for n in range(readers):
        client.post(
            f"/luot-xem/{article.pk}/",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    assert views_count.buffer.flush() == readers


# Finding 8: the page cache


def page_entries() -> int:
    return sum(1 for key in cache._cache if ":page:" in key)


def test_unknown_query_parameters_share_one_cached_page(client, page_cache):
    ArticleFactory()
    assert client.get("/tin-tuc/?utm_source=1")["X-Page-Cache"] == "miss"
    for n in range(2, 30):
        assert client.get(f"/tin-tuc/?utm_source={n}&x={n}")["X-Page-Cache"] == "hit"
    assert client.get("/tin-tuc/")["X-Page-Cache"] == "hit"
    assert page_entries() == 1


def test_odd_values_of_a_read_parameter_are_not_cached(client, page_cache):
    ArticleFactory()
    for query in ("?page=01", "?page=1&page=2", "?page=%EF%BC%91", "?page=9999999"):
        response = client.get("/tin-tuc/" + query)
        assert "X-Page-Cache" not in response, query
    assert page_entries() == 0


def test_non_200_responses_are_never_cached(client, page_cache):
    article = ArticleFactory()
    old = article.get_absolute_url().replace(article.slug, "ten-cu")
    for url in ("/khong-co/", old, "/tin-tuc/khong-co-chuyen-muc/"):
        first, second = client.get(url), client.get(url)
        assert first.status_code in (301, 404) and second.status_code == first.status_code
        assert "X-Page-Cache" not in second
    assert page_entries() == 0


@pytest.fixture
def small_database_cache(settings):
    """The production cache kind (a database table), small enough to cull quickly."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 2},
        },
    }
    cache.clear()
    yield
    cache.clear()


def test_version_tokens_survive_a_cull(small_database_cache):
    pagecache.bump_content_version()
    token = versions.current(pagecache.CONTENT_VERSION_KEY)
    for n in range(100):
        cache.set(f"zz-filler:{n}", "x" * 100)  # sorts after the version: culled first
    assert cache.get(versions.PREFIX + pagecache.CONTENT_VERSION_KEY) is None  # culled
    assert versions.current(pagecache.CONTENT_VERSION_KEY) == token  # read back, not restarted


def test_a_cache_filled_past_its_limit_still_serves_fresh_pages(
    client, page_cache, small_database_cache
):
    article = ArticleFactory(title="Tiêu đề trước khi sửa")
    others = [ArticleFactory() for _ in range(30)]
    client.get(article.get_absolute_url())
    for other in others:  # fill past the limit: culls run
        client.get(other.get_absolute_url())
    article.title = "Tiêu đề sau khi sửa"
    article.save()
    for other in others:
        client.get(other.get_absolute_url())
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Tiêu đề sau khi sửa" in html and "Tiêu đề trước khi sửa" not in html


# Finding 10 and 12: methods, login, sitemap, media


PUBLIC = ["/", "/tin-tuc/", "/tap-huan/", "/tap-huan/thong-ke/", "/rss/", "/sitemap.xml",
          "/tim-kiem/?q=a", "/robots.txt", "/healthz"]  # fmt: skip


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "PUT", "DELETE", "PATCH"])
def test_public_pages_answer_only_get_and_head(client, method):
    article = ArticleFactory()
    for url in [*PUBLIC, article.get_absolute_url()]:
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url)
        assert "GET" in response["Allow"]


def test_login_with_a_refused_next_lands_in_the_admin(client):
    UserFactory(username="bientapvien", is_staff=True)
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": "bientapvien", "password": "mat-khau-thu-nghiem"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


@override_settings(SITE_URL=SITE)
def test_the_sitemap_is_an_index_of_pages_that_list_every_public_item(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [ArticleFactory() for _ in range(5)]
    ArticleFactory(status=Article.Status.DRAFT)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert f"{SITE}/sitemap-articles.xml?p=3" in locations
    listed = set()
    for location in locations:
        page = client.get(location[len(SITE) :])
        assert page.status_code == 200
        urls = [u.text for u in ET.fromstring(page.content).findall("s:url/s:loc", ns)]
        assert len(urls) <= 5000
        listed.update(urls)
    assert {SITE + a.get_absolute_url() for a in articles} <= listed
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert SiteUrlSitemapLimit() <= 5000


def SiteUrlSitemapLimit() -> int:
    from portal.sitemaps import SiteUrlSitemap

    return SiteUrlSitemap.limit


def test_media_is_sandboxed_and_never_follows_a_link_out(client, media_root, tmp_path):
    photo = PhotoFactory()
    response = client.get(photo.url)
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu cơ sở dữ liệu")
    os.symlink(secret, media_root / "photos" / "link.jpg")
    os.symlink(tmp_path, media_root / "outside")
    assert client.get("/media/photos/link.jpg").status_code == 404
    assert client.get("/media/outside/secret.txt").status_code == 404
    assert client.get("/media/" + "a" * 3000).status_code == 404
    assert client.get("/media/%00").status_code == 404


def test_media_never_serves_html(client, media_root):
    (media_root / "photos").mkdir(parents=True, exist_ok=True)
    (media_root / "photos" / "x.html").write_text("<script>alert(1)</script>")
    response = client.get("/media/photos/x.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert "attachment" in response["Content-Disposition"]


def test_a_forged_or_stale_form_is_refused_with_a_way_back():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Không gửi được biểu mẫu" in html and "quay lại" in html

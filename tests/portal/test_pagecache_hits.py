"""The short path of a cache hit (portal/pagecache.py, PageCacheMiddleware): answered before the
session, CSRF, authentication and messages machinery, in one cache round trip, with the headers
of the page as first rendered, its ETag (304) and a gzip'd body; and what must never be stored or
served from it."""

from __future__ import annotations

import gzip

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import Client
from django.urls import path
from django.utils import translation

from portal.pagecache import cache_public_page
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def sets_a_cookie(request):
    response = HttpResponse("<p>hello</p>" * 50)
    response.set_cookie("chosen", "1")
    return response


def hands_out_a_csrf_token(request):
    return HttpResponse(f"<form><input value='{get_token(request)}'></form>" * 20)


def reads_the_session(request):
    return HttpResponse(f"<p>{request.session.get('seen', 'no')}</p>" * 50)


# Three views that must never be stored, beside the portal's own addresses.
def _urlpatterns():
    from portal import urls

    return [
        path("t/cookie/", cache_public_page(sets_a_cookie)),
        path("t/csrf/", cache_public_page(hands_out_a_csrf_token)),
        path("t/session/", cache_public_page(reads_the_session)),
        *urls.urlpatterns,
    ]


urlpatterns = _urlpatterns()
handler404 = "portal.views.page_not_found"


@pytest.fixture
def article():
    return ArticleFactory(title="Bài viết thử bộ nhớ đệm", body="<p>" + "Nội dung dài. " * 200)


def twice(client, url, **headers):
    first = client.get(url, **headers)
    return first, client.get(url, **headers)


def test_a_hit_never_reaches_sessions_or_csrf(client, article, monkeypatch):
    client.get(article.get_absolute_url())

    def refuse(*args, **kwargs):
        raise AssertionError("the hit went through the whole stack")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)
    monkeypatch.setattr(CsrfViewMiddleware, "process_view", refuse)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert "Cookie" not in response.get("Vary", "")


def test_a_hit_costs_one_cache_round_trip_and_no_query(
    client, article, monkeypatch, django_assert_num_queries
):
    client.get(article.get_absolute_url())
    calls, depth = [], []

    def counted(name, original):
        def call(*args, **kwargs):  # the outermost calls only (locmem's get_many calls get)
            if not depth:
                calls.append(name)
            depth.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                depth.pop()

        return call

    for name in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert calls == ["get_many"]


def test_without_the_page_cache_a_page_reads_its_version_tokens_in_one_round_trip(
    client, article, monkeypatch, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(article.get_absolute_url())  # the frame and the cards are kept by now
    asked = []
    original = cache.get_many

    def get_many(keys, *args, **kwargs):
        asked.append([key for key in keys if key.startswith("version:")])
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert asked == [["version:content", "version:frame"]]


def test_a_hit_carries_the_headers_of_the_rendered_page(client, article):
    miss, hit = twice(client, article.get_absolute_url())
    assert miss["X-Page-Cache"] == "miss" and hit["X-Page-Cache"] == "hit"
    for header in (
        "Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Content-Language",
        "Content-Type", "Cache-Control", "X-Content-Type-Options", "Referrer-Policy", "ETag",
    ):  # fmt: skip
        assert hit[header] == miss[header], header
    assert hit.content == miss.content


def test_the_browser_that_has_the_page_gets_a_304(client, article):
    miss, _hit = twice(client, article.get_absolute_url())
    for tag in (miss["ETag"], "W/" + miss["ETag"], f'"other", {miss["ETag"]}'):
        response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == 304 and response.content == b""
        assert response["X-Page-Cache"] == "hit" and response["ETag"] == miss["ETag"]
    changed = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH='"other"')
    assert changed.status_code == 200


def test_a_browser_taking_gzip_gets_the_stored_compressed_body(client, article):
    plain = client.get(article.get_absolute_url())
    packed = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["X-Page-Cache"] == "hit" and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert packed["Vary"] == "Accept-Encoding"
    assert int(packed["Content-Length"]) == len(packed.content)
    identity = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in identity and identity.content == plain.content


def test_a_head_request_gets_the_headers_only(client, article):
    client.get(article.get_absolute_url())
    response = client.head(article.get_absolute_url())
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_staff_never_get_or_leave_a_cached_page(client, article):
    client.force_login(UserFactory(is_staff=True))
    staff = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in staff
    anonymous = Client().get(article.get_absolute_url())
    assert anonymous["X-Page-Cache"] == "miss"  # the staff member's page was not stored
    again = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in again  # and they are not served the anonymous one


def test_a_visitor_with_messages_waiting_gets_the_page_rendered(client, article):
    client.get(article.get_absolute_url())
    client.cookies["messages"] = "pending"
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/t/cookie/", "/t/csrf/", "/t/session/"])
def test_responses_that_vary_are_never_stored(url):
    for _ in range(2):
        response = Client().get(url)
        assert response.get("X-Page-Cache") != "hit"
    assert Client().get(url).get("X-Page-Cache") != "hit"


def test_an_english_page_is_found_whatever_language_the_worker_was_in(client):
    client.get("/en/")
    translation.activate("vi")  # the last request this worker served was Vietnamese
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "hit" and '<html lang="en">' in response.content.decode()
    translation.activate("en")
    response = client.get("/")
    assert '<html lang="vi">' in response.content.decode()


def test_a_change_between_rendering_and_storing_is_not_served(client, article, monkeypatch):
    from portal import pagecache

    original = pagecache.store

    def store_after_a_change(request, response):
        pagecache.bump_content_version()  # an editor saved while this page was rendering
        original(request, response)

    monkeypatch.setattr(pagecache, "store", store_after_a_change)
    client.get(article.get_absolute_url())
    monkeypatch.setattr(pagecache, "store", original)
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_workers_copy_is_served_only_while_nothing_changed(client, article, monkeypatch):
    """Each worker keeps the pages it served: a hit reads the two version tokens from the
    shared cache, not the page; a change made on any server (a new token) ends the copy."""
    from portal import pagecache, versions
    from portal.models import CacheVersion

    url = article.get_absolute_url()
    client.get(url)
    cache.delete(pagecache.entry_key(f"{url}?"))  # the shared copy evicted: the worker's serves
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit" and article.title in response.content.decode()
    # Another server saves: the database changes and the token with it, never through here.
    type(article).objects.filter(pk=article.pk).update(title="Tiêu đề sửa trên máy chủ khác")
    token = "another-server"
    CacheVersion.objects.filter(name=pagecache.CONTENT_VERSION_KEY).update(token=token)
    cache.set(versions.PREFIX + pagecache.CONTENT_VERSION_KEY, token, None)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Tiêu đề sửa trên máy chủ khác" in response.content.decode()


def test_a_workers_copy_lives_no_longer_than_the_page(client, article, time_machine):
    """A copy is not served past the stored page's own lifetime (PAGE_CACHE_SECONDS, or the next
    scheduled change), even while the tokens stay the same."""
    from django.utils import timezone

    from tests.factories import ArticleFactory

    now = timezone.now()
    time_machine.move_to(now, tick=False)
    later = ArticleFactory(title="Bài hẹn giờ đăng", publish_at=now + timezone.timedelta(minutes=2))
    assert later.title not in client.get("/tin-tuc/").content.decode()
    assert client.get("/tin-tuc/")["X-Page-Cache"] == "hit"
    time_machine.move_to(now + timezone.timedelta(minutes=3), tick=False)
    response = client.get("/tin-tuc/")
    assert response["X-Page-Cache"] == "miss" and later.title in response.content.decode()


def test_a_host_outside_allowed_hosts_is_refused_even_for_a_cached_page(client):
    article = ArticleFactory(title="Bài trong bộ nhớ đệm")
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    refused = client.get(url, HTTP_HOST="evil.example")
    assert refused.status_code == 400 and "X-Page-Cache" not in refused

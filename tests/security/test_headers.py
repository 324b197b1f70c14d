"""Security headers on every kind of public page and in the admin: a Content-Security-Policy
without inline scripts (and the pages' HTML obeys it), no framing, no sniffing, a referrer
policy, no camera or location, no version of anything in a header."""

from __future__ import annotations

import re

import pytest

from portal.headers import admin_policy
from tests.factories import UserFactory
from tests.helpers import directives
from tests.security.pages import load_demo_pages

pytestmark = pytest.mark.django_db

ENGLISH = {
    "en-home": ("/en/", 200),
    "en-page": ("/en/pages/gioi-thieu/", 200),
    "en-organisation": ("/en/organisation/", 200),
    "en-leadership": ("/en/organisation/leadership/", 200),
    "en-unit": ("/en/organisation/units/van-phong-so/", 200),
    "unit": ("/co-cau-to-chuc/don-vi/van-phong-so/", 200),
}
SCRIPT = re.compile(rb"<script\b([^>]*)>", re.I)
INLINE_HANDLER = re.compile(rb"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(rb"<[a-z][^>]*\sstyle\s*=", re.I)
DATA_BLOCKS = (b'type="application/ld+json"', b'type="application/json"')


def assert_common_headers(response, where):
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", where
    assert "camera=()" in response["Permissions-Policy"], where
    assert "geolocation=()" in response["Permissions-Policy"], where
    assert response["X-Frame-Options"] == "DENY", where
    for header, value in response.items():
        assert not re.search(r"\d+\.\d+", value) or header.lower() in {
            "content-security-policy",
            "date",
            "expires",
            "last-modified",
            "etag",
            "content-length",
            "content-disposition",
            "link",
        }, (where, header, value)
    assert "Server" not in response and "X-Powered-By" not in response, where


def assert_strict_public_policy(response, where):
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"], where
    assert policy["style-src"] == ["'self'"], where
    assert policy["object-src"] == ["'none'"], where
    assert policy["frame-ancestors"] == ["'none'"], where
    assert policy["base-uri"] == ["'self'"], where
    assert policy["form-action"] == ["'self'"], where
    assert policy["default-src"] == ["'self'"], where


def assert_html_obeys_the_policy(html: bytes, where):
    """What the policy would refuse is not in the page: an inline script, an inline event
    handler, a style attribute (the browser tests see the refusals; this names the page)."""
    for attributes in SCRIPT.findall(html):
        assert b"src=" in attributes or any(d in attributes for d in DATA_BLOCKS), (
            where,
            attributes,
        )
    assert not INLINE_HANDLER.search(html), (where, INLINE_HANDLER.search(html).group(0))
    assert not STYLE_ATTRIBUTE.search(html), (where, STYLE_ATTRIBUTE.search(html).group(0))
    assert b"<style" not in html, where


def test_every_kind_of_public_page_sends_the_strict_policy_and_obeys_it(client):
    pages = {**load_demo_pages(), **ENGLISH}
    assert len(pages) >= 50
    kinds = {name.rsplit("-", 1)[0] for name in pages}
    for kind in ("articles", "documents", "procedures", "questions", "consultations", "events"):
        assert kind in kinds, kind  # the site map still lists every kind
    for name, (url, status) in pages.items():
        response = client.get(url)
        where = f"{name} {url}"
        assert response.status_code == status, where
        assert_strict_public_policy(response, where)
        assert_common_headers(response, where)
        assert_html_obeys_the_policy(response.content, where)


def test_error_pages_send_the_headers_too(client):
    from django.db import OperationalError

    from portal import faults

    for response in (
        client.get("/khong-co/"),
        client.post("/", HTTP_CONTENT_LENGTH=str(10**12)),
    ):
        assert_common_headers(response, response.status_code)
        assert_strict_public_policy(response, response.status_code)
    try:
        raise OperationalError("down")
    except OperationalError:
        assert_html_obeys_the_policy(faults.database_unavailable().content, "503")


def test_the_admin_has_its_own_policy_strict_where_there_is_no_editor(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    login = client.get("/admin/login/")
    for url in ("/admin/", "/admin/news/article/", "/admin/portal/photo/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert_common_headers(response, url)
    editor_page = client.get("/admin/news/article/add/")
    policy = directives(editor_page["Content-Security-Policy"])
    # CKEditor 4's inline event handlers (portal/headers.py): only where the editor is.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["form-action"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert_common_headers(editor_page, "article add")
    client.logout()
    login = client.get("/admin/login/")
    assert directives(login["Content-Security-Policy"])["script-src"] == ["'self'"]
    assert_common_headers(login, "login")


def test_the_admin_policy_keeps_the_photo_origin(settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "img-src": ["'self'", "data:", "https://anh.example.gov.vn"],
        },
    }
    assert "https://anh.example.gov.vn" in directives(admin_policy(False))["img-src"]


def test_the_health_check_and_feeds_are_not_framed_or_sniffed(client):
    load_demo_pages()
    for url in ("/healthz", "/rss/", "/sitemap.xml", "/robots.txt"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["X-Frame-Options"] == "DENY", url

"""Every kind of public page with the demo content (loaded once for the module):

- security headers: a Content-Security-Policy without inline scripts (and the pages' HTML
  obeys it), no framing, no sniffing, a referrer policy, no camera or location, no version of
  anything in a header; the admin's own policy;
- garbage across every page and form: long strings, invalid UTF-8 in the path and the query,
  null bytes, huge and negative page numbers, odd methods and odd headers. Never a 500, never a
  traceback in the log, every log line one line of JSON."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.db import transaction
from django.test import override_settings

from portal import images
from portal.headers import admin_policy
from portal.logs import JsonFormatter
from tests.factories import UserFactory
from tests.helpers import directives, human
from tests.security.pages import load_demo_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for this module's tests in a transaction rolled back after them
    (each test runs in a savepoint inside it), its photos in a folder of their own and without
    AVIF (the slowest encoding; the pages are the same but for one <source>)."""
    media = tmp_path_factory.mktemp("demo-media")
    avif = images.avif_supported
    images.avif_supported = lambda: False
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
            pages = {**load_demo_pages(), **ENGLISH}
            yield pages
            transaction.set_rollback(True)
    finally:
        images.avif_supported = avif


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


def test_every_kind_of_public_page_sends_the_strict_policy_and_obeys_it(client, demo):
    pages = demo
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


def test_the_health_check_and_feeds_are_not_framed_or_sniffed(client, demo):
    for url in ("/healthz", "/rss/", "/sitemap.xml", "/robots.txt"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["X-Frame-Options"] == "DENY", url


# Garbage

LONG = "ngh%E1%BB%8Bch" * 800  # ~11 kB of percent-encoded Vietnamese
QUERIES = [
    "page=99999999999999999999999",
    "page=-1",
    "page=0&page=abc",
    f"q={LONG}",
    "q=%FF%FE%FD&%C0%AF=1",
    "q=a%00b&page=%00",
    "q=%3Cscript%3Ealert(1)%3C/script%3E&nam=-5&don_vi=%00&tuan=99999",
]
PATH_SUFFIXES = ["%FF%FE/", "%00/", "x" * 3000 + "/", "..%2F..%2Fetc%2Fpasswd"]
METHODS = ["PUT", "DELETE", "PROPFIND", "OPTIONS", "PATCH"]
HEADERS = [
    {"HTTP_ACCEPT_LANGUAGE": "\x00zz-ZZ;q=abc," * 50},
    {"HTTP_COOKIE": "sessionid=\x00%FF; csrftoken=" + "z" * 5000 + "; messages=garbage"},
    {"HTTP_IF_NONE_MATCH": '"' + "x" * 2000, "HTTP_IF_MODIFIED_SINCE": "not a date"},
    {"HTTP_RANGE": "bytes=-99999999999999999999-", "HTTP_X_FORWARDED_FOR": "not, an,, ip\x00"},
    {"HTTP_USER_AGENT": "\xff\xfe" * 1000, "HTTP_REFERER": "javascript:alert(1)"},
    {"HTTP_ACCEPT_ENCODING": "gzip;q=nan, br;q=-1", "HTTP_ACCEPT": "*/*;q=garbage"},
]
RAW_BODY = b"title=\xed\xa0\x80\xff\xfe\x00&body=%ED%A0%80"  # a UTF-8 surrogate, bytes
FORMS = ["/hoi-dap/dat-cau-hoi/", "/hoi-dap/tra-cuu/", "/tim-kiem/"]
FORM_GARBAGE = [
    {"title": "\x00" * 10, "body": "\u200b\u202e reversed", "email": "a@" + "b" * 500},
    {"title": "x" * 100_000, "name": "%FF", "phone": "-1" * 200, "topic": "99999999999999999"},
    {"code": "\x00\x01\x02", "q": "'; DROP TABLE news_article; --", "nam": "-99999999999"},
]


class Lines(logging.Handler):
    """Every record formatted as production formats it."""

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.formatter = JsonFormatter()
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record):
        self.records.append(record)
        self.lines.append(self.formatter.format(record))


@pytest.fixture
def log_lines():
    handler = Lines()
    watched = ["", "django", "django.request", "django.security", "news"]  # "portal" propagates
    loggers = [logging.getLogger(name) for name in watched]
    for logger in loggers:
        logger.addHandler(handler)
    requests = logging.getLogger("portal.requests")
    level = requests.level
    requests.setLevel(logging.INFO)
    yield handler
    requests.setLevel(level)
    for logger in loggers:
        logger.removeHandler(handler)


def consultation_comment_url() -> str | None:
    from news.models import Consultation

    consultation = Consultation.objects.published().open_now().first()
    return consultation and f"/lay-y-kien/{consultation.slug}/gop-y/"


def test_garbage_on_every_public_address_and_form_never_gives_a_500(client, log_lines, demo):
    pages = demo
    client.raise_request_exception = False
    failures: list[str] = []
    sent = 0

    def check(response, what):
        nonlocal sent
        sent += 1
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {what}")

    for number, (url, _status) in enumerate(pages.values()):
        base = url.split("?")[0]
        for query in QUERIES:
            check(client.get(f"{base}?{query}"), f"GET {base}?{query[:60]}")
        # One of each of the rest per address, in turn, so every address gets some of each.
        suffix = PATH_SUFFIXES[number % len(PATH_SUFFIXES)]
        check(client.get(base + suffix), f"GET {base}{suffix[:40]}")
        method = METHODS[number % len(METHODS)]
        check(client.generic(method, base, b"\x00\xff" * 10), f"{method} {base}")
        headers = HEADERS[number % len(HEADERS)]
        check(client.get(base, **headers), f"GET {base} with {list(headers)}")
        check(client.head(base), f"HEAD {base}")
    comment = consultation_comment_url()
    for form in [*FORMS, *([comment] if comment else [])]:
        for data in FORM_GARBAGE:
            check(client.post(form, human(data)), f"POST {form} {list(data)}")
            check(client.post(form, data), f"POST {form} (no start time) {list(data)}")
        check(
            client.post(
                form,
                b"title=\xed\xa0\x80\xff\xfe\x00&body=%ED%A0%80",
                content_type="application/x-www-form-urlencoded",
            ),
            f"POST {form} raw bytes",
        )
        check(
            client.post(form, "{}", content_type="multipart/form-data; boundary="),
            f"POST {form} broken multipart",
        )
    check(client.get("/", HTTP_HOST="evil.example:99999999"), "a forged Host")
    check(client.get("/%"), "a lone %")
    check(client.get("/" + "%FF" * 2000), "a path of invalid UTF-8")

    assert sent > 500
    assert failures == [], "\n".join(failures[:30])
    assert not [r for r in log_lines.records if r.exc_info], [
        line for line in log_lines.lines if "traceback" in line
    ][:3]
    for line in log_lines.lines:
        assert "\n" not in line and "\r" not in line
        assert isinstance(json.loads(line), dict)
    requests = [r for r in log_lines.records if r.name == "portal.requests"]
    assert sent - 5 <= len(requests) <= sent  # one line per request

"""Structured logs (portal/logs.py): one JSON line per request and per error, nothing that names
a visitor, no secret, and a forged Host header as one short line."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.urls import path

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines(settings):
    """What the production LOGGING writes to stderr, captured: a list of parsed lines."""
    stream = io.StringIO()
    config = {**settings.LOGGING}
    config["loggers"] = {**config["loggers"], "portal.requests": {"level": "INFO"}}
    logging.config.dictConfig(config)
    root = logging.getLogger()
    handlers = [
        h
        for name in ("", "django", "django.request", "django.security", "portal", "news")
        for h in logging.getLogger(name).handlers
        if isinstance(h, logging.StreamHandler)
    ]
    for handler in {*handlers, *root.handlers}:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(stream)

    def lines():
        raw = [line for line in stream.getvalue().splitlines() if line.strip()]
        return [json.loads(line) for line in raw]  # every line is JSON, or this fails

    yield lines
    test_config = {**settings.LOGGING}
    test_config["loggers"] = {**test_config["loggers"], "portal.requests": {"level": "WARNING"}}
    logging.config.dictConfig(test_config)


def test_one_line_per_request_without_query_cookies_or_address(client, log_lines):
    article = ArticleFactory(title="Tin có nhật ký")
    client.cookies["sessionid"] = "a-session-cookie-value"
    client.get(article.get_absolute_url() + "?email=nguoidan@example.vn&q=secret-query")
    client.get("/khong-co-trang-nay/")
    requests = [line for line in log_lines() if line.get("event") == "request"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("GET", article.get_absolute_url(), 200),
        ("GET", "/khong-co-trang-nay/", 404),
    ]
    assert all(isinstance(r["duration_ms"], float) for r in requests)
    text = json.dumps(log_lines())
    for private in ("nguoidan", "secret-query", "a-session-cookie-value", "127.0.0.1"):
        assert private not in text
    # 404s are in the request lines, not a second "Not Found" warning.
    assert not [line for line in log_lines() if line["logger"] == "django.request"]


def test_successful_health_checks_are_not_logged(client, log_lines):
    assert client.get("/healthz").status_code == 200
    assert [line for line in log_lines() if line.get("event") == "request"] == []


def broken(request):
    raise ZeroDivisionError(f"bad sum with {settings.SECRET_KEY}")


urlpatterns = [path("broken/", broken)]
handler500 = "portal.views.server_error"


@pytest.mark.urls(__name__)
def test_an_error_is_one_line_with_its_type_and_a_short_traceback(client, log_lines):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    errors = [line for line in log_lines() if line["level"] == "ERROR"]
    assert len(errors) == 1
    error = errors[0]
    assert error["exc_type"] == "builtins.ZeroDivisionError"
    assert settings.SECRET_KEY not in json.dumps(error)
    assert "***" in error["exc"]
    assert 1 <= len(error["traceback"]) <= 6
    assert "test_logs.py" in error["traceback"][-1]


def test_a_forged_host_is_one_short_line_without_traceback(client, log_lines):
    response = client.get("/", HTTP_HOST="evil.example" + "x" * 2000)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()  # templates/400.html
    security = [line for line in log_lines() if line["logger"].startswith("django.security")]
    assert len(security) == 1
    assert "traceback" not in security[0] and "exc_type" not in security[0]
    assert len(security[0]["message"]) <= 201
    assert "evil.example" in security[0]["message"]


def test_a_message_on_several_lines_stays_one_line():
    from portal.logs import JsonFormatter

    record = logging.LogRecord("portal.x", logging.WARNING, __file__, 1, "a\nb %s", ("c",), None)
    line = JsonFormatter().format(record)
    assert "\n" not in line and json.loads(line)["message"] == "a\nb c"

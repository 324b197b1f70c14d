"""The site through cache and database trouble (portal/faults.py): a Redis that stops is an
empty cache (pages served, slower, one log line a minute), a database that cannot be reached is
a short Vietnamese 503 page with Retry-After, and both recover by themselves."""

from __future__ import annotations

import logging
import time

import pytest
from django.db import OperationalError, connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from portal import faults
from tests.factories import ArticleFactory, UserFactory
from tests.redis_server import free_port, start_redis, use_redis

pytestmark = pytest.mark.django_db


# A fake Redis client that fails on demand


class FakeClient:
    """Stands in for Django's RedisCacheClient: a dict, or an error when ``down``."""

    def __init__(self):
        self.data: dict = {}
        self.down: type[Exception] | None = None
        self.calls = 0

    def _op(self):
        self.calls += 1
        if self.down is not None:
            raise self.down("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    def get(self, key, default):
        self._op()
        return self.data.get(key, default)

    def get_many(self, keys):
        self._op()
        return {k: self.data[k] for k in keys if k in self.data}

    def set(self, key, value, timeout):
        self._op()
        self.data[key] = value

    def set_many(self, data, timeout):
        self._op()
        self.data.update(data)

    def add(self, key, value, timeout):
        self._op()
        return self.data.setdefault(key, value) is value

    def delete(self, key):
        self._op()
        return self.data.pop(key, None) is not None

    def delete_many(self, keys):
        self._op()
        for key in keys:
            self.data.pop(key, None)

    def has_key(self, key):
        self._op()
        return key in self.data

    def touch(self, key, timeout):
        self._op()
        return key in self.data

    def incr(self, key, delta):
        self._op()
        if key not in self.data:
            raise ValueError(f"Key '{key}' not found.")
        self.data[key] += delta
        return self.data[key]

    def clear(self):
        self._op()
        self.data.clear()
        return True


@pytest.fixture
def tolerant(monkeypatch):
    """A TolerantRedisCache on a fake client, with its own health record and a clock."""
    backend = faults.TolerantRedisCache(
        f"redis://127.0.0.1:6399/{time.monotonic_ns()}",
        {"KEY_PREFIX": "t", "OPTIONS": {"RETRY_SECONDS": 5, "LOG_SECONDS": 60}},
    )
    client = FakeClient()
    backend.__dict__["_cache"] = client  # the cached_property, filled in
    clock = {"now": 1000.0}
    monkeypatch.setattr(faults.time, "monotonic", lambda: clock["now"])
    return backend, client, clock


def warnings_of(caplog):
    return [r for r in caplog.records if r.name == "portal.faults"]


@pytest.mark.parametrize("error", [RedisConnectionError, RedisTimeoutError, ConnectionRefusedError])
def test_a_cache_that_is_down_answers_as_an_empty_cache(tolerant, error):
    backend, client, _clock = tolerant
    backend.set("kept", 1)
    client.down = error
    assert backend.get("kept") is None
    assert backend.get("kept", "default") == "default"
    assert backend.get_many(["kept", "other"]) == {}
    assert backend.add("new", 1) is False
    assert backend.has_key("kept") is False
    assert backend.incr("counter", 3) == 3  # counters fail open: as if just started
    assert backend.get_or_set("made", lambda: "fresh") == "fresh"
    backend.set("x", 1)
    assert backend.set_many({"a": 1, "b": 2}) == ["a", "b"]
    backend.delete("x")
    backend.delete_many(["a", "b"])
    assert backend.touch("kept") is False


def test_after_a_failure_the_cache_is_left_alone_then_tried_again(tolerant):
    backend, client, clock = tolerant
    client.down = RedisConnectionError
    backend.get("a")
    assert client.calls == 1
    for _ in range(50):  # every request meanwhile: no socket touched, no wait
        backend.get("a")
        backend.set("a", 1)
    assert client.calls == 1
    clock["now"] += 5.1
    client.down = None
    backend.set("a", 2)
    assert backend.get("a") == 2
    assert client.calls == 3


def test_the_failure_is_logged_once_a_minute_and_the_recovery_once(tolerant, caplog):
    backend, client, clock = tolerant
    caplog.set_level(logging.WARNING, logger="portal.faults")
    client.down = RedisConnectionError
    for _ in range(20):  # a minute of requests, the cache tried every 5 s
        for _ in range(30):
            backend.get("a")
        clock["now"] += 3
    lines = warnings_of(caplog)
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert "ConnectionError" in lines[0].getMessage()
    assert lines[0].exc_info is None  # no traceback
    clock["now"] += 5
    assert len(warnings_of(caplog)) == 1
    backend.get("a")
    assert len(warnings_of(caplog)) == 2  # a minute later, one more line
    client.down = None
    clock["now"] += 6
    backend.get("a")
    backend.get("a")
    messages = [r.getMessage() for r in warnings_of(caplog)]
    assert len(messages) == 3 and "answers again" in messages[-1]


def test_keys_written_with_no_expiry_during_the_outage_are_forgotten_on_recovery(tolerant):
    """A version token bumped while Redis was down (portal/versions.py writes them with no
    expiry): the older copy Redis kept must not be taken for the current one afterwards."""
    backend, client, clock = tolerant
    backend.set("version:content", "old", None)
    backend.set("page", "cached", 600)
    client.down = RedisConnectionError
    backend.set("version:content", "new", None)  # lost
    backend.set("other", "x", 600)  # lost too, but it expires by itself
    clock["now"] += 6
    client.down = None
    assert backend.get("version:content") is None  # read back from the database by versions.py
    assert backend.get("page") == "cached"


def test_a_missing_counter_still_raises_as_djangos_does(tolerant):
    backend, _client, _clock = tolerant
    with pytest.raises(ValueError):
        backend.incr("missing")


# A real redis-server, stopped in the middle


@pytest.fixture
def redis_server(tmp_path, settings):
    port = free_port()
    process = start_redis(port, tmp_path)
    use_redis(settings, f"redis://127.0.0.1:{port}/0", f"test{port}")
    server = {"process": process, "port": port, "work": tmp_path}
    yield server
    server["process"].kill()
    server["process"].wait(10)


def test_pages_are_served_while_redis_is_stopped_and_cached_again_after(
    client, redis_server, caplog
):
    caplog.set_level(logging.WARNING, logger="portal.faults")
    article = ArticleFactory(title="Bài viết khi Redis dừng")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    hit = client.get(url)
    assert hit.status_code == 200 and hit["X-Page-Cache"] == "hit"
    assert client.get("/healthz").content == b"ok"

    redis_server["process"].kill()
    redis_server["process"].wait(10)
    started = time.monotonic()
    for _ in range(10):
        for address in (url, "/", "/tin-tuc/", "/hoi-dap/"):
            response = client.get(address)
            assert response.status_code == 200, address
            assert response.get("X-Page-Cache") != "hit"
    assert time.monotonic() - started < 20
    health = client.get("/healthz")
    assert health.status_code == 200 and health.content == b"degraded"
    lines = [r for r in caplog.records if r.name == "portal.faults"]
    assert len(lines) == 1 and "does not answer" in lines[0].getMessage()

    # Redis back, empty: the pages go into it again.
    redis_server["process"] = start_redis(redis_server["port"], redis_server["work"])
    time.sleep(0.3)
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get("/healthz").content == b"ok"
    assert "answers again" in [r for r in caplog.records if r.name == "portal.faults"][-1].msg


# The database


@pytest.fixture
def database_down(monkeypatch):
    """Every new cursor fails as psycopg2 does when PostgreSQL is stopped."""
    state = {"down": True}
    original = connection.ensure_connection
    monkeypatch.setattr(faults, "_db_logged_at", -1e9)  # not logged by an earlier test

    def ensure_connection():
        if state["down"]:
            raise OperationalError(
                'connection to server at "127.0.0.1", port 5433 failed: Connection refused'
            )
        return original()

    monkeypatch.setattr(connection, "ensure_connection", ensure_connection)
    return state


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Cổng đang tạm thời gián đoạn" in html
    assert "briefly unavailable" in html  # a line for the English pages' readers
    assert 'role="search"' in html
    for leak in ("Traceback", "OperationalError", "5433", "Connection refused"):
        assert leak not in html
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize(
    "url", ["/", "/tin-tuc/", "/van-ban/", "/hoi-dap/", "/tim-kiem/?q=ngh%C3%A8o", "/en/"]
)
def test_public_pages_answer_503_while_the_database_is_down(client, url, database_down):
    assert_friendly_503(client.get(url))


def test_the_admin_answers_503_too_and_everything_recovers(client, database_down):
    database_down["down"] = False
    user = UserFactory(username="bientap", is_staff=True, is_superuser=True)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    database_down["down"] = True
    # The session is read in its middleware, before any view: handler500 answers (the test
    # client would re-raise what reached it; a browser gets the page).
    client.raise_request_exception = False
    assert_friendly_503(client.get("/admin/"))
    assert_friendly_503(client.get("/admin/news/article/"))
    assert_friendly_503(client.post("/hoi-dap/dat-cau-hoi/", {"title": "x"}))
    database_down["down"] = False
    assert client.get("/admin/").status_code == 200
    assert client.get("/").status_code == 200


def test_the_outage_is_logged_as_one_short_line_every_few_seconds(client, database_down, caplog):
    database_down["down"] = False
    client.force_login(UserFactory(username="bientap", is_staff=True))
    database_down["down"] = True
    client.raise_request_exception = False
    caplog.set_level(logging.INFO)
    for _ in range(20):
        client.get("/")
        client.get("/tin-tuc/")
        client.get("/admin/")  # the session read in its middleware: handler500's path
        client.get("/healthz")
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert errors[0].name == "portal.faults" and errors[0].exc_info is None
    assert "OperationalError" in errors[0].getMessage()


def test_an_outage_met_in_a_middleware_is_logged_too(client, database_down, caplog):
    database_down["down"] = False
    client.force_login(UserFactory(username="bientap", is_staff=True))
    database_down["down"] = True
    client.raise_request_exception = False
    caplog.set_level(logging.INFO)
    for _ in range(5):
        assert client.get("/admin/").status_code == 503
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in errors] == ["portal.faults"]


def test_with_debug_the_developer_sees_django_s_error_page(client, database_down, settings):
    settings.DEBUG = True
    client.raise_request_exception = False
    response = client.get("/tin-tuc/")
    assert response.status_code == 500 and b"OperationalError" in response.content


def test_the_health_check_says_503_without_details(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    database_down["down"] = False
    assert client.get("/healthz").content == b"ok"


def test_handler500_answers_503_for_the_database_only():
    from portal.views import server_error

    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        assert server_error(None).status_code == 500
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        assert server_error(None).status_code == 503

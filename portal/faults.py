"""What keeps the site up when the cache or the database is not.

- :class:`TolerantRedisCache`, the shared cache when REDIS_URL is set: a Redis that stops,
  restarts or does not answer in time is treated as an empty cache that keeps nothing. Reads
  miss, writes are dropped, the pages are rendered without the cache (slower, never an error).
  After a failure the cache is left alone for ``RETRY_SECONDS`` (no request waits on a dead
  socket), and the failure is logged once per ``LOG_SECONDS`` per process, not per request.
  When Redis answers again, the keys this process could not write with no expiry (the version
  tokens of portal/versions.py) are deleted first, so an older copy Redis still holds is never
  taken for the current one.
- :class:`DatabaseUnavailableMiddleware` and :func:`database_unavailable`: a database that
  cannot be reached (OperationalError, InterfaceError) answers a short Vietnamese 503 page with
  Retry-After, rendered from templates/503.html without any context processor (they query);
  never a traceback. Django reconnects by itself (CONN_HEALTH_CHECKS) once it is back.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("portal.faults")

# What "the cache is not there" looks like from redis-py (BusyLoadingError, a Redis still
# reading its dump, is a ConnectionError too), and from the socket itself.
CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
DATABASE_ERRORS = (OperationalError, InterfaceError)

RETRY_AFTER_SECONDS = 5


class _Health:
    """One cache server's state in this process, shared by every thread's cache object."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0  # monotonic time before which the server is not tried
        self.down_since: float | None = None
        self.logged_at = -1e9
        self.failures = 0  # operations that failed or were skipped since the last log line
        # Keys written with no expiry that this process could not write or delete: Redis may
        # still hold an older value for them when it comes back (ordered, oldest first).
        self.unwritten: OrderedDict[str, None] = OrderedDict()
        self.overflowed = False


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


def _health_of(location: str) -> _Health:
    with _health_lock:
        return _health.setdefault(location, _Health())


class TolerantRedisCache(RedisCache):
    """Django's Redis cache that answers as an empty cache while Redis is unreachable.

    OPTIONS beyond redis-py's: ``RETRY_SECONDS`` (default 5), how long the cache is skipped
    after a failure; ``LOG_SECONDS`` (default 60), at most one warning per that time. Give
    redis-py short ``socket_connect_timeout`` and ``socket_timeout`` (settings.py does).
    """

    MAX_UNWRITTEN = 10_000

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        self.log_seconds = float(options.pop("LOG_SECONDS", 60))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self.health = _health_of(f"{server}|{params.get('KEY_PREFIX', '')}")

    # The state machine

    def _skip(self) -> bool:
        """True while the server is left alone after a failure."""
        return time.monotonic() < self.health.down_until

    def _recover(self) -> None:
        """Before the first operation after a failure: forget what this process could not
        write (raises the cache's error if it still does not answer)."""
        health = self.health
        with health.lock:
            keys = list(health.unwritten)
        if keys:
            self._cache.delete_many(keys)
        with health.lock:
            for key in keys:
                health.unwritten.pop(key, None)

    def _recovered(self) -> None:
        health = self.health
        with health.lock:
            if health.down_since is None:
                return
            was_down = time.monotonic() - health.down_since
            health.down_since = None
            overflowed, health.overflowed = health.overflowed, False
            health.failures = 0
        logger.warning(
            "The cache answers again after %.0f s without it%s",
            was_down,
            "; more keys were lost than remembered: flush it if pages look stale"
            if overflowed
            else "",
            extra={"event": "cache_up", "down_seconds": round(was_down, 1)},
        )

    def _failed(self, error: BaseException | None) -> None:
        health = self.health
        now = time.monotonic()
        with health.lock:
            health.failures += 1
            if error is not None:
                health.down_until = now + self.retry_seconds
                if health.down_since is None:
                    health.down_since = now
            log = error is not None and now - health.logged_at >= self.log_seconds
            if log:
                health.logged_at = now
                failures, health.failures = health.failures, 0
        if log:
            logger.warning(
                "The cache does not answer (%s): pages are served without it; %d operation(s) "
                "failed or skipped since the last message",
                type(error).__name__,
                failures,
                extra={"event": "cache_down", "error": type(error).__name__},
            )

    def _remember_unwritten(self, keys, persistent: bool) -> None:
        if not persistent:
            return
        health = self.health
        with health.lock:
            for key in keys:
                health.unwritten[key] = None
                health.unwritten.move_to_end(key)
            while len(health.unwritten) > self.MAX_UNWRITTEN:
                health.unwritten.popitem(last=False)
                health.overflowed = True

    def _call(self, fallback, operation, *args, unwritten=(), persistent=False):
        if self._skip():
            self._failed(None)
            self._remember_unwritten(unwritten, persistent)
            return fallback
        try:
            if self.health.down_since is not None:
                self._recover()
            result = operation(*args)
        except CACHE_ERRORS as error:
            self._failed(error)
            self._remember_unwritten(unwritten, persistent)
            return fallback
        if self.health.down_since is not None:
            self._recovered()
        return result

    # Django's cache API

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        return self._call(False, self._cache.add, key, value, timeout)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._call(default, self._cache.get, key, default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        self._call(
            None, self._cache.set, key, value, timeout, unwritten=[key], persistent=timeout is None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._call(False, self._cache.touch, key, self.get_backend_timeout(timeout))

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        # A key that could not be deleted may hold anything: forget it on recovery whatever
        # its expiry.
        return self._call(False, self._cache.delete, key, unwritten=[key], persistent=True)

    def get_many(self, keys, version=None):
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = self._call({}, self._cache.get_many, key_map.keys())
        return {key_map[k]: v for k, v in found.items()}

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._call(False, self._cache.has_key, key)

    def incr(self, key, delta=1, version=None):
        """While Redis is down a counter answers as if it had just started (``delta``): what
        counts with it fails open. A missing key still raises ValueError, as Django's does."""
        key = self.make_and_validate_key(key, version=version)
        return self._call(delta, self._cache.incr, key, delta, unwritten=[key], persistent=True)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        safe = {self.make_and_validate_key(key, version=version): v for key, v in data.items()}
        timeout = self.get_backend_timeout(timeout)
        failed = self._call(
            False, self._cache.set_many, safe, timeout, unwritten=list(safe), persistent=True
        )
        return list(data) if failed is False else []

    def delete_many(self, keys, version=None):
        if not keys:
            return
        safe = [self.make_and_validate_key(key, version=version) for key in keys]
        self._call(None, self._cache.delete_many, safe, unwritten=safe, persistent=True)

    def clear(self):
        return self._call(False, self._cache.clear)

    def ping(self) -> bool:
        """Whether Redis answers now (the health check), whatever the retry delay says."""
        try:
            return bool(self._cache.get_client().ping())
        except CACHE_ERRORS:
            return False


def cache_answers(cache) -> bool:
    """Whether a cache answers: a ping for Redis, a read for the others (nothing written)."""
    ping = getattr(cache, "ping", None)
    if ping is not None:
        return ping()
    try:
        cache.get("healthz")
    except Exception:
        return False
    return True


# The database


def is_database_down(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_ERRORS)


_db_logged_at = -1e9
_db_lock = threading.Lock()


def log_database_down(error: BaseException) -> None:
    """One warning line per ``RETRY_AFTER_SECONDS`` at most, without the traceback."""
    global _db_logged_at
    now = time.monotonic()
    with _db_lock:
        if now - _db_logged_at < RETRY_AFTER_SECONDS:
            return
        _db_logged_at = now
    logger.warning(
        "The database does not answer (%s: %s): pages answer 503 until it does",
        type(error).__name__,
        str(error).strip().splitlines()[0][:200] if str(error).strip() else "",
        extra={"event": "database_down", "error": type(error).__name__},
    )


def database_unavailable(request=None) -> HttpResponse:
    """The 503 page, rendered without the request (no context processor runs, none queries)."""
    html = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged by log_database_down (once per few seconds) and the request line, not by Django's
    # "Service Unavailable" error line per request.
    response._has_been_logged = True
    return response


class DatabaseUnavailableMiddleware:
    """A view, a template response or a context processor that cannot reach the database
    answers the 503 page. Errors raised in other middleware (sessions, authentication) reach
    handler500 instead, which answers the same page (portal.views.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # With DEBUG, Django's error page says more (a missing table: `migrate` not run).
        if is_database_down(exception) and not settings.DEBUG:
            log_database_down(exception)
            return database_unavailable(request)
        return None


def current_database_error() -> BaseException | None:
    """The database error being handled (inside handler500), if that is what it is."""
    error = sys.exc_info()[1]
    return error if is_database_down(error) else None

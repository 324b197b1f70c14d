"""Version tokens: a cached thing's key includes its version, and a new version makes every
older key unreachable at once, on every worker, deleting nothing.

The database holds the current token of each name (portal.CacheVersion); the shared cache holds
a copy so that reading it costs one cache lookup. A copy the cache lost (culled, evicted, a
restarted Redis) is read back from the database, never restarted: tokens are random, so an old
page stored under an old token can never become current again. A bump made inside a transaction
is made again once it commits, so a page rendered from the old data meanwhile is not kept.

With Redis (``VERSION_TRACKING``), each worker also keeps the tokens it read between requests,
so that a page served from the worker's copy (portal/pagecache.py) costs no round trip at all.
They are kept only while Redis promises to say when any of them changes: a connection of the
worker's own asks Redis to track every key under the tokens' prefix (``CLIENT TRACKING ... BCAST
PREFIX``, Redis 6 and later) and is read, without waiting, at the start of every lookup. Any
change of a token on any server (a bump, a delete, an expiry, a flush, a Redis restart: the
connection then breaks) drops what the worker kept, and it reads the tokens again. What was
read before the tracking was confirmed is never kept, and nothing is kept longer than
``VERSION_MEMO_SECONDS`` (a safety net for a connection that dies silently).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger("portal.versions")

PREFIX = "version:"

# The tokens already read during the current request (see :func:`request_scope`): a page reads
# the content's and the frame's tokens once, whatever asks for them (the page cache, the frame,
# the most-read list, the fragments).
_seen: ContextVar[dict[str, str] | None] = ContextVar("version_tokens", default=None)


@contextmanager
def request_scope():
    """Remember the tokens read until the block ends (one request: portal.pagecache)."""
    reset = _seen.set({})
    try:
        yield
    finally:
        _seen.reset(reset)


def remember(tokens: dict[str, str]) -> None:
    """Tokens read some other way (the page cache reads them with the page, in one round trip)."""
    seen = _seen.get()
    if seen is not None:
        seen.update(tokens)


class _Tracked:
    """The tokens this worker read, kept between requests while Redis tracks them for it."""

    CHANNEL = "__redis__:invalidate"

    def __init__(self):
        self.connection = None
        self.pid = None
        self.tokens: dict[str, str] = {}
        self.kept_at = 0.0
        self.retry_at = 0.0  # monotonic time before which no new connection is tried
        self.epoch = 0  # changes whenever what was kept can no longer be trusted

    def _enabled(self) -> bool:
        return bool(getattr(settings, "VERSION_TRACKING", False))

    def _drop(self) -> None:
        self.tokens.clear()
        self.epoch += 1

    def _close(self) -> None:
        self._drop()
        if self.connection is not None:
            with contextlib.suppress(Exception):  # a dead connection is being thrown away
                self.connection.disconnect()
        self.connection = None

    def _connect(self) -> None:
        import redis

        pool = redis.ConnectionPool.from_url(
            settings.REDIS_URL, protocol=2, **getattr(settings, "REDIS_OPTIONS", {})
        )
        conn = pool.make_connection()
        conn.connect()
        conn.send_command("CLIENT", "ID")
        client_id = conn.read_response()
        conn.send_command(
            "CLIENT", "TRACKING", "ON", "REDIRECT", client_id, "BCAST",
            "PREFIX", cache.make_key(PREFIX),
        )  # fmt: skip
        if conn.read_response() != b"OK":
            raise OSError("CLIENT TRACKING was refused")
        conn.send_command("SUBSCRIBE", self.CHANNEL)
        conn.read_response()  # the confirmation: from here on, every change is told
        self.connection = conn
        self.pid = os.getpid()
        self._drop()

    def _ready(self) -> bool:
        """Connected and told of every change so far (what was kept is dropped if not)."""
        if self.connection is not None and self.pid != os.getpid():
            self.connection = None  # a forked worker: the parent's socket is not ours
            self._drop()
        if self.connection is None:
            if time.monotonic() < self.retry_at:
                return False
            try:
                self._connect()
            except Exception as error:  # without tracking, the tokens are read each time
                self._close()
                self.retry_at = time.monotonic() + 5  # not tried on every request meanwhile
                logger.warning(
                    "Version tokens are read from the cache on every request: %s", error,
                    extra={"event": "version_tracking_off"},
                )  # fmt: skip
                return False
        try:
            while self.connection.can_read(timeout=0):
                self.connection.read_response()  # a token changed, or Redis was flushed
                self._drop()
        except Exception:  # the connection broke: nothing kept can be trusted
            self._close()
            return False
        if self.tokens and time.monotonic() - self.kept_at > settings.VERSION_MEMO_SECONDS:
            self._drop()
        return True

    def get(self, names) -> tuple[dict[str, str] | None, int | None]:
        """The kept tokens of every name (or None), and the epoch to :meth:`keep` a read under."""
        if not self._enabled() or not self._ready():
            return None, None
        if all(name in self.tokens for name in names):
            return {name: self.tokens[name] for name in names}, self.epoch
        return None, self.epoch

    def keep(self, tokens: dict[str, str], epoch: int | None) -> None:
        """Tokens read after :meth:`get` returned ``epoch``: kept if nothing was told since."""
        if epoch is None or not self._ready() or epoch != self.epoch:
            return
        if not self.tokens:
            self.kept_at = time.monotonic()
        self.tokens.update(tokens)

    def forget(self) -> None:
        """Drop everything and the connection (tests)."""
        self._close()
        self.retry_at = 0.0


tracked = _Tracked()


def kept(names) -> tuple[dict[str, str] | None, int | None]:
    """Tokens this worker may use without reading them (see the module's text)."""
    seen = _seen.get() or {}
    if all(name in seen for name in names):
        return {name: seen[name] for name in names}, None
    tokens, epoch = tracked.get(names)
    if tokens is not None:
        remember(tokens)
    return tokens, epoch


def keep(tokens: dict[str, str], epoch: int | None) -> None:
    """Tokens read from the cache after :func:`kept` answered ``epoch``."""
    remember(tokens)
    tracked.keep(tokens, epoch)


def _new_token() -> str:
    return secrets.token_hex(6)


def _from_database(name: str) -> str:
    from .models import CacheVersion

    version, _created = CacheVersion.objects.get_or_create(
        name=name, defaults={"token": _new_token()}
    )
    return version.token


def current_many(names: list[str]) -> dict[str, str]:
    """The current token of each name, in one cache round trip when the cache has them (none
    when this request read them already)."""
    known, epoch = kept(names)
    if known is not None:
        return known
    found = cache.get_many([PREFIX + name for name in names])
    tokens = {}
    for name in names:
        token = found.get(PREFIX + name)
        if token is None:
            token = _from_database(name)
            cache.add(PREFIX + name, token, None)
        tokens[name] = token
    keep(tokens, epoch)
    return tokens


# Names nearly every page reads (the page cache registers the content's and the frame's): the
# first of them a request asks for brings the others in the same round trip.
_read_together: list[str] = []


def read_together(names) -> None:
    for name in names:
        if name not in _read_together:
            _read_together.append(name)


def current(name: str) -> str:
    together = name in _read_together and _seen.get() is not None
    return current_many(_read_together if together else [name])[name]


def _bump_now(name: str) -> None:
    from .models import CacheVersion

    token = _new_token()
    CacheVersion.objects.update_or_create(name=name, defaults={"token": token})
    cache.set(PREFIX + name, token, None)
    tracked.tokens.pop(name, None)  # Redis tells the others (and this worker) too
    remember({name: token})


def bump(name: str) -> None:
    _bump_now(name)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump_now(name))

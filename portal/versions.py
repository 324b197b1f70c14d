"""Version tokens: a cached thing's key includes its version, and a new version makes every
older key unreachable at once, on every worker, deleting nothing.

The database holds the current token of each name (portal.CacheVersion); the shared cache holds
a copy so that reading it costs one cache lookup. A copy the cache lost (culled, evicted, a
restarted Redis) is read back from the database, never restarted: tokens are random, so an old
page stored under an old token can never become current again. A bump made inside a transaction
is made again once it commits, so a page rendered from the old data meanwhile is not kept.
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import connection, transaction

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
    seen = _seen.get() or {}
    if all(name in seen for name in names):
        return {name: seen[name] for name in names}
    found = cache.get_many([PREFIX + name for name in names])
    tokens = {}
    for name in names:
        token = found.get(PREFIX + name)
        if token is None:
            token = _from_database(name)
            cache.add(PREFIX + name, token, None)
        tokens[name] = token
    remember(tokens)
    return tokens


def current(name: str) -> str:
    return current_many([name])[name]


def _bump_now(name: str) -> None:
    from .models import CacheVersion

    token = _new_token()
    CacheVersion.objects.update_or_create(name=name, defaults={"token": token})
    cache.set(PREFIX + name, token, None)
    remember({name: token})


def bump(name: str) -> None:
    _bump_now(name)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump_now(name))

"""Whole public pages in the shared cache, with versioned keys.

A page's key holds two version tokens (portal/versions.py): the content's (new when anything a
content kind registered with ``registry.watch`` is saved or deleted) and the frame's
(portal/chrome.py). A change makes every older key unreachable at once, on every worker, without
deleting anything; the old entries simply expire. A cached page also never outlives the next
change a kind announced (``registry.add_next_change``: a scheduled publication) or the next
banner change, so a scheduled article appears on time.

The key is the path plus only the query parameters the view reads (``params``), each a plain
positive number: ``?utm_source=...`` and every other unknown parameter are ignored, so they
cannot fill the cache with copies of one page; a declared parameter with any other value
(``?page=01``, two ``page``s) is answered without the cache.

Only anonymous-safe responses are kept: GET or HEAD, status 200, no cookies set, no CSRF token
handed out. Other methods are refused with 405 before the view runs. Staff previews and the
admin are never wrapped.
"""

from __future__ import annotations

import gzip
import hashlib
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from . import chrome, registry, versions

CONTENT_VERSION_KEY = "content"
SAFE_METHODS = ("GET", "HEAD")
MAX_PARAM_DIGITS = 6


def bump_content_version() -> None:
    versions.bump(CONTENT_VERSION_KEY)


def _timeout(now) -> int:
    timeout = settings.PAGE_CACHE_SECONDS
    upcoming = registry.next_change(now)
    frame_until = chrome.get_chrome().get("valid_until")
    for moment in (upcoming, frame_until):
        if moment is not None:
            timeout = min(timeout, max(1, int((moment - now).total_seconds())))
    return timeout


def _canonical_number(value: str) -> bool:
    return (
        0 < len(value) <= MAX_PARAM_DIGITS
        and value.isascii()
        and value.isdigit()
        and not value.startswith("0")
    )


def address_of(request, params: tuple[str, ...]) -> str | None:
    """The page's address as the cache knows it, or None when it must not use the cache."""
    query = []
    for name in params:
        values = request.GET.getlist(name)
        if not values:
            continue
        if len(values) > 1 or not _canonical_number(values[0]):
            return None
        query.append(f"{name}={values[0]}")
    return f"{request.path}?{'&'.join(query)}"


def entry_key(address: str) -> str:
    return "page:" + hashlib.blake2b(address.encode(), digest_size=16).hexdigest()


TOKEN_NAMES = [CONTENT_VERSION_KEY, chrome.VERSION_KEY]
TOKEN_KEYS = [versions.PREFIX + name for name in TOKEN_NAMES]
versions.read_together(TOKEN_NAMES)  # a page rendered without the page cache: one round trip


def cache_public_page(view, params: tuple[str, ...] = (), searched: tuple[str, ...] = ()):
    """Serve the view's page from the shared cache when nothing it shows has changed.

    ``params`` names the query parameters the view reads (for example ``("page",)``), numbers
    in the cache key. ``searched`` names those that hold free text (a search box): a request
    with one of them is never cached, so that a flood of queries cannot fill the cache.

    The view only marks its response as storable; :class:`PageCacheMiddleware`, early in the
    middleware stack, stores it with the headers every later middleware added, and answers the
    next anonymous request for it before sessions, CSRF, authentication and messages run.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        mark = None
        if settings.PAGE_CACHE_SECONDS and not any(request.GET.get(n) for n in searched):
            address = address_of(request, params)
            if address is not None and not has_private_cookies(request):
                # The tokens as the rendering starts: a change during it makes the entry stale.
                mark = (entry_key(address), versions.current_many(TOKEN_NAMES))
        response = view(request, *args, **kwargs)
        if mark is not None:
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            response.page_cache = mark
        if response.status_code == 200 and "Cache-Control" not in response:
            # Browsers and proxies revalidate each time; ETags make that a cheap 304 on slow
            # connections.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    wrapper.page_cache_params = (params, searched)
    return wrapper


def has_private_cookies(request) -> bool:
    """A session (staff, a visitor's form) or pending messages: the page may differ."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


# What a stored page keeps of its response's headers (everything the middleware stack added:
# security headers, the content security policy, the language...), never a cookie.
_UNSTORED_HEADERS = {"set-cookie", "date", "content-length", "x-page-cache", "vary"}
GZIP_MIN_BYTES = 200


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form with a CSRF token
        and "Cookie" not in response.get("Vary", "")
        and "Content-Encoding" not in response
    )


def store(request, response) -> None:
    key, tokens = response.page_cache
    body = response.content
    etag = response.get("ETag") or f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    response["ETag"] = etag
    headers = [(h, v) for h, v in response.items() if h.lower() not in _UNSTORED_HEADERS]
    entry = {
        "tokens": (tokens[CONTENT_VERSION_KEY], tokens[chrome.VERSION_KEY]),
        "headers": headers,
        "body": body,
        # Compressed once here, not on every hit (mtime=0: the same bytes every time).
        "gzip": gzip.compress(body, 6, mtime=0) if len(body) >= GZIP_MIN_BYTES else None,
        "etag": etag,
    }
    timeout = _timeout(timezone.now())
    entry["expires"] = time.time() + timeout
    cache.set(key, entry, timeout)
    _keep_locally(key, entry)
    response["X-Page-Cache"] = "miss"


def _accepts_gzip(request) -> bool:
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    return any(part.split(";")[0].strip().lower() in ("gzip", "*") for part in accepted.split(","))


def _matches(if_none_match: str, etag: str) -> bool:
    wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in wanted or etag in wanted


def serve(request, entry) -> HttpResponse:
    """A stored page as an HTTP response: 304 when the browser has it, else the body, gzip'd
    when the browser takes it."""
    etag = entry["etag"]
    if _matches(request.META.get("HTTP_IF_NONE_MATCH", ""), etag):
        response = HttpResponseNotModified()
        for header, value in entry["headers"]:
            if header.lower() in ("cache-control", "content-language", "etag", "expires"):
                response[header] = value
    else:
        compressed = entry["gzip"] if entry["gzip"] is not None and _accepts_gzip(request) else None
        body = compressed if compressed is not None else entry["body"]
        response = HttpResponse(b"" if request.method == "HEAD" else body)
        for header, value in entry["headers"]:
            response[header] = value
        response["Content-Length"] = str(len(body))
        if compressed is not None:
            response["Content-Encoding"] = "gzip"
        if entry["gzip"] is not None:
            response["Vary"] = "Accept-Encoding"
    response["ETag"] = etag
    response["X-Page-Cache"] = "hit"
    return response


# What this worker served or stored lately (portal/pagecache.py's second level): a hit then
# reads only the two version tokens from the shared cache, not the page (tens of kilobytes a
# request, decoded each time); a copy is served only while its tokens are the current ones and
# its own lifetime lasts, so a change on any server is seen at once. Bounded in bytes.
_local: OrderedDict[str, dict] = OrderedDict()
_local_bytes = 0
# Which view an address resolves to (its cache parameters), remembered: resolving costs more
# than the rest of a hit. Bounded: any address can be asked.
_routes: dict[str, tuple | None] = {}
ROUTES_MAX = 5000


def forget() -> None:
    """Drop this worker's copies (tests: a cleared cache starts empty)."""
    global _local_bytes
    _local.clear()
    _routes.clear()
    _lists.clear()
    _local_bytes = 0


# What every page of a kind shows and only a content change alters (a register's filter
# choices: its years, types, fields), built once per worker: kept under the content version
# and never past the next scheduled change (a document published at 8:00 adds its year at
# 8:00). Misses after a publish rebuild it once per worker, not once per page.
_lists: dict[str, tuple[str, object, object]] = {}
LISTS_MAX = 64


def per_content(key: str, build):
    """``build()``'s value, kept in this worker while the content is unchanged. ``key`` names
    the list (with anything else it depends on); the value must not be changed by callers."""
    key = f"{key}:{translation.get_language()}"
    token = versions.current(CONTENT_VERSION_KEY)
    now = timezone.now()
    kept = _lists.get(key)
    if kept is not None and kept[0] == token and (kept[1] is None or now < kept[1]):
        return kept[2]
    value = build()
    if len(_lists) >= LISTS_MAX:
        _lists.pop(next(iter(_lists)))
    _lists[key] = (token, registry.next_change(now), value)
    return value


def _keep_locally(key: str, entry: dict) -> None:
    global _local_bytes
    size = len(entry["body"]) + len(entry["gzip"] or b"")
    limit = settings.PAGE_CACHE_LOCAL_BYTES
    if size > limit / 8 or not entry.get("expires"):
        return
    old = _local.pop(key, None)
    if old is not None:
        _local_bytes -= old["size"]
    entry["size"] = size
    _local[key] = entry
    _local_bytes += size
    while _local_bytes > limit and _local:
        _oldest, dropped = _local.popitem(last=False)
        _local_bytes -= dropped["size"]


def _cache_params(language: str, path: str):
    route = f"{language}:{path}"
    if route not in _routes:
        try:
            match = resolve(path)
        except Resolver404:
            found = None
        else:
            found = getattr(match.func, "page_cache_params", None)
        if len(_routes) >= ROUTES_MAX:
            _routes.clear()
        _routes[route] = found
    return _routes[route]


def lookup(request):
    """The stored page for this request, or None: the worker's copy when its tokens are
    current (one round trip for the tokens, none when Redis tracks them), else the shared
    cache's (one round trip for the page and the tokens together)."""
    if request.method not in SAFE_METHODS or not settings.PAGE_CACHE_SECONDS:
        return None
    if has_private_cookies(request):
        return None
    try:
        request.get_host()  # a Host outside ALLOWED_HOSTS: Django's 400, never a stored page
    except DisallowedHost:
        return None
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    translation.activate(language)  # the bilingual patterns resolve in the address's language
    found_params = _cache_params(language, request.path_info)
    if found_params is None:
        return None
    params, searched = found_params
    if any(request.GET.get(name) for name in searched):
        return None
    address = address_of(request, params)
    if address is None:
        return None
    key = entry_key(address)
    # The tokens this worker may already know (Redis tracks them for it: portal/versions.py).
    known, epoch = versions.kept(TOKEN_NAMES)
    local = _local.get(key)
    if local is not None and local["expires"] > time.time():
        if known is None:
            found = cache.get_many(TOKEN_KEYS)
            known = _tokens_of(found, epoch)
        if local["tokens"] == tuple(known.get(name) for name in TOKEN_NAMES):
            _local.move_to_end(key)
            return local
    if known is not None:
        entry = cache.get(key)
    else:
        found = cache.get_many([key, *TOKEN_KEYS])
        known = _tokens_of(found, epoch)
        entry = found.get(key)
    if entry is None or entry["tokens"] != tuple(known.get(name) for name in TOKEN_NAMES):
        return None
    _keep_locally(key, entry)
    return entry


def _tokens_of(found: dict, epoch) -> dict:
    """The version tokens among what the cache answered (a missing one is left out: the page
    is then not current, and a miss reads it back from the database)."""
    tokens = {name: found[k] for name, k in zip(TOKEN_NAMES, TOKEN_KEYS, strict=True) if k in found}
    if len(tokens) == len(TOKEN_NAMES):
        versions.keep(tokens, epoch)  # a miss renders with these: the frame does not read them
    else:
        versions.remember(tokens)
    return tokens


class PageCacheMiddleware:
    """The short path of a cache hit: placed right after WhiteNoise, it answers an anonymous
    GET or HEAD for a stored page from one cache round trip (the page and the two version
    tokens together), with the stored headers, ETag (a 304 when it matches) and gzip'd body,
    before the session, CSRF, authentication, messages and axes machinery runs. On the way out
    it stores what :func:`cache_public_page` marked, once every later middleware has added its
    headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with versions.request_scope():
            entry = lookup(request)
            if entry is not None:
                return serve(request, entry)
            response = self.get_response(request)
            if getattr(response, "page_cache", None) is not None and _storable(request, response):
                store(request, response)
            return response

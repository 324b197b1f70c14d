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

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
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


def _key(request, params: tuple[str, ...]) -> str | None:
    """The cache key of this request, or None when it must not use the cache."""
    query = []
    for name in params:
        values = request.GET.getlist(name)
        if not values:
            continue
        if len(values) > 1 or not _canonical_number(values[0]):
            return None
        query.append(f"{name}={values[0]}")
    address = f"{request.path}?{'&'.join(query)}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    tokens = versions.current_many([CONTENT_VERSION_KEY, chrome.VERSION_KEY])
    return f"page:{tokens[CONTENT_VERSION_KEY]}:{tokens[chrome.VERSION_KEY]}:{digest}"


def cache_public_page(view, params: tuple[str, ...] = (), searched: tuple[str, ...] = ()):
    """Serve the view's page from the shared cache when nothing it shows has changed.

    ``params`` names the query parameters the view reads (for example ``("page",)``), numbers
    in the cache key. ``searched`` names those that hold free text (a search box): a request
    with one of them is never cached, so that a flood of queries cannot fill the cache.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        if any(request.GET.get(name) for name in searched):
            response = view(request, *args, **kwargs)
        else:
            response = _cached_or_rendered(view, params, request, *args, **kwargs)
        if response.status_code == 200 and "Cache-Control" not in response:
            # Browsers and proxies revalidate each time; ETags (ConditionalGetMiddleware)
            # make that a cheap 304 on slow connections.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return wrapper


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form with a CSRF token
        and "Cookie" not in response.get("Vary", "")
    )


def _cached_or_rendered(view, params, request, *args, **kwargs):
    key = _key(request, params) if settings.PAGE_CACHE_SECONDS else None
    if key is None:
        return view(request, *args, **kwargs)
    stored = cache.get(key)
    if stored is not None:
        response = HttpResponse(stored["content"], content_type=stored["content_type"])
        for header, value in stored["headers"].items():
            response[header] = value
        response["X-Page-Cache"] = "hit"
        return response
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if _storable(request, response):
        headers = {h: response[h] for h in ("Content-Language", "X-Robots-Tag") if h in response}
        cache.set(
            key,
            {
                "content": response.content,
                "content_type": response["Content-Type"],
                "headers": headers,
            },
            _timeout(timezone.now()),
        )
        response["X-Page-Cache"] = "miss"
    return response

"""Whole public pages in the shared cache, with versioned keys.

A page's key holds two version numbers: the content version (bumped when an article, photo,
category, event, programme or fixed page is saved or deleted) and the frame's version
(portal/chrome.py). A change makes every older key unreachable at once, on every worker, without
deleting anything; the old entries simply expire. A cached page also never outlives the next
scheduled publication or the next banner change, so a scheduled article appears on time.

Only anonymous-safe responses are kept: GET or HEAD, status 200, no cookies set. Staff previews
and the admin are never wrapped.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from . import chrome, versions

CONTENT_VERSION_KEY = "content:version"


def bump_content_version() -> None:
    versions.bump(CONTENT_VERSION_KEY)


def _timeout(now) -> int:
    from news.models import Article

    timeout = settings.PAGE_CACHE_SECONDS
    upcoming = Article.objects.filter(
        status=Article.Status.PUBLISHED, publish_at__gt=now
    ).aggregate(next=Min("publish_at"))["next"]
    frame_until = chrome.get_chrome().get("valid_until")
    for moment in (upcoming, frame_until):
        if moment is not None:
            timeout = min(timeout, max(1, int((moment - now).total_seconds())))
    return timeout


def _key(request) -> str:
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    # Both versions in one round trip (one query when the shared cache is a database table).
    found = cache.get_many([CONTENT_VERSION_KEY, chrome.VERSION_KEY])
    content = found.get(CONTENT_VERSION_KEY) or versions.current(CONTENT_VERSION_KEY)
    frame = found.get(chrome.VERSION_KEY) or versions.current(chrome.VERSION_KEY)
    return f"page:{content}:{frame}:{path}"


def cache_public_page(view):
    """Serve the view's page from the shared cache when nothing it shows has changed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = _cached_or_rendered(view, request, *args, **kwargs)
        if response.status_code == 200 and "Cache-Control" not in response:
            # Browsers and proxies revalidate each time; ETags (ConditionalGetMiddleware)
            # make that a cheap 304 on slow connections.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return wrapper


def _cached_or_rendered(view, request, *args, **kwargs):
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return view(request, *args, **kwargs)
    key = _key(request)
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
    if response.status_code == 200 and not response.streaming and not response.cookies:
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

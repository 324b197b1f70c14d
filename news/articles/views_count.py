"""Counting article views without a database write per view.

The article page asks the browser to send a small beacon (static/js/site.js, navigator.sendBeacon)
to :func:`count_view`, which counts the site's visit too (portal/visits.py). Counting happens
there, not in the article view, so views still count when the page itself comes from the page
cache, a CDN or the browser's cache; crawlers that do not run scripts are not counted. Each
worker process adds views up in memory and writes them in one batch when ``FLUSH_EVERY`` views
or ``FLUSH_SECONDS`` seconds have gone by (and when it exits): one UPDATE per article and day,
whatever the traffic. Who was counted and how much each address added live in the visit
statistics' cache (``CACHES["stats"]``): with Redis every worker on every server sees them, so a
reader whose beacons land on several servers still counts once, and an address's limits hold
for the whole site.

"Tin đọc nhiều" (:func:`most_read`) sums the last seven days and is cached for ten minutes.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import threading
import time
from collections import Counter
from datetime import timedelta

from django.core.cache import cache, caches
from django.db import DatabaseError, transaction
from django.db.models import F, Q, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal import versions, visits
from portal.clients import client_ip
from portal.pagecache import CONTENT_VERSION_KEY
from portal.visits import Window

from .models import Article, ArticleViewDay

logger = logging.getLogger(__name__)

FLUSH_EVERY = 50
FLUSH_SECONDS = 30
REPEAT_WINDOW = 30 * 60  # one reader counts once per article per half hour
# One address (an office behind one router, or someone faking readers) adds at most this many
# views to one article, and this many in all, per REPEAT_WINDOW (with Redis for the whole site;
# without it per worker).
MAX_PER_ADDRESS_AND_ARTICLE = 5
MAX_PER_ADDRESS = 60
MOST_READ_DAYS = 7
MOST_READ_COUNT = 5
MOST_READ_TIMEOUT = 600


class ViewBuffer:
    """Views waiting to be written, in this worker's memory; the readers seen recently and what
    each address added, in the ``stats`` cache (portal/visits.py): Redis with ``REDIS_URL``,
    shared by every worker on every server, else the worker's memory (never the database
    cache, which would cost a write per view again). Should that cache not answer, this
    worker's own memory counts meanwhile."""

    MAX_READERS = 100_000

    def __init__(self):
        self.lock = threading.Lock()
        self.pending: Counter = Counter()
        self.last_flush = time.monotonic()
        self.readers = Window(REPEAT_WINDOW, self.MAX_READERS)
        self.per_article = Window(REPEAT_WINDOW, self.MAX_READERS)
        self.per_address = Window(REPEAT_WINDOW, self.MAX_READERS)
        self._warned = 0.0

    def first_time(self, reader: str, address: str = "", article_id: int = 0) -> bool:
        """True once per reader and article within REPEAT_WINDOW seconds, and only while the
        reader's address is within its limits."""
        try:
            return _first_time_shared(caches[visits.STATS_CACHE], reader, address, article_id)
        except Exception:  # the stats cache does not answer: this worker's memory meanwhile
            self._warn()
        return self._first_time_here(reader, address, article_id)

    def _warn(self) -> None:
        now = time.monotonic()
        if now - self._warned >= 60:
            self._warned = now
            logger.warning("The view counter's cache does not answer", exc_info=True)

    def _first_time_here(self, reader: str, address: str, article_id: int) -> bool:
        now = time.monotonic()
        with self.lock:
            for window in (self.readers, self.per_article, self.per_address):
                window.expire(now)
            if self.readers.count(reader):
                return False
            if (
                self.per_article.count((address, article_id)) >= MAX_PER_ADDRESS_AND_ARTICLE
                or self.per_address.count(address) >= MAX_PER_ADDRESS
            ):
                return False
            self.readers.add(reader, now)
            self.per_article.add((address, article_id), now)
            self.per_address.add(address, now)
            return True

    def reset(self) -> None:
        """Forget everything pending and every reader seen (tests start from here)."""
        with self.lock:
            self.pending.clear()
            self.last_flush = time.monotonic()
            for window in (self.readers, self.per_article, self.per_address):
                window.clear()

    def add(self, article_id: int) -> None:
        with self.lock:
            self.pending[(article_id, timezone.localdate())] += 1
            due = (
                sum(self.pending.values()) >= FLUSH_EVERY
                or time.monotonic() - self.last_flush >= FLUSH_SECONDS
            )
        if due:
            self.flush()

    def flush(self) -> int:
        """Write the pending views of published articles; returns how many were written.

        Views of articles that are gone or not public are dropped; a failure on one article's
        row is logged and the others are still written.
        """
        with self.lock:
            pending, self.pending = self.pending, Counter()
            self.last_flush = time.monotonic()
        if not pending:
            return 0
        public = set(
            Article.objects.published()
            .filter(pk__in={pk for pk, _day in pending})
            .values_list("pk", flat=True)
        )
        written = 0
        for (article_id, day), count in pending.items():
            if article_id not in public:
                continue
            try:
                with transaction.atomic():
                    _write(article_id, day, count)
                written += count
            except DatabaseError:
                logger.exception("Could not write %d views of article %s", count, article_id)
        return written


def _first_time_shared(store, reader: str, address: str, article_id: int) -> bool:
    """The same rule in the shared store, atomically between workers (three round trips): the
    reader marked first, then the address's counters, each given back when over its limit."""
    if not store.add(f"views:reader:{reader}", 1, REPEAT_WINDOW):
        return False
    who = salted_hmac("news.views_count.address", address).hexdigest()[:24]
    per_article, per_address = f"views:addr:{who}:{article_id}", f"views:addr:{who}"
    if _count(store, per_article) > MAX_PER_ADDRESS_AND_ARTICLE:
        store.delete(f"views:reader:{reader}")
        return False
    if _count(store, per_address) > MAX_PER_ADDRESS:
        store.decr(per_article)
        store.delete(f"views:reader:{reader}")
        return False
    return True


def _count(store, key: str) -> int:
    """One more in ``key`` (made by its first count, living REPEAT_WINDOW from then)."""
    try:
        return store.incr(key)
    except ValueError:
        if store.add(key, 1, REPEAT_WINDOW):
            return 1
        return store.incr(key)  # another worker made it just now


def _write(article_id: int, day, count: int) -> None:
    rows = ArticleViewDay.objects.filter(article_id=article_id, day=day)
    if not rows.update(count=F("count") + count):
        _row, created = ArticleViewDay.objects.get_or_create(
            article_id=article_id, day=day, defaults={"count": count}
        )
        if not created:
            rows.update(count=F("count") + count)
    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + count)


buffer = ViewBuffer()


@atexit.register
def _flush_on_exit():  # pragma: no cover - runs when a worker stops
    try:
        buffer.flush()
    except Exception:
        logger.exception("Could not write the last article views")


def _reader_key(request, article_id: int, address: str) -> str:
    who = f"{address}|{request.META.get('HTTP_USER_AGENT', '')[:300]}"
    return hashlib.blake2b(f"{article_id}|{who}".encode(), digest_size=12).hexdigest()


@csrf_exempt  # a beacon carries no token; it can only add one view per reader and half hour
@never_cache
@require_POST
def count_view(request, pk: int):
    visits.record(request)  # the article's page is a page of the site: one beacon counts both
    address = client_ip(request)
    if buffer.first_time(_reader_key(request, pk, address), address, pk):
        buffer.add(pk)
    return HttpResponse(status=204)


# This process's copy of the list, so that a page does not ask the shared cache for it: kept a
# minute at most, and under the content's version, so an unpublished article leaves at once.
_recent: dict[str, tuple[float, list[dict]]] = {}
MOST_READ_LOCAL_SECONDS = 60


def forget() -> None:
    """Drop this process's copy (tests: a cleared cache starts from the database)."""
    _recent.clear()


def most_read(days: int = MOST_READ_DAYS, count: int = MOST_READ_COUNT) -> list[dict]:
    """The most viewed published articles of the last ``days`` days (cached, one query)."""
    key = f"news:most-read:{days}:{count}:{versions.current(CONTENT_VERSION_KEY)}"
    kept = _recent.get(key)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    result = cache.get(key)
    if result is None:
        since = timezone.localdate() - timedelta(days=days - 1)
        recent = Sum("view_days__count", filter=Q(view_days__day__gte=since))
        rows = (
            Article.objects.published()
            .select_related("category")
            .annotate(recent=recent)
            .filter(recent__gt=0)
            .order_by("-recent", "-publish_at")[:count]
        )
        result = [{"title": a.title, "url": a.get_absolute_url(), "views": a.recent} for a in rows]
        cache.set(key, result, MOST_READ_TIMEOUT)
    _recent.clear()  # one list is current at a time
    _recent[key] = (time.monotonic() + MOST_READ_LOCAL_SECONDS, result)
    return result

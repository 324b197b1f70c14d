"""Counting article views without a database write per view.

The article page asks the browser to send a small beacon (static/js/site.js, navigator.sendBeacon)
to :func:`count_view`. Counting happens there, not in the article view, so views still count when
the page itself comes from the page cache, a CDN or the browser's cache; crawlers that do not run
scripts are not counted. Each worker process adds views up in memory and writes them in one
batch when ``FLUSH_EVERY`` views or ``FLUSH_SECONDS`` seconds have gone by (and when it exits):
one UPDATE per article and day, whatever the traffic.

"Tin đọc nhiều" (:func:`most_read`) sums the last seven days and is cached for ten minutes.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import threading
import time
from collections import Counter, OrderedDict
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Article, ArticleViewDay

logger = logging.getLogger(__name__)

FLUSH_EVERY = 50
FLUSH_SECONDS = 30
REPEAT_WINDOW = 30 * 60  # one reader counts once per article per half hour
MOST_READ_DAYS = 7
MOST_READ_COUNT = 5
MOST_READ_TIMEOUT = 600


class ViewBuffer:
    """Views waiting to be written, and the readers seen recently, in this worker's memory.

    Memory rather than the shared cache, because without Redis the shared cache is a database
    table and every view would cost a write again.
    """

    MAX_READERS = 100_000

    def __init__(self):
        self.lock = threading.Lock()
        self.pending: Counter = Counter()
        self.last_flush = time.monotonic()
        self.readers: OrderedDict[str, float] = OrderedDict()

    def first_time(self, reader: str) -> bool:
        """True once per reader and article within REPEAT_WINDOW seconds."""
        now = time.monotonic()
        with self.lock:
            while self.readers:
                seen = next(iter(self.readers.values()))
                if now - seen < REPEAT_WINDOW and len(self.readers) < self.MAX_READERS:
                    break
                self.readers.popitem(last=False)
            if reader in self.readers:
                return False
            self.readers[reader] = now
            return True

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
        with self.lock:
            pending, self.pending = self.pending, Counter()
            self.last_flush = time.monotonic()
        if not pending:
            return 0
        known = set(
            Article.objects.filter(pk__in={pk for pk, _day in pending}).values_list("pk", flat=True)
        )
        with transaction.atomic():
            for (article_id, day), count in pending.items():
                if article_id not in known:
                    continue
                updated = ArticleViewDay.objects.filter(article_id=article_id, day=day).update(
                    count=F("count") + count
                )
                if not updated:
                    _row, created = ArticleViewDay.objects.get_or_create(
                        article_id=article_id, day=day, defaults={"count": count}
                    )
                    if not created:
                        ArticleViewDay.objects.filter(article_id=article_id, day=day).update(
                            count=F("count") + count
                        )
                Article.objects.filter(pk=article_id).update(view_count=F("view_count") + count)
        return sum(pending.values())


buffer = ViewBuffer()


@atexit.register
def _flush_on_exit():  # pragma: no cover - runs when a worker stops
    try:
        buffer.flush()
    except Exception:
        logger.exception("Could not write the last article views")


def _reader_key(request, article_id: int) -> str:
    who = f"{request.META.get('REMOTE_ADDR', '')}|{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.blake2b(f"{article_id}|{who}".encode(), digest_size=12).hexdigest()


@csrf_exempt  # a beacon carries no token; it can only add one view per reader and half hour
@never_cache
@require_POST
def count_view(request, pk: int):
    if buffer.first_time(_reader_key(request, pk)):
        buffer.add(pk)
    return HttpResponse(status=204)


def most_read(days: int = MOST_READ_DAYS, count: int = MOST_READ_COUNT) -> list[dict]:
    """The most viewed published articles of the last ``days`` days (cached, one query)."""
    key = f"news:most-read:{days}:{count}"
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
    return result

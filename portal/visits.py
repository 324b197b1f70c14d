"""Visit statistics of the whole site ("Thống kê truy cập") without a database write per view.

Counting. Every public page asks the browser for one beacon (static/js/site.js,
``navigator.sendBeacon``): an article page sends the article's (news/articles/views_count.py,
which calls :func:`record` too), every other page :func:`beacon`. Counting there, not in the
page's view, means views count when the page itself came from the page cache, and crawlers that
run no script are not counted (nor those that say they are bots).

- A **page view** is one beacon. A **visit** (lượt truy cập) is a visitor's first page after
  ``VISIT_SECONDS`` without any: reloading or reading ten pages is one visit.
- A **visitor** is a keyed hash of the address and the browser's user agent, keyed with a random
  salt made each day and kept only in the cache: the hash cannot be traced back to an address
  once the salt has expired, the database never sees it, and it changes at midnight.
- **Online** (đang trực tuyến) is the number of visitors seen in the last ``ONLINE_MINUTES``
  minutes, by whole minutes: each visitor is counted in the bucket of the minute they were last
  seen (moved forward when seen again), and the figure is the sum of the last buckets.

Where things live. The per-visitor keys and the minute buckets are in the ``stats`` cache
(settings.CACHES): Redis when ``REDIS_URL`` is set, so that every worker on every host sees the
same visitors; without Redis, each worker's own memory (never the database cache, which would
cost a write per view again). Page views and visits add up in each worker's memory and are written
in one UPDATE per day (``SiteVisitDay``) when ``FLUSH_EVERY`` views or ``FLUSH_SECONDS`` seconds
have gone by, and when the worker stops: the database is the durable total.

Limits. One address (an office behind one router, or someone faking readers) adds at most
``MAX_VIEWS_PER_ADDRESS`` page views and ``MAX_VISITS_PER_ADDRESS`` visits per half hour and
worker. A worker killed without warning loses what it had not written (at most ``FLUSH_EVERY``
views or ``FLUSH_SECONDS`` seconds of them).

Showing. Cached pages carry no figures: the footer's block (includes/visit_stats.html) has a link
to :func:`statistics_page` and the script fills the figures from :func:`figures_json`, neither
of which is ever cached. See README, "Thống kê truy cập".
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import re
import secrets
import threading
import time
from collections import Counter, OrderedDict
from contextlib import suppress
from datetime import date

from django.core.cache import cache, caches
from django.db import DatabaseError, transaction
from django.db.models import F, Q, Sum
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from .clients import client_ip
from .models import SiteVisitDay
from .seo import page_meta

logger = logging.getLogger(__name__)

STATS_CACHE = "stats"
ONLINE_MINUTES = 5
VISIT_SECONDS = 30 * 60
SALT_SECONDS = 2 * 24 * 3600
BUCKET_SECONDS = (ONLINE_MINUTES + 1) * 60
FLUSH_EVERY = 50
FLUSH_SECONDS = 30
LIMIT_SECONDS = 30 * 60
MAX_VIEWS_PER_ADDRESS = 300
MAX_VISITS_PER_ADDRESS = 30
FIGURES_KEY = "visits:figures"
FIGURES_SECONDS = 30
MAX_AGENT = 300
# Those that say what they are; a crawler that runs scripts and hides is counted like a reader.
ROBOTS = re.compile(r"bot\b|bot/|crawl|spider|slurp|headless|lighthouse|preview", re.IGNORECASE)


class Window:
    """Counts per key within ``seconds``, oldest forgotten first, at most ``max_keys`` keys."""

    def __init__(self, seconds: float, max_keys: int):
        self.seconds = seconds
        self.max_keys = max_keys
        self.entries: OrderedDict[object, list] = OrderedDict()  # key -> [first seen, count]

    def expire(self, now: float) -> None:
        while self.entries:
            first_seen = next(iter(self.entries.values()))[0]
            if now - first_seen < self.seconds and len(self.entries) < self.max_keys:
                break
            self.entries.popitem(last=False)

    def count(self, key) -> int:
        entry = self.entries.get(key)
        return entry[1] if entry else 0

    def add(self, key, now: float) -> None:
        entry = self.entries.get(key)
        if entry is None:
            self.entries[key] = [now, 1]
        else:
            entry[1] += 1

    def clear(self) -> None:
        self.entries.clear()


def _bucket(minute: int) -> str:
    return f"visits:online:{minute}"


class VisitCounter:
    """One worker's counter: page views and visits waiting to be written, the addresses seen
    recently (in memory), the visitors and who is online (in the ``stats`` cache, shared)."""

    MAX_ADDRESSES = 100_000

    def __init__(self, store=None):
        self._store = store  # a cache; None: the "stats" cache of the settings
        self.lock = threading.Lock()
        self.pending: Counter = Counter()  # (day, "visits" | "page_views") -> count
        self.last_flush = time.monotonic()
        self.views_by_address = Window(LIMIT_SECONDS, self.MAX_ADDRESSES)
        self.visits_by_address = Window(LIMIT_SECONDS, self.MAX_ADDRESSES)
        self._warned = 0.0
        self._salt: tuple[date, str, float] | None = None  # (day, salt, when read)

    @property
    def store(self):
        return self._store if self._store is not None else caches[STATS_CACHE]

    def reset(self) -> None:
        """Forget everything pending and every address seen (tests start from here)."""
        with self.lock:
            self.pending.clear()
            self.last_flush = time.monotonic()
            self.views_by_address.clear()
            self.visits_by_address.clear()
            self._salt = None

    # Counting

    def record(self, address: str, agent: str) -> bool:
        """Count one page view of the visitor at ``address`` with this user agent, and a visit if
        they had not been seen for ``VISIT_SECONDS``. False when not counted (a robot, or the
        address is over its limits). No database query."""
        agent = agent[:MAX_AGENT]
        if not agent.strip() or ROBOTS.search(agent):
            return False
        now = time.monotonic()
        with self.lock:
            self.views_by_address.expire(now)
            self.visits_by_address.expire(now)
            if self.views_by_address.count(address) >= MAX_VIEWS_PER_ADDRESS:
                return False
            may_start = self.visits_by_address.count(address) < MAX_VISITS_PER_ADDRESS
        day = timezone.localdate()
        try:
            new_visit = self._see(self._visitor(day, address, agent), may_start)
        except Exception:  # the shared cache is down: count the view, not who made it
            self._warn("The visit statistics' cache does not answer")
            new_visit = False
        if new_visit is None:
            return False
        with self.lock:
            self.views_by_address.add(address, now)
            self.pending[(day, "page_views")] += 1
            if new_visit:
                self.visits_by_address.add(address, now)
                self.pending[(day, "visits")] += 1
            due = self._due(now)
        if due:
            self.flush()
        return True

    def _visitor(self, day: date, address: str, agent: str) -> str:
        who = f"{self._day_salt(day)}|{address}|{agent}".encode()
        return hashlib.blake2b(who, digest_size=16).hexdigest()

    def _day_salt(self, day: date) -> str:
        """The day's salt, made by the first worker that needs it and shared through the cache;
        this worker keeps it a minute (one cache round trip less per view)."""
        now = time.monotonic()
        memo = self._salt
        if memo is not None and memo[0] == day and now - memo[2] < 60:
            return memo[1]
        salt = self.store.get_or_set(
            f"visits:salt:{day.isoformat()}", lambda: secrets.token_hex(16), SALT_SECONDS
        )
        self._salt = (day, salt, now)
        return salt

    def _see(self, visitor: str, may_start: bool) -> bool | None:
        """Mark the visitor as seen this minute. True: a new visit; False: a visit going on;
        None: a new visit the address may not start."""
        store = self.store
        minute = int(time.time() // 60)
        key = f"visits:v:{visitor}"
        last = store.get(key)
        if last is None:
            if not may_start:
                return None
            if store.add(key, minute, VISIT_SECONDS):
                self._arrive(store, minute)
                return True
            last = store.get(key)  # another worker counted this visitor a moment ago
            if last is None:
                return False
        if last != minute:
            store.set(key, minute, VISIT_SECONDS)
            if minute - ONLINE_MINUTES < last:
                with suppress(ValueError):  # the bucket expired meanwhile
                    store.decr(_bucket(last))
            self._arrive(store, minute)
        return False

    @staticmethod
    def _arrive(store, minute: int) -> None:
        """One more visitor last seen in ``minute`` (the bucket made by its first visitor)."""
        try:
            store.incr(_bucket(minute))
        except ValueError:
            if not store.add(_bucket(minute), 1, BUCKET_SECONDS):
                store.incr(_bucket(minute))  # another worker made it just now

    def online(self) -> int | None:
        """Visitors seen in the last ``ONLINE_MINUTES`` minutes (None: the cache is down)."""
        minute = int(time.time() // 60)
        keys = [_bucket(m) for m in range(minute - ONLINE_MINUTES + 1, minute + 1)]
        try:
            counts = self.store.get_many(keys)
        except Exception:
            self._warn("The visit statistics' cache does not answer")
            return None
        return sum(max(0, int(value)) for value in counts.values())

    def _warn(self, message: str) -> None:
        """Log at most once a minute: a cache that is down would otherwise flood the log."""
        now = time.monotonic()
        if now - self._warned >= 60:
            self._warned = now
            logger.warning(message, exc_info=True)

    # Writing

    def _due(self, now: float) -> bool:
        views = sum(n for (_day, field), n in self.pending.items() if field == "page_views")
        return views >= FLUSH_EVERY or (views > 0 and now - self.last_flush >= FLUSH_SECONDS)

    def flush_if_due(self) -> None:
        with self.lock:
            due = self._due(time.monotonic())
        if due:
            self.flush()

    def pending_counts(self) -> dict[tuple[date, str], int]:
        with self.lock:
            return dict(self.pending)

    def flush(self) -> int:
        """Write what is pending, one UPDATE (or INSERT) per day; returns the page views written.
        A day whose row cannot be written is logged and kept for the next flush."""
        with self.lock:
            pending, self.pending = self.pending, Counter()
            self.last_flush = time.monotonic()
        if not pending:
            return 0
        days: dict[date, dict[str, int]] = {}
        for (day, field), count in pending.items():
            days.setdefault(day, {"visits": 0, "page_views": 0})[field] += count
        written = 0
        for day, counts in sorted(days.items()):
            try:
                with transaction.atomic():
                    _write(day, counts)
                written += counts["page_views"]
            except DatabaseError:
                logger.exception("Could not write the visits of %s; kept for later", day)
                with self.lock:
                    for field, count in counts.items():
                        self.pending[(day, field)] += count
        if written:
            cache.delete(FIGURES_KEY)  # the next figures include what was just written
        return written


def _write(day: date, counts: dict[str, int]) -> None:
    rows = SiteVisitDay.objects.filter(day=day)
    added = {field: F(field) + count for field, count in counts.items()}
    if not rows.update(**added):
        _row, created = SiteVisitDay.objects.get_or_create(day=day, defaults=counts)
        if not created:
            rows.update(**added)


counter = VisitCounter()


@atexit.register
def _flush_on_exit():  # pragma: no cover - runs when a worker stops
    try:
        counter.flush()
    except Exception:
        logger.exception("Could not write the last visits")


def record(request) -> bool:
    """Count this request's page view (and visit): for every beacon, the articles' included."""
    return counter.record(client_ip(request), request.META.get("HTTP_USER_AGENT", ""))


@csrf_exempt  # a beacon carries no token; it can only add views within the address's limits
@never_cache
@require_POST
def beacon(request):
    record(request)
    return HttpResponse(status=204)


# Showing


def figures(visit_counter: VisitCounter | None = None) -> dict:
    """Online now, visits today, this month and in all, and the page views of the same (the
    database's totals, kept ``FIGURES_SECONDS`` in the shared cache, plus what this worker has
    not written yet). One query at most."""
    visit_counter = visit_counter or counter
    visit_counter.flush_if_due()
    today = timezone.localdate()
    month = today.replace(day=1)
    stored = cache.get(FIGURES_KEY)
    if stored is None or stored.get("day") != today:
        sums = {}
        for field in ("visits", "page_views"):
            sums[f"today_{field}"] = Sum(field, filter=Q(day=today))
            sums[f"month_{field}"] = Sum(field, filter=Q(day__gte=month, day__lte=today))
            sums[f"total_{field}"] = Sum(field)
        stored = {k: v or 0 for k, v in SiteVisitDay.objects.aggregate(**sums).items()}
        stored["day"] = today
        cache.set(FIGURES_KEY, stored, FIGURES_SECONDS)
    result = {k: v for k, v in stored.items() if k != "day"}
    for (day, field), count in visit_counter.pending_counts().items():
        result[f"total_{field}"] += count
        if month <= day <= today:
            result[f"month_{field}"] += count
        if day == today:
            result[f"today_{field}"] += count
    result["online"] = visit_counter.online()
    return result


@never_cache
@require_safe
def figures_json(request):
    """The footer's four figures for the script (never cached, so never stale)."""
    numbers = figures()
    return JsonResponse(
        {
            "online": numbers["online"],
            "today": numbers["today_visits"],
            "month": numbers["month_visits"],
            "total": numbers["total_visits"],
        }
    )


@never_cache
@require_safe
def statistics_page(request):
    """The figures as a page, for readers without JavaScript (the footer links here)."""
    meta = page_meta(
        request,
        _("Thống kê truy cập"),
        _("Số người đang xem cổng, lượt truy cập hôm nay, tháng này và từ khi mở cổng."),
        noindex=True,
    )
    context = {
        "figures": figures(),
        "meta": meta,
        "online_minutes": ONLINE_MINUTES,
        "visit_minutes": VISIT_SECONDS // 60,
    }
    return render(request, "portal/visit_statistics.html", context)

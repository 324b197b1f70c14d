"""Measure search speed on a large synthetic archive (run on PostgreSQL for the real figure)."""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from news.models import Article, Category
from portal import search

# Filler syllables (Vietnamese-like, with diacritics) and the phrases queried, each put into a
# realistic share of the articles so that a query matches hundreds or thousands, not all.
ONSETS = [
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "nh",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
]
RHYMES = [
    "a",
    "à",
    "á",
    "ả",
    "ã",
    "ạ",
    "an",
    "ang",
    "anh",
    "ao",
    "ay",
    "e",
    "ê",
    "em",
    "en",
    "ênh",
    "i",
    "im",
    "inh",
    "o",
    "ô",
    "ơ",
    "oi",
    "ong",
    "u",
    "ư",
    "uy",
]
PHRASES = {
    "giảm nghèo": 0.02,
    "đài phát thanh": 0.01,
    "chuyển đổi số": 0.03,
    "tập huấn cán bộ xã": 0.005,
    "Hải Dương": 0.001,
}
QUERIES = ["giam ngheo", "dai phat thanh", "chuyen doi so", "tap huan can bo xa", "hai duong"]


class Command(BaseCommand):
    help = (
        "Creates N synthetic published articles (in a category of their own), times the "
        "search page's queries on them and removes them again. Not for production databases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--keep", action="store_true", help="Leave the synthetic articles.")

    def handle(self, *args, articles, repeat, keep, **options):
        rng = random.Random(2017)  # noqa: S311 - synthetic text, not security
        category, _ = Category.objects.get_or_create(
            slug="kiem-thu-toc-do", defaults={"name": "Kiểm thử tốc độ", "show_in_menu": False}
        )
        existing = Article.objects.filter(category=category).count()
        started = time.perf_counter()
        batch, now = [], timezone.now()
        vocabulary = [o + r for o in ONSETS for r in RHYMES]

        def words(k):
            return " ".join(rng.choices(vocabulary, k=k))

        for n in range(existing, articles):
            title, sapo, body = words(10).capitalize(), words(30), words(250)
            for phrase, share in PHRASES.items():
                if rng.random() < share:
                    where = rng.random()
                    if where < 0.3:
                        title = f"{title} {phrase}"
                    elif where < 0.6:
                        sapo = f"{phrase} {sapo}"
                    else:
                        body = f"{body} {phrase}"
            batch.append(
                Article(
                    title=title,
                    slug=f"bai-kiem-thu-{n}",
                    category=category,
                    sapo=sapo,
                    body=f"<p>{body}</p>",
                    body_html=f"<p>{body}</p>",
                    status=Article.Status.PUBLISHED,
                    publish_at=now - timezone.timedelta(minutes=n),
                    search_title=search.index_text(title),
                    search_sapo=search.index_text(sapo),
                    search_text=search.index_text(title, sapo, body),
                )
            )
            if len(batch) == 5000:
                Article.objects.bulk_create(batch)
                batch = []
                self.stdout.write(f"  {n + 1} articles", ending="\r")
        if batch:
            Article.objects.bulk_create(batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE news_article")
        total = Article.objects.published().count()
        self.stdout.write(
            f"{total} published articles ({time.perf_counter() - started:.1f} s to create "
            f"{max(0, articles - existing)}). Database: {connection.vendor}."
        )

        self.stdout.write(f"{'query':<22} {'matches':>8} {'median ms':>10} {'max ms':>8}")
        medians = []
        for raw in QUERIES:
            _shown, words = search.parse_query(raw)
            timings, total = [], 0
            for _ in range(repeat):
                t0 = time.perf_counter()
                with transaction.atomic():
                    results = (
                        Article.objects.published()
                        .select_related("category", "lead_photo")
                        .matching(words)
                    )
                    total = results.count()
                    list(results[:10])
                timings.append((time.perf_counter() - t0) * 1000)
            median = statistics.median(timings)
            medians.append(median)
            self.stdout.write(f"{raw:<22} {total:>8} {median:>10.1f} {max(timings):>8.1f}")
        self.stdout.write(f"Median over queries: {statistics.median(medians):.1f} ms")

        if connection.vendor == "postgresql":
            _shown, words = search.parse_query(QUERIES[0])
            matches = Article.objects.published().matching(words)
            sql, params = matches[:10].query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            uses_index = "trgm" in plan
            self.stdout.write(f"Trigram index used: {'yes' if uses_index else 'NO'}")
            if options["verbosity"] > 1:
                self.stdout.write(plan)

        if not keep:
            # One raw DELETE: the synthetic rows have nothing pointing at them, and the ORM's
            # delete would collect, signal and version each of the 100,000 (minutes of CPU).
            rows = Article.objects.filter(category=category)
            deleted = rows._raw_delete(rows.db)
            category.delete()
            self.stdout.write(f"Removed the {deleted} synthetic rows.")

"""EXPLAIN ANALYZE of the slowest query of each public list over the large archive (PostgreSQL).

Run by scripts/bench.py: each page is asked once through Django's test client (page cache off),
its queries captured, and the slowest one explained, so that what is shown is what the page
really runs, ordering and filters included: an index scan where the list is read in its order.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from news.models import Article, Category

biggest = Category.objects.get(slug="kiem-thu-toc-do")
last = -(-Article.objects.published().filter(category=biggest).count() // 12)
PAGES = {
    "home": "/",
    "all news, page 1": "/tin-tuc/",
    "category, last page": f"{biggest.get_absolute_url()}?page={last}",
    "documents, filtered": "/van-ban/?nam=2023&hieu_luc=1",
    "questions": "/hoi-dap/",
    "events": "/tap-huan/",
    "search": "/tim-kiem/?q=giam+ngheo",
}

client = Client()
with override_settings(PAGE_CACHE_SECONDS=0):
    for label, path in PAGES.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + slowest["sql"])
            plan = [row[0] for row in cursor.fetchall()]
        print(
            f"-- {label} ({path}): slowest of {len(captured.captured_queries)} queries, "
            f"{float(slowest['time']) * 1000:.1f} ms"
        )
        scans = [line.strip() for line in plan if "Scan" in line or "Execution Time" in line]
        for line in scans[:8]:
            print("   " + line)

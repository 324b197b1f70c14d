"""One address of every public page kind, with the number of queries it makes (page cache off).

Run by scripts/bench.py with the bench's settings in the environment; prints JSON:
{"kinds": {"kind": {"path": ..., "queries": n, "bytes": n}}, "every": [each sitemap path],
"same": {"kind": queries of the address BENCH_SAME_PATHS gives for it}}.
The kinds are the URL names of every address
the sitemap lists (so a new kind is measured without editing the bench), plus a search, a
filtered document list and, with --large, the first and last page of the largest category.
"""

import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation

LOC = re.compile(r"<loc>([^<]+)</loc>")
# Filled-in forms and lists with parameters are kinds of their own.
EXTRA = {
    "search": "/tim-kiem/?q=giam+ngheo",
    "documents, filtered": "/van-ban/?nam=2023&hieu_luc=1",
}


EVERY: list[str] = []  # every address the sitemap lists


def kinds(client: Client, large: bool) -> dict[str, str]:
    index = client.get("/sitemap.xml").content.decode()
    found: dict[str, str] = {}
    for section in LOC.findall(index):
        for url in LOC.findall(client.get(urlsplit(section).path).content.decode())[:200]:
            path = urlsplit(url).path
            EVERY.append(path)
            english = path.startswith("/en/")
            with translation.override("en" if english else "vi"):
                match = resolve(path)
            kind = f"{'en ' if english else ''}{match.url_name}"
            found.setdefault(kind, path)
    found.update(EXTRA)
    if large:
        from news.models import Article, Category

        biggest = Category.objects.annotate(n=Count("articles")).order_by("-n").first()
        per_page = 12
        count = Article.objects.published().filter(category=biggest).count()
        last = max(1, -(-count // per_page))
        found["category, page 1"] = biggest.get_absolute_url()
        found[f"category, last page ({last})"] = f"{biggest.get_absolute_url()}?page={last}"
    return found


def main() -> None:
    large = "--large" in sys.argv
    client = Client()
    result = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for kind, path in kinds(client, large).items():
            client.get(path)  # the frame and the most-read list are built once, as on a server
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            result[kind] = {
                "path": path,
                "status": response.status_code,
                "queries": len(queries.captured_queries),
                "bytes": len(response.content),
            }
        # The demo's own addresses again (BENCH_SAME_PATHS, {kind: path}): in the large archive
        # their query counts must be the demo's (a synthetic document has no files, say).
        same = {}
        for kind, path in json.loads(os.environ.get("BENCH_SAME_PATHS") or "{}").items():
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                status = client.get(path).status_code
            same[kind] = len(queries.captured_queries) if status == 200 else None
    print(json.dumps({"kinds": result, "every": EVERY, "same": same}, ensure_ascii=False))


if __name__ == "__main__":
    main()

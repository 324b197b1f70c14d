"""Measure the document list's search and filters over a large synthetic register (run on
PostgreSQL for the real figure): whole requests to /van-ban/ through Django's test client, the
page cache off, so that every figure is a rendered page."""

import random
import re
import statistics
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from news.documents.models import (
    Document,
    DocumentRelation,
    DocumentType,
    Field,
    Issuer,
    RelationKind,
    number_key,
)
from portal import search

from .search_benchmark import ONSETS, RHYMES

PREFIX = "Kiểm thử tốc độ"
FOUND = re.compile(r'class="result-count" role="status">([0-9]+) văn bản')
TYPES = [("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Công văn", "CV"), ("Thông báo", "TB"),
         ("Chỉ thị", "CT"), ("Báo cáo", "BC")]  # fmt: skip
PHRASES = {"đài truyền thanh": 0.01, "chuyển đổi số": 0.03, "giảm nghèo": 0.02}
ASKED = [
    ("the list", {}),
    ("page 50", {"page": "50"}),
    ("type and year", {"loai": "{type}", "nam": "2019"}),
    ("in force", {"hieu_luc": "1"}),
    ("ended, oldest first", {"hieu_luc": "4", "sap_xep": "2"}),
    ("number, exact", {"q": "2328/KH-KTTĐ"}),
    ("number, prefix", {"q": "2328"}),
    ("words", {"q": "dai truyen thanh"}),
    ("words and a filter", {"q": "chuyen doi so", "nam": "2020"}),
]


class Command(BaseCommand):
    help = (
        "Creates N synthetic published documents (with issuers of their own, relations between "
        "them), times /van-ban/ with searches and filters, and removes them again. Not for "
        "production databases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--keep", action="store_true", help="Leave the synthetic documents.")

    def handle(self, *args, documents, repeat, keep, **options):
        rng = random.Random(2328)  # noqa: S311 - synthetic text, not security
        vocabulary = [o + r for o in ONSETS for r in RHYMES]
        issuers = [
            Issuer.objects.get_or_create(name=f"{PREFIX} – cơ quan {i}",
                                         defaults={"short_name": f"KTTĐ{i}"})[0]
            for i in range(8)
        ]  # fmt: skip
        types = [
            DocumentType.objects.get_or_create(name=name, defaults={"has_validity": code != "CV"})[
                0
            ]
            for name, code in TYPES
        ]
        codes = dict(TYPES)
        fields = [
            Field.objects.get_or_create(name=f"{PREFIX} – lĩnh vực {i}")[0] for i in range(10)
        ]
        existing = Document.objects.filter(issuer__in=issuers).count()
        started = time.perf_counter()
        now = timezone.now()
        batch = []
        for n in range(existing, documents):
            doc_type, issuer = rng.choice(types), rng.choice(issuers)
            if n + 1 == 2328:
                doc_type = types[1]  # 2328/KH-KTTĐ, asked for by its number
            issued = date(2010, 1, 1) + timedelta(days=rng.randrange(16 * 365))
            number = f"{n + 1}/{codes[doc_type.name]}-KTTĐ"
            summary = " ".join(rng.choices(vocabulary, k=25)).capitalize()
            for phrase, share in PHRASES.items():
                if rng.random() < share:
                    summary = f"{summary} {phrase}"
            text = " ".join(rng.choices(vocabulary, k=400))  # the PDF's text, as if extracted
            expires = (
                issued + timedelta(days=rng.randrange(365, 3000)) if rng.random() < 0.2 else None
            )
            batch.append(Document(
                number=number, number_key=number_key(number), slug=f"kiem-thu-{n + 1}",
                doc_type=doc_type, issuer=issuer, issued_on=issued, expires_on=expires,
                year=issued.year, summary=summary, status=Document.Status.PUBLISHED,
                publish_at=now - timedelta(minutes=n),
                search_title=search.index_text(number, summary),
                search_text=search.index_text(number, summary, text),
            ))  # fmt: skip
            if len(batch) == 2000:
                Document.objects.bulk_create(batch)
                batch = []
                self.stdout.write(f"  {n + 1} documents", ending="\r")
        if batch:
            Document.objects.bulk_create(batch)
        ours = list(Document.objects.filter(issuer__in=issuers).values_list("pk", flat=True))
        if not DocumentRelation.objects.filter(source_id__in=ours).exists():
            Through = Document.fields.through
            Through.objects.bulk_create(
                Through(document_id=pk, field_id=rng.choice(fields).pk) for pk in ours
            )
            DocumentRelation.objects.bulk_create(
                DocumentRelation(source_id=a, target_id=b, kind=rng.choice(RelationKind.values))
                for a, b in (rng.sample(ours, 2) for _ in range(len(ours) // 10))
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE news_document")
                cursor.execute("ANALYZE news_documentrelation")
        self.stdout.write(
            f"{len(ours)} documents ready ({time.perf_counter() - started:.1f} s). "
            f"Database: {connection.vendor}."
        )
        self.stdout.write(f"{'request':<24} {'found':>7} {'median ms':>10} {'max ms':>8}")
        medians = []
        client = Client()
        with override_settings(PAGE_CACHE_SECONDS=0, DEBUG=False, ALLOWED_HOSTS=["*"]):
            for label, params in ASKED:
                params = {k: v.replace("{type}", str(types[1].pk)) for k, v in params.items()}
                timings, found = [], 0
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    response = client.get("/van-ban/", params)
                    timings.append((time.perf_counter() - t0) * 1000)
                    assert response.status_code == 200, (label, response.status_code)
                    shown = FOUND.search(response.content.decode())
                    found = int(shown.group(1)) if shown else 0
                median = statistics.median(timings)
                medians.append(median)
                self.stdout.write(f"{label:<24} {found:>7} {median:>10.1f} {max(timings):>8.1f}")
        self.stdout.write(f"Median over requests: {statistics.median(medians):.1f} ms")
        if not keep:
            # Raw deletes: no signals (each deletion would otherwise keep a version).
            relations = DocumentRelation.objects.filter(source_id__in=ours)
            relations._raw_delete(relations.db)
            relations = DocumentRelation.objects.filter(target_id__in=ours)
            relations._raw_delete(relations.db)
            links = Document.fields.through.objects.filter(document_id__in=ours)
            links._raw_delete(links.db)
            rows = Document.objects.filter(pk__in=ours)
            deleted = rows._raw_delete(rows.db)
            Issuer.objects.filter(pk__in=[i.pk for i in issuers]).delete()
            Field.objects.filter(name__startswith=PREFIX).delete()
            self.stdout.write(f"Removed the {deleted} synthetic documents.")

"""Synthetic archive for `make bench`: many published articles, documents and answered
questions, written in bulk (no signals, no versions), with a progress bar. Not for production
databases: the bench runs it on a throwaway PostgreSQL cluster and discards the cluster."""

import random
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from news.documents.models import Document, DocumentType, Issuer, number_key
from news.models import Article, Category
from news.questions.models import Question, Status, Topic
from portal import search
from portal.models import Photo

from .search_benchmark import ONSETS, PHRASES, RHYMES

BATCH = 2000
DOC_TYPES = [("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Công văn", "CV"), ("Thông báo", "TB")]


class Command(BaseCommand):
    help = "Adds N synthetic articles, documents and answered questions (for make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--documents", type=int, default=10_000)
        parser.add_argument("--questions", type=int, default=5_000)

    def handle(self, *args, articles, documents, questions, **options):
        self.rng = random.Random(2017)  # noqa: S311 - synthetic text, not security
        self.vocabulary = [o + r for o in ONSETS for r in RHYMES]
        started = time.perf_counter()
        columns = (
            TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
            TimeRemainingColumn(),
        )  # fmt: skip
        with Progress(*columns, transient=False) as progress:
            self.progress = progress
            self.articles(articles)
            self.documents(documents)
            self.questions(questions)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # index-only scans need the visibility map
        self.stdout.write(f"Synthetic data ready in {time.perf_counter() - started:.0f} s.")

    def words(self, k: int) -> str:
        return " ".join(self.rng.choices(self.vocabulary, k=k))

    def batches(self, label: str, total: int, make, model):
        task = self.progress.add_task(label, total=total)
        batch = []
        for n in range(total):
            batch.append(make(n))
            if len(batch) == BATCH:
                model.objects.bulk_create(batch)
                self.progress.advance(task, len(batch))
                batch = []
        if batch:
            model.objects.bulk_create(batch)
            self.progress.advance(task, len(batch))

    def articles(self, total: int) -> None:
        # Most in one large category of the menu (its last page is measured), the rest spread
        # over the others; a third with a cover photo, as on a real site.
        biggest, _ = Category.objects.get_or_create(
            slug="kiem-thu-toc-do", defaults={"name": "Kiểm thử tốc độ", "show_in_menu": True}
        )
        others = list(Category.objects.exclude(pk=biggest.pk)) or [biggest]
        photos = list(Photo.objects.values_list("pk", flat=True)[:20]) or [None]
        now = timezone.now()

        def make(n: int) -> Article:
            title, sapo, body = self.words(10).capitalize(), self.words(30), self.words(250)
            for phrase, share in PHRASES.items():
                if self.rng.random() < share:
                    title = f"{title} {phrase}" if self.rng.random() < 0.5 else title
                    body = f"{body} {phrase}"
            category = biggest if self.rng.random() < 0.7 else self.rng.choice(others)
            return Article(
                title=title, slug=f"bai-kiem-thu-{n}", category=category, sapo=sapo,
                body=f"<p>{body}</p>", body_html=f"<p>{body}</p>",
                lead_photo_id=self.rng.choice(photos) if n % 3 == 0 else None,
                status=Article.Status.PUBLISHED, publish_at=now - timedelta(minutes=10 + n),
                search_title=search.index_text(title), search_sapo=search.index_text(sapo),
                search_text=search.index_text(title, sapo, body),
            )  # fmt: skip

        self.batches("Bài viết", total, make, Article)

    def documents(self, total: int) -> None:
        types = [
            DocumentType.objects.get_or_create(name=n, defaults={"has_validity": c != "CV"})[0]
            for n, c in DOC_TYPES
        ]
        codes = dict(DOC_TYPES)
        issuers = [Issuer.objects.get_or_create(name=f"Cơ quan kiểm thử {i}")[0] for i in range(6)]
        now = timezone.now()

        def make(n: int) -> Document:
            doc_type = self.rng.choice(types)
            issued = date(2010, 1, 1) + timedelta(days=self.rng.randrange(16 * 365))
            number = f"{n + 1}/{codes[doc_type.name]}-KTTĐ"
            summary = self.words(25).capitalize()
            return Document(
                number=number, number_key=number_key(number), slug=f"kiem-thu-{n + 1}",
                doc_type=doc_type, issuer=self.rng.choice(issuers), issued_on=issued,
                year=issued.year, summary=summary, status=Document.Status.PUBLISHED,
                publish_at=now - timedelta(minutes=10 + n),
                search_title=search.index_text(number, summary),
                search_text=search.index_text(number, summary, self.words(200)),
            )  # fmt: skip

        self.batches("Văn bản", total, make, Document)

    def questions(self, total: int) -> None:
        topic = Topic.objects.first() or Topic.objects.create(name="Kiểm thử tốc độ")
        now = timezone.now()
        year = timezone.localdate().year
        start = (Question.objects.filter(year=year).order_by("-number").values_list(
            "number", flat=True).first() or 0) + 1000  # fmt: skip

        def make(n: int) -> Question:
            title, question, answer = self.words(12).capitalize(), self.words(60), self.words(150)
            number = start + n
            answered = now - timedelta(hours=1 + n)
            return Question(
                code=f"HD-{year}-{number:05d}", year=year, number=number, asker_name="Người hỏi",
                topic=topic, title=title, question=question, slug=f"cau-hoi-kiem-thu-{n}",
                status=Status.PUBLISHED, due_on=answered.date(), answered_at=answered,
                settled_at=answered, body=f"<p>{answer}</p>", body_html=f"<p>{answer}</p>",
                search_title=search.index_text(title),
                search_text=search.index_text(title, question, answer),
            )  # fmt: skip

        self.batches("Hỏi đáp", total, make, Question)

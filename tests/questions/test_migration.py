"""The migration that adds the one-open-question constraint and the record of answers sent
runs on a database that already holds double posts and answered questions: the double posts
are closed as duplicates of the first, the answers given count as sent (nobody is e-mailed
them again)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("news", "0017_schedules")]
AFTER = [("news", "0018_questions_answer_sent")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_double_posts_are_closed_and_earlier_answers_count_as_sent():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        apps = migrate(BEFORE)
        Question = apps.get_model("news", "Question")
        topic = apps.get_model("news", "Topic").objects.create(name="Bưu chính", slug="buu-chinh")
        common = {"topic": topic, "title": "Câu hỏi", "question": "Nội dung", "year": 2026,
                  "due_on": "2026-12-31", "fingerprint": "f" * 64, "phone": ""}  # fmt: skip
        for number, email in ((1, "duc@example.com"), (2, "DUC@example.com"), (3, "khac@x.vn")):
            Question.objects.create(code=f"HD-2026-{number:05d}", number=number, email=email,
                                    asker_name="Đức", **common)  # fmt: skip
        Question.objects.create(
            code="HD-2026-00004", number=4, email="cu@example.com", asker_name="Cũ",
            status="published", body_html="<p>Đã trả lời</p>", answered_at="2026-11-01T00:00Z",
            **{**common, "fingerprint": "a" * 64},
        )  # fmt: skip
        migrate(AFTER)
    finally:
        migrate(latest)

    from news.questions.mail import answer_digest
    from news.questions.models import Question

    first, second, other, answered = Question.objects.order_by("number")
    assert first.status == "received" and other.status == "received"
    assert second.status == "closed" and second.duplicate_of == first
    assert second.close_reason == "duplicate"
    assert answered.answer_sent_digest == answer_digest(answered) and answered.answer_sent_at
    assert first.answer_sent_digest == ""

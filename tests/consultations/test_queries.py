"""Query budgets of the consultations' pages: exact, the same with 1 and with 20 drafts,
comments and files. The frame is warm; the page cache is off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from news.consultations.models import Comment
from tests.consultations.conftest import (
    CommentFactory,
    ConsultationFactory,
    ReportFactory,
    comment_data,
)
from tests.factories import AttachmentFactory, attached

pytestmark = pytest.mark.django_db

SIZES = [1, 20]


def build(n: int):
    """``n`` open, ``n`` upcoming and ``n`` closed drafts, each with ``n`` files and ``n``
    approved and ``n`` waiting comments; the closed ones with a report of ``n`` files. Returns
    (an open draft, a closed draft)."""
    now = timezone.now()
    windows = [
        (now - timedelta(days=1), now + timedelta(days=10)),
        (now + timedelta(days=3), now + timedelta(days=20)),
        (now - timedelta(days=30), now - timedelta(days=2)),
    ]
    made = []
    for opens, closes in windows:
        for _ in range(n):
            draft = ConsultationFactory(
                opens_at=opens, closes_at=closes,
                attachments=attached(*(AttachmentFactory() for _ in range(n))),
            )  # fmt: skip
            CommentFactory.create_batch(n, consultation=draft)
            CommentFactory.create_batch(n, consultation=draft, status=Comment.Status.PENDING)
            made.append(draft)
    closed = made[-1]
    ReportFactory(
        consultation=closed, attachments=attached(*(AttachmentFactory() for _ in range(n)))
    )
    return made[0], closed


def visit(client, url, django_assert_num_queries, expected):
    client.get(url)  # the frame warm
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# Open, upcoming, the closed page and its count: each with its counts in the same query.
@pytest.mark.parametrize("n", SIZES)
def test_list(client, django_assert_num_queries, n):
    build(n)
    visit(client, "/lay-y-kien/", django_assert_num_queries, 4)


# The draft with its counts (the comments' pages counted by them), its files, the comments.
@pytest.mark.parametrize("n", SIZES)
def test_open_detail(client, django_assert_num_queries, n):
    open_draft, _closed = build(n)
    visit(client, open_draft.get_absolute_url(), django_assert_num_queries, 3)


# The same, and the report with its files.
@pytest.mark.parametrize("n", SIZES)
def test_closed_detail_with_its_report(client, django_assert_num_queries, n):
    _open, closed = build(n)
    visit(client, closed.get_absolute_url(), django_assert_num_queries, 5)


# The draft; the form is not the database's.
@pytest.mark.parametrize("n", SIZES)
def test_comment_form(client, django_assert_num_queries, n):
    open_draft, _closed = build(n)
    visit(client, open_draft.get_comment_url(), django_assert_num_queries, 1)


# The draft, the duplicate check, the savepoint, three rate-limit counts and their record, the
# comment, the release; the moderators for the e-mail (none here).
@pytest.mark.parametrize("n", SIZES)
def test_sending_a_comment(client, django_assert_num_queries, n):
    open_draft, _closed = build(n)
    client.get(open_draft.get_comment_url())
    with django_assert_num_queries(11):
        response = client.post(open_draft.get_comment_url(), comment_data())
    assert response.status_code == 302


@pytest.mark.parametrize("n", SIZES)
def test_feed(client, django_assert_num_queries, n):
    build(n)
    visit(client, "/rss/lay-y-kien/", django_assert_num_queries, 1)

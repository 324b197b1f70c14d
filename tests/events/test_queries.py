"""Query budgets of the training registry's pages: exact counts, the same with 1 and with 20
of every relation (events upcoming and past, programmes, speakers, topics, groups, articles
about the event with their photos). The frame is warm; the page cache is off."""

import pytest
from django.utils import timezone

from news.models import EventSpeaker, EventTopic, ParticipantGroup, Programme
from tests.factories import ArticleFactory, AttachmentFactory, EventFactory, PhotoFactory, attached

pytestmark = pytest.mark.django_db

SIZES = [1, 20]


def build(n: int):
    """``n`` programmes; ``n`` past and ``n`` upcoming events in all of them; the first past
    event with ``n`` speakers, topics, groups, articles and files. Returns that event."""
    programmes = [Programme.objects.create(name=f"Chương trình {i}", short_name=f"CT {i}")
                  for i in range(n)]  # fmt: skip
    now = timezone.now()
    past = [EventFactory(start=now - timezone.timedelta(days=30 + i), programmes=programmes,
                         participants_total=10 * n) for i in range(n)]  # fmt: skip
    for i in range(n):
        EventFactory(start=now + timezone.timedelta(days=10 + i), programmes=programmes)
    event = past[0]
    for i in range(n):
        EventSpeaker.objects.create(event=event, name=f"Báo cáo viên {i}", order=i)
        EventTopic.objects.create(event=event, title=f"Nội dung {i}", order=i)
        ParticipantGroup.objects.create(event=event, name=f"Nhóm {i}", count=1, order=i)
        ArticleFactory(event=event, cover_photo=PhotoFactory())
    event.attachments = attached(*(AttachmentFactory() for _ in range(n)))
    event.save()
    return event


def visit(client, url, django_assert_num_queries, expected):
    client.get(url)  # the frame warm
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# The page of past events with the paginator's count, the upcoming events; each list's
# programmes prefetched in one query (the filter's years and programmes once per content
# version: the first visit).
@pytest.mark.parametrize("n", SIZES)
def test_event_list(client, django_assert_num_queries, n):
    build(n)
    visit(client, "/tap-huan/", django_assert_num_queries, 5)


# The event, its programmes, speakers, topics and groups (prefetched), its files, the articles
# about it.
@pytest.mark.parametrize("n", SIZES)
def test_event_detail(client, django_assert_num_queries, n):
    event = build(n)
    visit(client, event.get_absolute_url(), django_assert_num_queries, 7)


# By year, by programme, totals.
@pytest.mark.parametrize("n", SIZES)
def test_statistics(client, django_assert_num_queries, n):
    build(n)
    visit(client, "/tap-huan/thong-ke/", django_assert_num_queries, 3)


@pytest.mark.parametrize("n", SIZES)
def test_feed(client, django_assert_num_queries, n):
    build(n)
    visit(client, "/rss/tap-huan/", django_assert_num_queries, 1)

"""Whole-page caching with versioned keys, and view counting that survives it."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.articles import views_count
from news.models import Article, ArticleViewDay, EventSpeaker, Programme
from portal.models import ServiceLink
from tests.factories import ArticleFactory, CategoryFactory, EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_second_visit_is_served_from_cache_without_queries(client):
    article = ArticleFactory()
    first, _ = get(client, article.get_absolute_url())
    second, queries = get(client, article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert queries == 0
    assert second.content == first.content
    assert "must-revalidate" in second["Cache-Control"]


def test_saving_content_makes_cached_pages_stale_at_once(client):
    article = ArticleFactory(title="Tiêu đề cũ")
    client.get("/")
    article.title = "Tiêu đề mới"
    article.save()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Tiêu đề mới" in response.content.decode()


def test_changing_the_frame_makes_cached_pages_stale(client):
    link = ServiceLink.objects.create(title="Liên kết cũ", url="https://a.example/")
    ArticleFactory()
    assert "Liên kết cũ" in client.get("/").content.decode()
    link.title = "Liên kết mới"
    link.save()
    assert "Liên kết mới" in client.get("/").content.decode()


@pytest.mark.parametrize("cache_seconds", [600, 0], ids=["cached", "uncached"])
def test_a_scheduled_article_appears_on_time(client, settings, cache_seconds):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    now = timezone.now()
    with time_machine.travel(now, tick=False) as clock:
        ArticleFactory(title="Bài đã đăng")
        scheduled = ArticleFactory(title="Bài hẹn giờ", publish_at=now + timedelta(minutes=5))
        for url in ("/", "/tin-tuc/", "/rss/"):
            assert "Bài hẹn giờ" not in client.get(url).content.decode(), url
            client.get(url)  # cached now, when the cache is on
        assert client.get(scheduled.get_absolute_url()).status_code == 404
        clock.shift(timedelta(minutes=5, seconds=1))
        for url in ("/", "/tin-tuc/", "/rss/"):
            assert "Bài hẹn giờ" in client.get(url).content.decode(), url
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_a_deleted_article_leaves_every_cached_page(client):
    article = ArticleFactory(title="Bài sẽ bị xoá")
    for url in ("/", "/tin-tuc/", article.category.get_absolute_url(), "/rss/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    article.delete()
    for url in ("/", "/tin-tuc/", article.category.get_absolute_url(), "/rss/"):
        assert "Bài sẽ bị xoá" not in client.get(url).content.decode(), url


@pytest.mark.parametrize(
    "change", ["speaker added", "speaker deleted", "programme set", "event deleted"]
)
def test_changes_to_an_event_leave_cached_pages(client, change):
    programme = Programme.objects.create(name="Chương trình giảm nghèo", short_name="Giảm nghèo")
    event = EventFactory(title="Lớp về chuyển đổi số")
    speaker = EventSpeaker.objects.create(event=event, name="Trần Văn Cũ")
    url = event.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    if change == "speaker added":
        EventSpeaker.objects.create(event=event, name="Lê Thị Mới")
        assert "Lê Thị Mới" in client.get(url).content.decode()
    elif change == "speaker deleted":
        speaker.delete()
        assert "Trần Văn Cũ" not in client.get(url).content.decode()
    elif change == "programme set":
        event.programmes.set([programme])
        assert "Chương trình giảm nghèo" in client.get(url).content.decode()
    else:
        event.delete()
        assert client.get(url).status_code == 404
        assert "Lớp về chuyển đổi số" not in client.get("/tap-huan/").content.decode()


def test_searches_and_previews_are_never_cached(client):
    from tests.factories import editor

    ArticleFactory(title="Giảm nghèo")
    client.get("/tim-kiem/?q=giam")
    # Every query is different: a flood of them must not fill the shared cache.
    assert "X-Page-Cache" not in client.get("/tim-kiem/?q=giam")
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(editor())
    client.get(f"/xem-truoc/bai-viet/{draft.pk}/")
    response = client.get(f"/xem-truoc/bai-viet/{draft.pk}/")
    assert "X-Page-Cache" not in response and "no-cache" in response["Cache-Control"]


def test_a_view_costs_no_database_write(client):
    article = ArticleFactory()
    url = f"/luot-xem/{article.pk}/"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 204
    assert len(queries) == 0
    assert ArticleViewDay.objects.count() == 0


def test_views_count_once_per_reader_and_are_written_in_a_batch(client):
    article = ArticleFactory()
    other = ArticleFactory()
    url = f"/luot-xem/{article.pk}/"
    client.post(url, REMOTE_ADDR="10.0.0.1")
    client.post(url, REMOTE_ADDR="10.0.0.1")  # the same reader again: not counted
    client.post(url, REMOTE_ADDR="10.0.0.2")
    client.post(f"/luot-xem/{other.pk}/", REMOTE_ADDR="10.0.0.3")
    client.post("/luot-xem/999999/", REMOTE_ADDR="10.0.0.4")  # no such article: ignored
    assert views_count.buffer.flush() == 3
    article.refresh_from_db()
    assert article.view_count == 2
    assert ArticleViewDay.objects.get(article=article).count == 2
    assert ArticleViewDay.objects.count() == 2


def test_views_count_when_the_page_itself_came_from_the_cache(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    html = cached.content.decode()
    assert f'data-view-url="/luot-xem/{article.pk}/"' in html
    client.post(f"/luot-xem/{article.pk}/", REMOTE_ADDR="10.0.0.9")
    views_count.buffer.flush()
    article.refresh_from_db()
    assert article.view_count == 1


def test_buffer_flushes_by_itself_after_enough_views(client, monkeypatch):
    monkeypatch.setattr(views_count, "FLUSH_EVERY", 3)
    article = ArticleFactory()
    for i in range(3):
        client.post(f"/luot-xem/{article.pk}/", REMOTE_ADDR=f"10.0.1.{i}")
    article.refresh_from_db()
    assert article.view_count == 3


def test_beacon_accepts_only_post(client):
    article = ArticleFactory()
    assert client.get(f"/luot-xem/{article.pk}/").status_code == 405


def test_most_read_of_the_last_seven_days_in_the_sidebar(client):
    category = CategoryFactory()
    popular = ArticleFactory(title="Bài đọc nhiều nhất", category=category)
    second = ArticleFactory(title="Bài đọc nhiều thứ hai", category=category)
    old_favourite = ArticleFactory(title="Bài cũ từng đọc nhiều", category=category)
    draft = ArticleFactory(title="Bài nháp được xem", status=Article.Status.DRAFT)
    today = timezone.localdate()
    ArticleViewDay.objects.create(article=popular, day=today, count=50)
    ArticleViewDay.objects.create(article=second, day=today - timezone.timedelta(days=6), count=20)
    ArticleViewDay.objects.create(
        article=old_favourite, day=today - timezone.timedelta(days=7), count=999
    )
    ArticleViewDay.objects.create(article=draft, day=today, count=500)
    html = client.get("/").content.decode()
    section = html.split('id="most-read-title"')[1].split("</section>")[0]
    assert section.index("Bài đọc nhiều nhất") < section.index("Bài đọc nhiều thứ hai")
    assert "Bài cũ từng đọc nhiều" not in section and "Bài nháp" not in section


def test_an_article_taken_down_leaves_the_most_read_list_at_once(client):
    """The list is kept (shared cache, the worker's memory), but under the content's version:
    the next page after an unpublication no longer links to the article."""
    article = ArticleFactory(title="Bài được đọc nhiều rồi gỡ xuống")
    ArticleViewDay.objects.create(article=article, day=timezone.localdate(), count=40)
    assert "Bài được đọc nhiều rồi gỡ xuống" in client.get("/tin-tuc/").content.decode()
    article.status = Article.Status.DRAFT
    article.save()
    html = client.get("/tap-huan/").content.decode()
    assert "Bài được đọc nhiều rồi gỡ xuống" not in html and 'id="most-read-title"' not in html

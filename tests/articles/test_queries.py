"""Query budgets of the article pages: exact counts, the same with 1 and with 20 of everything
that could multiply queries (related articles with photos, categories, photos in lists, the
event an article reports on). The frame is warm, as on a live site; the page cache is off."""

import pytest

from news.articles import views_count
from tests.factories import (
    ArticleFactory,
    AttachmentFactory,
    CategoryFactory,
    EventFactory,
    PhotoFactory,
    attached,
    figure,
)

pytestmark = pytest.mark.django_db

SIZES = [1, 20]


def build(n: int):
    """``n`` menu categories with two articles each, and ``n`` more articles in the first
    (related to each other); every article with a cover, body photos and an event. Returns an
    article of the first category, with ``n`` attached files."""
    categories = [CategoryFactory(name=f"Chuyên mục {c}", slug=f"muc-{c}") for c in range(n)]
    placed = [*categories, *categories, *[categories[0]] * n]
    articles = [
        ArticleFactory(
            category=category,
            body=figure(PhotoFactory()) * 2,
            cover_photo=PhotoFactory(),
            event=EventFactory(),
            is_featured=not index,
        )
        for index, category in enumerate(placed)
    ]
    articles[0].attachments = attached(*(AttachmentFactory() for _ in range(n)))
    articles[0].save()
    views_count.most_read()  # "Tin đọc nhiều" is cached for ten minutes on a live site
    return articles[0]


def visit(client, url, django_assert_num_queries, expected):
    client.get(url)  # the frame warm
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# One query for the featured article, one for the latest, one for each category's newest
# articles (a window query, whatever the number of categories); the menu's categories are kept
# while the content is unchanged.
@pytest.mark.parametrize("n", SIZES)
def test_home(client, django_assert_num_queries, n):
    build(n)
    visit(client, "/", django_assert_num_queries, 3)


# The page of articles and the paginator's count.
@pytest.mark.parametrize("n", SIZES)
def test_all_news_and_a_category(client, django_assert_num_queries, n):
    article = build(n)
    visit(client, "/tin-tuc/", django_assert_num_queries, 2)
    visit(client, article.category.get_absolute_url(), django_assert_num_queries, 3)


# The article (with category, cover and event), its files and the related articles.
@pytest.mark.parametrize("n", SIZES)
def test_article(client, django_assert_num_queries, n):
    article = build(n)
    visit(client, article.get_absolute_url(), django_assert_num_queries, 3)


@pytest.mark.parametrize("n", SIZES)
def test_feeds(client, django_assert_num_queries, n):
    article = build(n)
    visit(client, "/rss/", django_assert_num_queries, 1)
    visit(client, f"/rss/{article.category.slug}/", django_assert_num_queries, 2)

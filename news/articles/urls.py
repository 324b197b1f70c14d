from django.urls import path, re_path

from portal import converters  # noqa: F401 - registers <id:...>
from portal.pagecache import cache_public_page as cached

from . import feeds, views, views_count

# Cached pages name the query parameters they read; the cache ignores every other one.
PAGE = ("page",)

urlpatterns = [
    path("tin-tuc/", cached(views.AllNewsView.as_view(), params=PAGE), name="all"),
    path(
        "tin-tuc/<slug:slug>/",
        cached(views.CategoryView.as_view(), params=PAGE),
        name="category",
    ),
    re_path(
        r"^tin-tuc/(?P<category>[-a-zA-Z0-9_]+)/(?P<slug>[-a-zA-Z0-9_]+)-(?P<pk>[0-9]{1,18})/$",
        cached(views.article_detail),
        name="article",
    ),
    path("bai-viet/<id:pk>/", views.article_short, name="article_short"),
    path("luot-xem/<id:pk>/", views_count.count_view, name="count_view"),
    path("rss/", cached(feeds.ArticleFeed()), name="feed"),
    path("rss/<slug:slug>/", cached(feeds.CategoryFeed()), name="category_feed"),
    path("xem-truoc/bai-viet/<id:pk>/", views.article_preview, name="preview"),
]

from django.urls import path, re_path

from portal.pagecache import cache_public_page as cached

from . import feeds, views, views_count, views_events

app_name = "news"

urlpatterns = [
    path("", cached(views.home), name="home"),
    path("tin-tuc/", cached(views.AllNewsView.as_view()), name="all"),
    path("tin-tuc/<slug:slug>/", cached(views.CategoryView.as_view()), name="category"),
    re_path(
        r"^tin-tuc/(?P<category>[-a-zA-Z0-9_]+)/(?P<slug>[-a-zA-Z0-9_]+)-(?P<pk>[0-9]+)/$",
        cached(views.article_detail),
        name="article",
    ),
    path("bai-viet/<int:pk>/", views.article_short, name="article_short"),
    path("luot-xem/<int:pk>/", views_count.count_view, name="count_view"),
    path("rss/", cached(feeds.ArticleFeed()), name="feed"),
    path("rss/tap-huan/", cached(feeds.EventFeed()), name="event_feed"),
    path("rss/<slug:slug>/", cached(feeds.CategoryFeed()), name="category_feed"),
    path("xem-truoc/bai-viet/<int:pk>/", views.article_preview, name="preview"),
    path("tim-kiem/", cached(views.search), name="search"),
    path("tap-huan/", cached(views_events.event_list), name="events"),
    path("tap-huan/thong-ke/", cached(views_events.event_statistics), name="event_statistics"),
    path("tap-huan/<slug:slug>/", cached(views_events.event_detail), name="event"),
]

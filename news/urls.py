from django.urls import path, re_path

from . import feeds, views, views_events

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("tin-tuc/", views.AllNewsView.as_view(), name="all"),
    path("tin-tuc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    re_path(
        r"^tin-tuc/(?P<category>[-a-zA-Z0-9_]+)/(?P<slug>[-a-zA-Z0-9_]+)-(?P<pk>[0-9]+)/$",
        views.article_detail,
        name="article",
    ),
    path("bai-viet/<int:pk>/", views.article_short, name="article_short"),
    path("rss/", feeds.ArticleFeed(), name="feed"),
    path("rss/tap-huan/", feeds.EventFeed(), name="event_feed"),
    path("rss/<slug:slug>/", feeds.CategoryFeed(), name="category_feed"),
    path("xem-truoc/bai-viet/<int:pk>/", views.article_preview, name="preview"),
    path("tim-kiem/", views.search, name="search"),
    path("tap-huan/", views_events.event_list, name="events"),
    path("tap-huan/thong-ke/", views_events.event_statistics, name="event_statistics"),
    path("tap-huan/<slug:slug>/", views_events.event_detail, name="event"),
]

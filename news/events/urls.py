from django.urls import path

from portal.pagecache import cache_public_page as cached

from . import feeds, views

urlpatterns = [
    path("rss/tap-huan/", cached(feeds.EventFeed()), name="event_feed"),
    path(
        "tap-huan/",
        cached(views.event_list, params=("nam", "chuong_trinh", "page")),
        name="events",
    ),
    path("tap-huan/thong-ke/", cached(views.event_statistics), name="event_statistics"),
    path("tap-huan/<slug:slug>/", cached(views.event_detail), name="event"),
]

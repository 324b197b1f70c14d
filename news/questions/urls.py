from django.urls import path

from portal import converters  # noqa: F401 - registers <id:...>
from portal.pagecache import cache_public_page as cached

from . import feeds, views

urlpatterns = [
    path("rss/hoi-dap/", cached(feeds.QuestionFeed()), name="question_feed"),
    path(
        "hoi-dap/",
        cached(views.question_list, params=("linh_vuc", "page"), searched=("q",)),
        name="questions",
    ),
    path("hoi-dap/dat-cau-hoi/", views.ask, name="question_ask"),
    path("hoi-dap/da-gui/", views.sent, name="question_sent"),
    path("hoi-dap/tra-cuu/", views.lookup, name="question_lookup"),
    path("hoi-dap/<slug:slug>-<id:pk>/", cached(views.question_detail), name="question"),
]

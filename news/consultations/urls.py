from django.urls import path

from portal import converters  # noqa: F401 - registers <id:...>
from portal.pagecache import cache_public_page as cached

from . import feeds, views

urlpatterns = [
    path("rss/lay-y-kien/", cached(feeds.ConsultationFeed()), name="consultation_feed"),
    path("lay-y-kien/", cached(views.consultation_list, params=("page",)), name="consultations"),
    path(
        "lay-y-kien/<slug:slug>/",
        cached(views.consultation_detail, params=("page",)),
        name="consultation",
    ),
    # Never cached: a form with its CSRF token, and the page after it.
    path("lay-y-kien/<slug:slug>/gop-y/", views.comment, name="consultation_comment"),
    path(
        "lay-y-kien/<slug:slug>/gop-y/da-gui/",
        views.comment_sent,
        name="consultation_comment_sent",
    ),
    path("xem-truoc/lay-y-kien/<id:pk>/", views.consultation_preview, name="consultation_preview"),
]

from django.urls import path

from portal import converters  # noqa: F401 - registers <id:...>
from portal.pagecache import cache_public_page as cached

from . import feeds, views

DOCUMENT_FILTERS = ("loai", "co_quan", "linh_vuc", "nam", "hieu_luc", "sap_xep", "page")

urlpatterns = [
    path("rss/van-ban/", cached(feeds.DocumentFeed()), name="document_feed"),
    path(
        "van-ban/",
        cached(views.document_list, params=DOCUMENT_FILTERS, searched=("q",)),
        name="documents",
    ),
    path("van-ban/<slug:slug>/", cached(views.document_detail), name="document"),
    path("xem-truoc/van-ban/<id:pk>/", views.document_preview, name="document_preview"),
    path(
        "thu-tuc-hanh-chinh/",
        cached(views.procedure_list, params=("linh_vuc", "cap", "page"), searched=("q",)),
        name="procedures",
    ),
    path("thu-tuc-hanh-chinh/<slug:slug>/", cached(views.procedure_detail), name="procedure"),
]

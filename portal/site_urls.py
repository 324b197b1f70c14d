"""The site layer's own public addresses, under the "portal" namespace."""

from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _

from . import sitemaps, views, visits
from .pagecache import cache_public_page

app_name = "portal"

urlpatterns = [
    path("chinh-sach-du-lieu-ca-nhan/", cache_public_page(views.privacy_notice), name="privacy"),
    # Not cached: every query is different, and a flood of them must not fill the cache.
    path("tim-kiem/", views.search, name="search"),
    # Attached files, checked on every download (not cached: who may download differs).
    re_path(
        r"^tai-lieu/(?P<key>[0-9a-f]{16})/(?P<name>[^/]{1,200})$",
        views.download,
        name="download",
    ),
    # Visit statistics (portal/visits.py): the beacon every page sends, and the live figures
    # (never cached: cached pages carry none).
    path("luot-truy-cap/", visits.beacon, name="visit"),
    path("thong-ke-truy-cap/", visits.statistics_page, name="visit_statistics"),
    path("thong-ke-truy-cap/so-lieu.json", visits.figures_json, name="visit_figures"),
    path("sitemap.xml", cache_public_page(sitemaps.sitemap_index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        cache_public_page(sitemaps.sitemap_section, params=("p",)),
        name="sitemap_section",
    ),
]

# Pages in Vietnamese and English (portal/i18n.py), composed by the root URLconf.
bilingual_urlpatterns = [
    # In Vietnamese "/" is the root URLconf's news home; in English /en/ is this one.
    path("", cache_public_page(views.english_home), name="home"),
    path(_("trang/<slug:slug>/"), cache_public_page(views.page_detail), name="page"),
    path(_("so-do-cong/"), cache_public_page(views.site_map), name="site_map"),
]

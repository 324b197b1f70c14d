from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from news.sitemaps import SITEMAPS

from . import sitemaps, views
from .pagecache import cache_public_page

admin.site.site_header = _("Quản trị Cổng thông tin điện tử")
admin.site.site_title = _("Quản trị cổng thông tin")
admin.site.index_title = _("Bảng điều khiển")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cache_public_page(sitemaps.sitemap_index),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        cache_public_page(sitemap_views.sitemap, params=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("", include("portal.page_urls")),
    path("", include("news.urls")),
]

if settings.SERVE_MEDIA:
    # Uploads served by Django when no web server in front does it (see README, Deployment).
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            views.media,
        )
    ]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

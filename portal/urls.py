"""The root addresses: the composition root, where the site layer and the content kinds meet."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from news import urls as news_urls
from news.articles.views import home

from . import site_urls, staff_views, views
from .pagecache import cache_public_page

admin.site.site_header = _("Quản trị Cổng thông tin điện tử")
admin.site.site_title = _("Quản trị cổng thông tin")
admin.site.index_title = _("Bảng điều khiển")

urlpatterns = [
    # The second factor's pages (portal/staff_views.py), in the admin's address space.
    path("admin/xac-thuc/", include((staff_views.urlpatterns, "staff"))),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("", cache_public_page(home), name="home"),
    path("", include("portal.site_urls")),
    path("", include("news.urls")),
]

# The bilingual pages (portal/i18n.py): Vietnamese at their own addresses, English under /en/,
# one namespace ("site") for the site layer's and the content kinds' alike.
bilingual = [*site_urls.bilingual_urlpatterns, *news_urls.bilingual_urlpatterns]
urlpatterns += i18n_patterns(path("", include((bilingual, "site"))), prefix_default_language=False)

if settings.SERVE_MEDIA:
    # Uploads served by Django when no web server in front does it (see README, Deployment).
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", views.media)]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

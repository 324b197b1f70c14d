"""The root addresses: the composition root, where the site layer and the content kinds meet."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from news.articles.views import home

from . import views
from .pagecache import cache_public_page

admin.site.site_header = _("Quản trị Cổng thông tin điện tử")
admin.site.site_title = _("Quản trị cổng thông tin")
admin.site.index_title = _("Bảng điều khiển")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("", cache_public_page(home), name="home"),
    path("", include("portal.site_urls")),
    path("", include("news.urls")),
]

if settings.SERVE_MEDIA:
    # Uploads served by Django when no web server in front does it (see README, Deployment).
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", views.media)]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

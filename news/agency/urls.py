"""The organisation's addresses, in Vietnamese and English (portal/i18n.py): composed by the
root URLconf under the "site" namespace, /co-cau-to-chuc/ and /en/organisation/ alike."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.pagecache import cache_public_page as cached

from . import views

bilingual_urlpatterns = [
    path(_("co-cau-to-chuc/"), cached(views.organisation), name="organisation"),
    path(_("co-cau-to-chuc/lanh-dao/"), cached(views.leadership), name="leadership"),
    path(
        _("co-cau-to-chuc/danh-ba/"),
        cached(views.directory, params=("don_vi",), searched=("q",)),
        name="directory",
    ),
    path(_("co-cau-to-chuc/don-vi/<slug:slug>/"), cached(views.unit), name="unit"),
]

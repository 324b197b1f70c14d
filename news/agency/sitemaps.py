"""The organisation's pages in the sitemap, in Vietnamese and English, each with its
alternate in the other language (hreflang) and an x-default (the Vietnamese address); a unit
without an English name only in Vietnamese."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse

from portal.sitemaps import SiteUrlSitemap

from .models import Official, Unit

PAGES = ("organisation", "leadership", "directory")


class AgencySitemap(SiteUrlSitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return [
            *PAGES,
            *Unit.objects.active().only("slug", "name_en", "updated").order_by("order", "pk"),
        ]

    def get_languages_for_item(self, item):
        """A unit without an English name has only its Vietnamese page to announce."""
        if isinstance(item, Unit) and not item.name_en.strip():
            return ["vi"]
        return ["vi", "en"]

    def location(self, item):
        if isinstance(item, str):
            return reverse(f"site:{item}")
        return item.get_absolute_url()

    def lastmod(self, item):
        if isinstance(item, str):
            return self._latest()
        return item.updated

    def _latest(self):
        if not hasattr(self, "_latest_cache"):
            units = Unit.objects.active().aggregate(latest=Max("updated"))["latest"]
            people = Official.objects.aggregate(latest=Max("updated"))["latest"]
            moments = [m for m in (units, people) if m is not None]
            if not moments:  # nothing entered yet: the pages show the agency's frame only
                from portal.models import SiteProfile

                profile = SiteProfile.objects.order_by("pk").only("updated").first()
                moments = [profile.updated] if profile is not None else []
            self._latest_cache = max(moments) if moments else None
        return self._latest_cache

    def get_latest_lastmod(self):
        return self._latest()

"""Consultations in the sitemap: every published one, open, upcoming or closed (closed ones
stay readable)."""

from django.db.models import Max

from portal.sitemaps import SiteUrlSitemap

from .models import Consultation


class ConsultationSitemap(SiteUrlSitemap):
    def items(self):
        return Consultation.objects.published().only("slug", "updated").order_by("-opens_at", "-pk")

    def lastmod(self, obj):
        return obj.updated

    def get_latest_lastmod(self):
        return Consultation.objects.published().aggregate(latest=Max("updated"))["latest"]

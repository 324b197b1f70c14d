"""Documents and procedures in the sitemap."""

from django.db.models import Max

from portal.sitemaps import SiteUrlSitemap

from .models import Document, Procedure


class DocumentSitemap(SiteUrlSitemap):
    def items(self):
        return Document.objects.published().only("slug", "updated").order_by("-issued_on", "-pk")

    def lastmod(self, obj):
        return obj.updated

    def get_latest_lastmod(self):
        return Document.objects.published().aggregate(latest=Max("updated"))["latest"]


class ProcedureSitemap(SiteUrlSitemap):
    def items(self):
        return Procedure.objects.published().only("slug", "updated").order_by("name", "pk")

    def lastmod(self, obj):
        return obj.updated

    def get_latest_lastmod(self):
        return Procedure.objects.published().aggregate(latest=Max("updated"))["latest"]

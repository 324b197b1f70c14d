"""Published schedule weeks in the sitemap."""

from django.db.models import Max

from portal.sitemaps import SiteUrlSitemap

from .models import ScheduleWeek


class ScheduleWeekSitemap(SiteUrlSitemap):
    def items(self):
        return ScheduleWeek.objects.published().only("kind", "starts_on", "updated")

    def lastmod(self, obj):
        return obj.updated

    def get_latest_lastmod(self):
        return ScheduleWeek.objects.published().aggregate(latest=Max("updated"))["latest"]

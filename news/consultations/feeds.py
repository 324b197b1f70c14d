"""RSS 2.0 feed of the drafts put to consultation (never the comments: nothing a commenter
sent reaches a feed)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.chrome import get_chrome
from portal.feeds import CleanRssFeed

from .models import Consultation

FEED_SIZE = 30


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class ConsultationFeed(Feed):
    feed_type = CleanRssFeed
    language = "vi"

    def title(self):
        return _("%(site)s – Lấy ý kiến dự thảo") % {"site": get_chrome()["site_name"]}

    def link(self):
        return absolute(reverse("news:consultations"))

    def feed_url(self):
        return absolute(reverse("news:consultation_feed"))

    def description(self):
        return _("Dự thảo mới đưa ra lấy ý kiến: tên, đơn vị soạn thảo, thời gian nhận góp ý.")

    def items(self):
        return Consultation.objects.published().order_by("-publish_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return _("%(summary)s (%(unit)s; nhận góp ý từ %(start)s đến %(end)s.)") % {
            "summary": item.summary,
            "unit": item.drafting_unit,
            "start": _local(item.opens_at),
            "end": _local(item.closes_at),
        }

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated


def _local(moment) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"

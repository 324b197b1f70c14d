"""RSS 2.0 feed of the newest documents."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.chrome import get_chrome
from portal.feeds import CleanRssFeed

from .models import Document

FEED_SIZE = 30


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class DocumentFeed(Feed):
    feed_type = CleanRssFeed
    language = "vi"

    def title(self):
        return _("%(site)s – Văn bản mới") % {"site": get_chrome()["site_name"]}

    def link(self):
        return absolute(reverse("news:documents"))

    def feed_url(self):
        return absolute(reverse("news:document_feed"))

    def description(self):
        return _("Văn bản mới đăng trên cổng: số ký hiệu, trích yếu, cơ quan ban hành.")

    def items(self):
        return (
            Document.objects.published()
            .select_related("doc_type", "issuer")
            .order_by("-publish_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.title}: {item.short_summary}"

    def item_description(self, item):
        return _("%(summary)s (%(issuer)s ban hành ngày %(date)s.)") % {
            "summary": item.summary,
            "issuer": item.issuer.name,
            "date": f"{item.issued_on:%d/%m/%Y}",
        }

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.doc_type.name]

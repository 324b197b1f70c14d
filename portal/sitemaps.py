"""sitemap.xml as a sitemap index: one entry per page of each section's sitemap, every page at
most ``SiteUrlSitemap.limit`` addresses, all on SITE_URL whatever host the request came to.
Content kinds define their sections (subclasses of :class:`SiteUrlSitemap`); the root urls pass
them in."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse

from . import registry


class SiteUrlSitemap(Sitemap):
    """Absolute links on SITE_URL; at most 5,000 addresses a page (the protocol allows 50,000,
    smaller pages stay light for crawlers and for us)."""

    limit = 5000

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_latest_lastmod(self):
        """The newest change in the section, from one query (subclasses say how)."""
        return None


class SectionSitemap(SiteUrlSitemap):
    """The home page and the list pages the content kinds registered."""

    def items(self):
        return [name for name, _latest in registry.sections()]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return dict(registry.sections())[item]()


class FixedPageSitemap(SiteUrlSitemap):
    """Fixed pages; those written in English also under /en/pages/, each with its alternate."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        from .models import Page

        return Page.objects.published().only("slug", "title_en", "updated")

    def get_languages_for_item(self, item):
        return ["vi", "en"] if item.in_english else ["vi"]

    def lastmod(self, obj):
        return obj.updated

    def get_latest_lastmod(self):
        from .models import Page

        return Page.objects.published().aggregate(latest=Max("updated"))["latest"]


class BilingualPageSitemap(SiteUrlSitemap):
    """The site layer's bilingual pages: the site map page in both languages, the English home
    page (the Vietnamese one is the sections' first entry)."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["site:site_map", "site:home"]

    def get_languages_for_item(self, item):
        return ["en"] if item == "site:home" else ["vi", "en"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return registry.latest_change()


def all_sitemaps() -> dict:
    """The sections first, then every kind's sitemaps, as registered."""
    return {"sections": SectionSitemap, "bilingual": BilingualPageSitemap, **registry.sitemaps()}


def sitemap_index(request, section_url_name="portal:sitemap_section"):
    items = []
    for section, sitemap in all_sitemaps().items():
        if callable(sitemap):
            sitemap = sitemap()
        location = settings.SITE_URL + reverse(section_url_name, kwargs={"section": section})
        latest = sitemap.get_latest_lastmod()
        for page in range(1, sitemap.paginator.num_pages + 1):
            items.append(
                SitemapIndexItem(location if page == 1 else f"{location}?p={page}", latest)
            )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


def sitemap_section(request, section):
    from django.contrib.sitemaps import views

    return views.sitemap(request, all_sitemaps(), section=section)

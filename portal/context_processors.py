from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import chrome, i18n, pagecache, versions


def site(request):
    """The frame's data, fetched only when a template uses it (the admin never does)."""
    return {
        "chrome": SimpleLazyObject(chrome.get_chrome),
        "frame_marks": SimpleLazyObject(lambda: chrome.menu_marks(request.path)),
        # The content's version token (portal/pagecache.py): rendered fragments of content (the
        # article cards) are kept under it.
        "content_version": SimpleLazyObject(
            lambda: versions.current(pagecache.CONTENT_VERSION_KEY)
        ),
        "SITE_URL": settings.SITE_URL,
        # The national monitoring script and its badge, when configured (settings, EMC_*).
        "emc": {
            "script_url": settings.EMC_SCRIPT_URL,
            "label": settings.EMC_LABEL,
            "badge_url": settings.EMC_BADGE_URL,
        },
    }


def languages(request):
    """The page's language, its addresses in the other language (hreflang alternates) and the
    language switch: to this page in English when it has one, else to the English home page."""

    def build():
        code = i18n.current()
        found = i18n.alternates(request)
        other = "vi" if code != "vi" else "en"
        existing = i18n.alternates(request, announced=False)
        switch = existing.get(other)
        if switch and request.META.get("QUERY_STRING"):  # a search or filter goes along
            switch += "?" + request.META["QUERY_STRING"]
        switch = switch or (i18n.english_home() if other == "en" else "/")
        base = settings.SITE_URL
        links = [(lang, base + url) for lang, url in found.items()] if len(found) > 1 else []
        return {
            "code": code,
            "english": code == "en",
            "alternates": links,
            "x_default": base + found.get("vi", "/") if links else "",
            "switch": {"code": other, "url": switch, "exact": other in existing},
        }

    return {"lang": SimpleLazyObject(build)}

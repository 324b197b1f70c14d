"""Every kind of public page, with the demo content: the site map's sections (the home page and
every list a kind registered) and a few items of each of its sections (articles, documents,
procedures, questions, consultations, events, schedules, units, fixed pages, in both
languages), plus the pages the site map does not list (forms, search, 404s, English pages)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.management import call_command

# Beside what the site map lists: name -> (address, expected status).
EXTRA = {
    "search": ("/tim-kiem/?q=tập+huấn", 200),
    "search-empty": ("/tim-kiem/", 200),
    "not-found": ("/khong-co-trang-nay/", 404),
    "en-not-found": ("/en/khong-co-trang-nay/", 404),
    "ask": ("/hoi-dap/dat-cau-hoi/", 200),
    "lookup": ("/hoi-dap/tra-cuu/", 200),
    "privacy": ("/chinh-sach-du-lieu-ca-nhan/", 200),
    "site-map": ("/so-do-cong/", 200),
    "en-site-map": ("/en/site-map/", 200),
    "news-page-2": ("/tin-tuc/?page=2", 200),
    "visit-statistics": ("/thong-ke-truy-cap/", 200),
    "event-statistics": ("/tap-huan/thong-ke/", 200),
    "directory": ("/co-cau-to-chuc/danh-ba/", 200),
    "directory-search": ("/co-cau-to-chuc/danh-ba/?q=nguyen+van", 200),
    "en-directory": ("/en/organisation/contacts/", 200),
    "work-schedule": ("/lich-cong-tac/", 200),
    "reception-schedule": ("/lich-tiep-cong-dan/", 200),
}
PER_SECTION = 2


def load_demo_pages() -> dict[str, tuple[str, int]]:
    """Loads the demo (a database test) and returns every page kind's address."""
    from portal.sitemaps import all_sitemaps

    call_command("load_demo", verbosity=0)
    pages: dict[str, tuple[str, int]] = {}
    for section, sitemap_class in all_sitemaps().items():
        sitemap = sitemap_class()
        items = list(sitemap.items())
        chosen = items if section in ("sections", "bilingual") else items[:PER_SECTION]
        for number, item in enumerate(chosen):
            location = sitemap.location(item)
            path = urlsplit(location).path if "://" in location else location
            pages[f"{section}-{number}"] = (path, 200)
    pages.update(EXTRA)
    return pages


def consultation_form(pages) -> str | None:
    """The first open consultation's comment form, if the demo has one."""
    from news.models import Consultation

    for consultation in Consultation.objects.all():
        url = consultation.get_absolute_url()
        if url:
            return url.rstrip("/") + "/gop-y/"
    return None

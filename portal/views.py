"""Site-wide views: error pages, health check, uploads, fixed pages, the site search."""

from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from . import faults, files, i18n, registry
from . import search as site_search
from .models import Attachment, Page
from .registry import MenuItem
from .richtext import to_text
from .seo import page_meta


def page_not_found(request, exception=None):
    meta = page_meta(request, _("Không tìm thấy trang"), noindex=True)
    return render(request, "404.html", {"meta": meta}, status=404)


def server_error(request):
    # No context processors that touch the database: the error may be the database. An
    # unreachable database raised outside any view (sessions, authentication) is a 503 too.
    error = faults.current_database_error()
    if error is not None:
        faults.log_database_down(error)
        return faults.database_unavailable(request)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@never_cache
@require_safe
def healthz(request):
    """For load balancers and monitoring: "ok" (200) when the database and the cache answer,
    "degraded" (200) when only the cache does not (the site serves without it, slower: a load
    balancer must keep sending), 503 when the database does not. Never a detail of the error.
    Two round trips, nothing written."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        response = HttpResponse("unavailable", content_type="text/plain", status=503)
        response._has_been_logged = True  # in the request line; not an error line per check
        return response
    state = "ok" if faults.cache_answers(cache) else "degraded"
    return HttpResponse(state, content_type="text/plain")


# Uploads are shown as images or downloaded, never run: no script, no plugin, no form, even if a
# file were HTML in disguise.
MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
MAX_MEDIA_PATH = 512


@require_safe
def media(request, path):
    """Uploads, when no web server in front serves /media/. Files never change once written.

    Only regular files inside MEDIA_ROOT: a symbolic link that leads out of it, a name too long
    for the file system or any other oddity is a 404. Only with the folder storage
    (MEDIA_STORAGE=filesystem, portal/media_storage.py): with S3 storage browsers read photos
    from the bucket or its CDN, and this address is not routed (SERVE_MEDIA is off).
    """
    root = Path(settings.MEDIA_ROOT).resolve()
    if len(path) > MAX_MEDIA_PATH or "\x00" in path:
        raise Http404
    try:
        target = (root / path).resolve(strict=True)
        if not target.is_relative_to(root) or not target.is_file():
            raise Http404
        if target.is_relative_to(root / files.FOLDER):
            raise Http404  # attached files: only through download()
        response = serve(request, str(target.relative_to(root)), document_root=root)
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    if response["Content-Type"].split(";")[0] not in SAFE_MEDIA_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "public, max-age=2592000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response


SAFE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp", "image/avif"}


@require_safe
def download(request, key, name):
    """An attached file, under its original Vietnamese name (RFC 6266 ``filename*``), as the
    type its content proved, never shown as a page: to anyone when something public lists it,
    to staff who may see files otherwise. A file gone from the disk is a 404."""
    attachment = get_object_or_404(Attachment, key=key)
    staff = request.user.is_staff and request.user.has_perm("portal.view_attachment")
    if not staff and not attachment.is_public():
        raise Http404
    canonical = attachment.get_absolute_url()
    if request.path != canonical:  # an old or mistyped name: one address per file
        return HttpResponsePermanentRedirect(canonical)
    # The Vietnamese name for browsers that read filename*, its slug for the others.
    disposition = 'attachment; filename="{}"; {}'.format(
        canonical.rsplit("/", 1)[-1],
        content_disposition_header(True, attachment.download_name).split("; ", 1)[-1],
    )
    if settings.DOWNLOAD_ACCEL_PREFIX:
        response = HttpResponse(content_type=attachment.kind_info.mime)
        response["X-Accel-Redirect"] = settings.DOWNLOAD_ACCEL_PREFIX + attachment.file.name
    else:
        try:
            handle = files.storage.open(attachment.file.name, "rb")
        except (OSError, ValueError) as exc:
            raise Http404 from exc
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.download_name,
            content_type=attachment.kind_info.mime,
        )  # fmt: skip
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    # A file never changes once written, but it leaves the site with its record: caches keep
    # it ten minutes at most. A draft's file is staff-only and not kept.
    response["Cache-Control"] = "public, max-age=600" if not staff else "private, no-store"
    return response


@require_safe
def page_detail(request, slug):
    """A fixed page; under /en/ its English version, or (not translated yet) the Vietnamese one
    marked as such and kept out of search engines' English results."""
    page = get_object_or_404(Page.objects.published(), slug=slug)
    fallback = not i18n.is_default() and not page.in_english
    if not page.in_english:
        request.page_languages = (i18n.DEFAULT,)  # no English alternate to announce
    meta = page.page_meta(request, noindex=fallback)
    return render(request, "portal/page.html", {"page": page, "meta": meta, "fallback": fallback})


@require_safe
def english_home(request):
    """/en/: the agency in English (NĐ 42/2022 Điều 7 khoản 2): who it is, where, how to reach
    it, and the pages that are in English, with the date each was last changed."""
    if i18n.is_default():  # "/" is the news home; this pattern only serves /en/
        raise Http404
    from .models import SiteProfile

    profile = SiteProfile.load()
    pages = [
        p
        for p in Page.objects.published().only(
            "title", "title_en", "slug", "summary", "summary_en", "updated"
        )
        if p.in_english
    ]
    meta = page_meta(request, "", str(i18n.translated(profile, "description")))
    return render(
        request, "portal/english_home.html",
        {"profile": profile, "pages": pages, "meta": meta,
         "sections": site_map_entries()},
    )  # fmt: skip


def site_map_entries() -> list[MenuItem]:
    """The site map in the active language: in Vietnamese everything, in English the pages
    that exist in English (the bilingual ones, whose addresses are then /en/...)."""
    entries = registry.site_map()
    if not i18n.is_default():
        prefix = f"/{i18n.current()}/"
        entries = [
            MenuItem(
                e.name, e.url, e.order, tuple(c for c in e.children if c.url.startswith(prefix))
            )
            for e in entries
            if e.url.startswith(prefix)
        ]
    return entries


@require_safe
def site_map(request):
    """Sơ đồ cổng: the whole navigable structure as a page, from the menu, the content kinds'
    sections, the fixed pages and the feeds (portal/registry.py), so it cannot fall behind."""
    english = not i18n.is_default()
    pages = list(Page.objects.published().only("title", "title_en", "slug", "order"))
    if english:
        pages = [page for page in pages if page.in_english]
    feeds = [] if english else [(str(title), reverse(name)) for title, name in registry.feeds()]
    meta = page_meta(request, _("Sơ đồ cổng"), _("Toàn bộ các mục và trang của cổng."))
    return render(
        request, "portal/site_map.html",
        {"sections": site_map_entries(), "pages": pages, "feeds": feeds, "meta": meta},
    )  # fmt: skip


@require_safe
def privacy_notice(request):
    """What the portal keeps about the people who write to it, why, for how long, and whom to
    ask (NĐ 13/2023): from the kinds' own statements and the retention setting, so it stays
    true."""
    from . import chrome, privacy, visits

    # Whom to ask: the agency's e-mail and phone; without them, the portal's contact people who
    # can be reached (the frame's, cached); the postal address in any case.
    frame = chrome.get_chrome()
    people = [p for p in frame["contacts"] if p["email"] or p["phone"]]
    return render(
        request, "portal/privacy.html",
        {"sources": privacy.sources(), "retention_days": privacy.retention_days(),
         "log_days": privacy.SUBMISSION_LOG_DAYS, "visit_minutes": visits.VISIT_SECONDS // 60,
         "contact_people": [] if frame["email"] or frame["phone"] else people},
    )  # fmt: skip


def page_menu_items() -> list[MenuItem]:
    """Fixed pages marked for the main menu, after the content kinds' items."""
    pages = Page.objects.published().filter(show_in_menu=True)
    pages = pages.only("title", "title_en", "slug", "order")
    if not i18n.is_default():
        pages = [page for page in pages if page.in_english]
    return [
        MenuItem(str(i18n.translated(page, "title")), page.get_absolute_url(), 600 + page.order)
        for page in pages
    ]


def page_search_provider() -> site_search.Provider:
    def search(words):
        return site_search.matching(Page.objects.published(), words, newest=("-updated", "-pk"))

    def hit(page, words):
        return site_search.Hit(
            url=page.get_absolute_url(),
            title=site_search.highlight(page.title, words),
            snippet=site_search.snippet([page.summary, to_text(page.body)], words),
        )

    return site_search.Provider("trang", _("Trang thông tin"), search, hit, order=90, model=Page)


SEARCH_PER_PAGE = 10
SEARCH_PER_OTHER_KIND = 5


@require_safe
def search(request):
    """Every registered kind searched at once: the first kind (or the one chosen with
    ``?loai=``) as a paginated list, the others as short lists with a link to all of theirs.
    Bad input never errors."""
    query, words = site_search.parse_query(request.GET.get("q", ""))
    kinds = site_search.providers()
    chosen = next((k for k in kinds if k.key == request.GET.get("loai")), None)
    main = chosen or kinds[0]
    # Every kind at once: only those whose tables hold the words are asked (one kind chosen,
    # from a link under its results: asked straight away).
    holding = {main.key} if chosen else site_search.kinds_holding(kinds, words)
    found = main.search(words) if words and main.key in holding else []
    page = Paginator(found, SEARCH_PER_PAGE).get_page(request.GET.get("page"))
    others = []
    if words and chosen is None:
        for kind in kinds[1:]:
            if kind.key not in holding:
                continue
            rows = list(kind.search(words)[: SEARCH_PER_OTHER_KIND + 1])
            if rows:
                others.append(
                    {
                        "kind": kind,
                        "hits": [kind.hit(row, words) for row in rows[:SEARCH_PER_OTHER_KIND]],
                        "more": len(rows) > SEARCH_PER_OTHER_KIND,
                        "url": "?" + urlencode({"q": query, "loai": kind.key}),
                    }
                )
    kept = {"q": query, **({"loai": chosen.key} if chosen else {})}
    return render(
        request,
        "portal/search.html",
        {
            "search_query": query,
            "searched": bool(words),
            "kinds": kinds,
            "chosen": chosen,
            "main": main,
            "page_obj": page,
            "hits": [main.hit(row, words) for row in page.object_list],
            "others": others,
            "page_query": f"{urlencode(kept)}&" if query else "",
            "meta": page_meta(
                request,
                _("Tìm kiếm: %(q)s") % {"q": query} if query else _("Tìm kiếm"),
                _("Tìm trên toàn cổng, gõ có dấu hoặc không dấu."),
                page_number=page.number,
                noindex=True,
            ),
        },
    )


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the static file."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /xem-truoc/",
        "Disallow: /tim-kiem/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

"""Site-wide views: error pages, health check, uploads."""

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from .models import Page
from .seo import page_meta


def page_not_found(request, exception=None):
    meta = page_meta(request, _("Không tìm thấy trang"), noindex=True)
    return render(request, "404.html", {"meta": meta}, status=404)


def server_error(request):
    # No context processors that touch the database: the error may be the database.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@never_cache
@require_safe
def healthz(request):
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


# Uploads are shown as images or downloaded, never run: no script, no plugin, no form, even if a
# file were HTML in disguise.
MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
MAX_MEDIA_PATH = 512


@require_safe
def media(request, path):
    """Uploads, when no web server in front serves /media/. Files never change once written.

    Only regular files inside MEDIA_ROOT: a symbolic link that leads out of it, a name too long
    for the file system or any other oddity is a 404.
    """
    root = Path(settings.MEDIA_ROOT).resolve()
    if len(path) > MAX_MEDIA_PATH or "\x00" in path:
        raise Http404
    try:
        target = (root / path).resolve(strict=True)
        if not target.is_relative_to(root) or not target.is_file():
            raise Http404
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


def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    meta = page_meta(request, page.title, page.summary or page.title)
    return render(request, "portal/page.html", {"page": page, "meta": meta})


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

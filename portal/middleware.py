"""Response headers neither Django's SecurityMiddleware nor django-csp set, and the request
size limit."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect
from django.template import loader

from . import media_storage
from .text import clean_line, has_control_characters

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class PermissionsPolicyMiddleware:
    """No page of the portal needs the camera, the microphone, the location or payments."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class HeadMiddleware:
    """A HEAD request gets GET's headers, Content-Length included, and no body: Django's
    handler leaves the body in, and gunicorn then logs "WSGI app sent body bytes on a no-body
    response" for every uptime check. Outside GZipMiddleware, so the length is what GET sends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming and response.content:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


class RequestSizeLimitMiddleware:
    """A request body longer than MAX_REQUEST_BYTES (the largest upload allowed, and room for
    the form around it) is refused with 413 before a byte of it is read: a 2 GB upload never
    reaches a temporary file. The page says so in Vietnamese; the form is still in the browser's
    history."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            html = loader.get_template("413.html").render(
                {"limit_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
            )
            response = HttpResponse(html, status=413)
            response["Connection"] = "close"  # the unread body is not worth waiting for
            return response
        return self.get_response(request)


class CleanQueryMiddleware:
    """Control characters (NUL, \\x0b...) in the query string are dropped before any view reads
    it: typed or forged, they never reach a page's title, a form's value or the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET and any(has_control_characters(v) for v in request.GET.values()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(clean_line(key), [clean_line(v) for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware without ``Vary: Accept-Language``: the language comes from the
    address alone (Vietnamese unprefixed, English under /en/, portal/i18n.py), never from the
    browser, so a shared cache or CDN needs one copy of each page, not one per browser language."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",")]
            kept = [v for v in kept if v and v.lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


class StorageFaultMiddleware:
    """An upload the storage could not write (portal/media_storage.py StorageUnavailable),
    raised where no form shows it (the admin's save of a new photo): the same page again with
    the message; the admin's transaction has rolled everything back. Forms that store files in
    their own validation show the message on the field instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, media_storage.StorageUnavailable):
            return None
        if request.method != "POST" or not hasattr(request, "_messages"):
            return None
        messages.error(request, exception.messages[0])
        return redirect(request.get_full_path())

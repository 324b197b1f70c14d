"""Response headers that Django's SecurityMiddleware does not set."""

from django.conf import settings

# Public pages run only our own static scripts: no inline script, no outside host.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Adds a strict Content-Security-Policy to public pages and a Permissions-Policy to all.

    The admin is left without CSP because CKEditor 4 writes inline styles into its editing frame.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"
        self.static_prefixes = (settings.STATIC_URL, settings.MEDIA_URL)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        path = request.path
        if not path.startswith(self.admin_prefix) and not path.startswith(self.static_prefixes):
            response.headers.setdefault("Content-Security-Policy", PUBLIC_CSP)
        return response

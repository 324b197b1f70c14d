"""The admin's Content-Security-Policy (the public pages' comes from django-csp, settings.py).

CKEditor 4 is not written for a strict policy: its toolbar buttons, dialogs and menus are
markup with inline event handlers (``onclick="CKEDITOR.tools.callFunction(12,this)"``, numbers
that change with every page), its editing frame is written with ``document.write`` including an
inline script, and it sets inline styles everywhere. No hash or nonce can cover that, so:

- every admin page: scripts from the site only (``script-src 'self'``: Django's admin has no
  inline script), styles from the site and inline (``'unsafe-inline'``: CKEditor's and the
  admin's own ``style`` attributes and the change list's ``<style>``), no plugin, no outside
  host, no framing, forms and requests to the site only;
- pages that show the editor (a ``data-type="ckeditortype"`` field): ``script-src 'self'
  'unsafe-inline'`` too, which CKEditor 4 cannot work without. What editors type is cleaned on
  the server (portal/richtext.py) whatever the browser allowed, and only staff open these pages.
"""

from __future__ import annotations

from django.conf import settings

ADMIN_PREFIX = "/admin/"
EDITOR_MARKER = b'data-type="ckeditortype"'


def admin_policy(editor: bool) -> str:
    public = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    images = [*public.get("img-src", ["'self'"]), "blob:"]  # CKEditor previews dropped files
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"] if editor else ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": list(dict.fromkeys(images)),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class AdminPolicyMiddleware:
    """Sets the admin's policy on /admin/ responses that have none (django-csp skips them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(ADMIN_PREFIX):
            return response
        if "Content-Security-Policy" in response:
            return response
        editor = (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and EDITOR_MARKER in response.content
        )
        response["Content-Security-Policy"] = admin_policy(editor)
        return response

"""Static files: Django's app finder, less what CKEditor ships but the portal never loads.

django-ckeditor carries the whole CKEditor 4 distribution: plugins the portal removes (some
call outside services: spell checking, PDF export), their manual test pages, forty-odd
languages, a second skin, the file browser of django-ckeditor's own uploader (not used). None of
it is collected or served: only the core, the Vietnamese and English languages, the moono-lisa
skin and the plugins the newsroom's toolbar uses (EDITOR_PLUGINS).
"""

from __future__ import annotations

from django.contrib.staticfiles import finders

EDITOR_PLUGINS = {
    "a11yhelp", "clipboard", "dialog", "filetools", "find", "image2", "lineutils", "link",
    "liststyle", "magicline", "notification", "notificationaggregator", "pastefromgdocs",
    "pastefromlibreoffice", "pastefromword", "pastetools", "specialchar", "table",
    "tableselection", "tabletools", "uploadimage", "uploadwidget", "widget",
}  # fmt: skip
LANGUAGES = ("vi", "en")
CORE = {
    "ckeditor/ckeditor-init.js", "ckeditor/fixups.js", "ckeditor/ckeditor.css",
    "ckeditor/ckeditor/ckeditor.js", "ckeditor/ckeditor/config.js",
    "ckeditor/ckeditor/contents.css", "ckeditor/ckeditor/styles.js",
    "ckeditor/ckeditor/LICENSE.md", "ckeditor/ckeditor/vendor/promise.js",
    "ckeditor/ckeditor/plugins/icons.png", "ckeditor/ckeditor/plugins/icons_hidpi.png",
}  # fmt: skip


def served(path: str) -> bool:
    """Whether a static file (its path under STATIC_URL) is collected and served."""
    path = path.replace("\\", "/")
    if not path.startswith("ckeditor/"):
        return True
    if path in CORE:
        return True
    parts = path.split("/")
    if path.startswith("ckeditor/ckeditor/lang/"):
        return parts[-1] in {f"{code}.js" for code in LANGUAGES}
    if path.startswith("ckeditor/ckeditor/skins/moono-lisa/"):
        return True
    if path.startswith("ckeditor/ckeditor/plugins/") and len(parts) > 4:
        plugin, rest = parts[3], parts[4:]
        if plugin not in EDITOR_PLUGINS or "tests" in rest or "samples" in rest:
            return False
        if "lang" in rest[:-1]:
            return rest[-1] in {f"{code}.js" for code in LANGUAGES}
        return not rest[-1].endswith((".html", ".md"))
    return False


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    def list(self, ignore_patterns):
        for path, storage in super().list(ignore_patterns):
            if served(path):
                yield path, storage

    def find(self, path, find_all=False, **kwargs):
        if not served(path):
            return []  # "not found", as Django's own finders say it for either mode
        return super().find(path, find_all=find_all, **kwargs)

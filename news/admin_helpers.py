"""Pieces shared by the news and portal admins."""

from django.utils.html import format_html


class VietnameseSlugs:
    """ModelAdmin mixin: the slug typed for editors as the server would make it (static JS)."""

    class Media:
        # Listed after urlify.js so that Django keeps that order when it merges the scripts.
        js = ["admin/js/urlify.js", "news/js/slugs.js"]


def thumbnail(photo, width=96):
    if photo is None or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}">',
        photo.thumbnail_url,
        width,
        photo.thumbnail_height(width) or width,
    )

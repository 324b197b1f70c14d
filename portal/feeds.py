"""RSS for every content kind: Django's RSS 2.0 writer, made safe for any stored text.

XML 1.0 cannot hold most control characters, and Django's writer raises on them (a 500 for the
whole feed). Text is cleaned as it is saved (portal/cleaning.py), but a feed must not depend on
every row ever written having passed there: this writer drops such characters itself.
"""

from django.utils.feedgenerator import Rss201rev2Feed

from .spreadsheets import cell_text


def _clean(value):
    if isinstance(value, str):
        return cell_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


class CleanRssFeed(Rss201rev2Feed):
    def __init__(self, title, link, description, **kwargs):
        super().__init__(
            _clean(title),
            link,
            _clean(description),
            **{k: _clean(v) for k, v in kwargs.items()},
        )

    def add_item(self, title, link, description, **kwargs):
        super().add_item(
            _clean(title), link, _clean(description), **{k: _clean(v) for k, v in kwargs.items()}
        )

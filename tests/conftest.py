"""Fixtures every test gets: its own media folder, an empty cache and view counter."""

import pytest
from django.core.cache import cache

from news.articles import views_count


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_view_counter():
    """Nothing pending in the view buffer between tests, and none at exit (the atexit flush
    would otherwise write to a test database that is gone)."""
    views_count.buffer.reset()
    yield
    views_count.buffer.reset()


@pytest.fixture
def page_cache(settings):
    """The whole-page cache on, as in production (the test settings turn it off)."""
    settings.PAGE_CACHE_SECONDS = 600

"""Fixtures every test gets: its own media folder, empty caches and view counters."""

import hashlib

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches

from news.articles import views_count
from portal import chrome, pagecache, visits


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True, scope="session")
def remembered_renditions():
    """A photo's renditions are a pure function of its pixels: encoding the demo's photos in
    AVIF and WebP again for every test that loads the demo would cost about ten seconds each
    (the browser tests load it per test). The first encoding of each image is kept for the run;
    tests of the encoding itself still get the real function's output."""
    from portal import images

    original = images.make_renditions
    remembered: dict = {}

    def make_renditions(image, extension, icc):
        digest = hashlib.blake2b(image.tobytes(), digest_size=16).digest()
        # the formats made belong to the key: a test may turn AVIF off (avif_supported)
        key = (digest, image.size, image.mode, extension, icc, images.modern_formats(extension))
        if key not in remembered:
            remembered[key] = original(image, extension, icc)
        return remembered[key]

    images.make_renditions = make_renditions
    yield
    images.make_renditions = original


@pytest.fixture(autouse=True)
def vietnamese():
    """Every test starts in Vietnamese: a request to /en/ activates English for the thread, and
    code a test runs after it (reverse(), menus) would otherwise see English."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def clear_cache():
    for name in ("default", visits.STATS_CACHE, django_settings.FRAGMENT_CACHE):
        caches[name].clear()
    chrome.forget()
    views_count.forget()
    pagecache.forget()
    yield
    for name in ("default", visits.STATS_CACHE, django_settings.FRAGMENT_CACHE):
        caches[name].clear()
    chrome.forget()
    pagecache.forget()


@pytest.fixture(autouse=True)
def fresh_view_counter():
    """Nothing pending in the view buffer between tests, and none at exit (the atexit flush
    would otherwise write to a test database that is gone)."""
    views_count.buffer.reset()
    visits.counter.reset()
    yield
    views_count.buffer.reset()
    visits.counter.reset()


@pytest.fixture
def page_cache(settings):
    """The whole-page cache on, as in production (the test settings turn it off)."""
    settings.PAGE_CACHE_SECONDS = 600

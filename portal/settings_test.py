"""Settings for the test suite: the real settings with fast hashing and a private cache."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)

from .settings import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The visit statistics' own cache (portal/visits.py), as without Redis.
    "stats": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stats"},
    "fragments": CACHES["fragments"],  # noqa: F405
}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = False
# Most tests log staff in with client.force_login; tests/security/test_staff_accounts.py turns
# the second factor on with override_settings.
STAFF_SECOND_FACTOR = False
# Query budgets are measured on real work; tests/test_pagecache.py turns the page cache on.
PAGE_CACHE_SECONDS = 0
SERVE_MEDIA = True
# Static files straight from the source folders; no collectstatic needed for tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Quiet tests: no line per request (tests/portal/test_logs.py turns it on where it looks).
LOGGING["loggers"]["portal.requests"] = {"level": "WARNING"}  # noqa: F405

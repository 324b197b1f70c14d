"""The portal's admin: the frame, the photo and file libraries, and accounts that cannot
escalate."""

from django.contrib import admin

from . import accounts, files, frame, log, photos, visits  # noqa: F401 - each registers its models

# Accounts and groups: nobody but a superuser can give what they do not hold.
accounts.register(admin.site)

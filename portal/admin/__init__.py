"""The portal's admin: the frame, the photo library, and accounts that cannot escalate."""

from django.contrib import admin

from . import accounts, frame, log, photos  # noqa: F401 - each registers its models

# Accounts and groups: nobody but a superuser can give what they do not hold.
accounts.register(admin.site)

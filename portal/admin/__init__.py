"""The portal's admin: the frame, the photo and file libraries, and accounts that cannot
escalate."""

from django.contrib import admin

from . import accounts, files, frame, log, logins, photos, visits  # noqa: F401 - each registers

# Accounts and groups: nobody but a superuser can give what they do not hold.
accounts.register(admin.site)
# django-otp's own device pages are English and show secrets: the second factor is managed on the
# portal's pages (portal/staff_views.py) instead.
accounts.unregister_devices(admin.site)

"""The portal's own entries in `manage.py check --deploy`."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

CONSOLE_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@checks.register(checks.Tags.security, deploy=True)
def mail_is_sent(app_configs=None, **kwargs):
    """Citizens are told their tracking code was e-mailed and approvers get the articles to
    review by e-mail: in production the mail must really go out."""
    if settings.DEBUG or settings.EMAIL_BACKEND not in CONSOLE_BACKENDS:
        return []
    return [
        checks.Warning(
            "E-mail is written to the log, not sent (EMAIL_HOST is not set): citizens' tracking "
            "codes, answers and the approvers' notices would never arrive.",
            hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_PORT) to the "
            "agency's SMTP server; README 'Deploying on Debian', step 3.",
            id="portal.W001",
        )
    ]

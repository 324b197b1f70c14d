"""The one normalisation of stored text, applied to every model before it is saved.

Whatever fills an editable text field (the admin, an import, the shell, a third-party app),
the value is stored as NFC with no control characters: single-line fields (``CharField``) become
one line with single spaces, multi-line fields (``TextField``) keep their line feeds and tabs. A
value longer than its field's ``max_length`` is refused before the database sees it, so SQLite
and PostgreSQL behave alike. Forms check lengths earlier with their own messages; this is the
last guard.

``bulk_create`` sends no signal: code that uses it calls :func:`clean_text_fields` itself.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from .text import clean_line, clean_multiline


def clean_text_fields(instance: models.Model) -> None:
    """Normalise every text field of ``instance`` in place; raise ValidationError if too long."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if not field.editable or not isinstance(field, (models.CharField, models.TextField)):
            continue  # derived fields (search text, rendered bodies) are the code's own
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        multiline = isinstance(field, models.TextField)
        cleaned = clean_multiline(value) if multiline else clean_line(value)
        if cleaned != value:
            setattr(instance, field.attname, cleaned)
        if field.max_length and len(cleaned) > field.max_length:
            errors[field.name] = _("%(field)s dài %(length)d ký tự; tối đa %(limit)d.") % {
                "field": str(field.verbose_name).capitalize(),
                "length": len(cleaned),
                "limit": field.max_length,
            }
    if errors:
        raise ValidationError(errors)


def _clean_before_save(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures load exactly what they hold
        clean_text_fields(instance)


def connect() -> None:
    """Called once from PortalConfig.ready(): every model, every app."""
    pre_save.connect(_clean_before_save, dispatch_uid="portal-clean-text")

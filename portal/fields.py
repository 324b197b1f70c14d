"""Fields every kind of content uses: the rich-text body and the photo upload."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .widgets import rich_text_widget


class RichTextField(models.TextField):
    """A rich-text body: stored as text, edited in the portal's editor (portal/widgets.py),
    sanitised and rendered by RichBody.save(). Declaring the field is all a model needs; no
    admin form has to name the widget."""

    def formfield(self, **kwargs):
        # Always the editor, also over the admin's default textarea for TextFields.
        kwargs["widget"] = rich_text_widget()
        return super().formfield(**kwargs)


def _upload_help() -> str:
    return _("JPEG, PNG hoặc WebP, tối đa %(mb)s MB và %(mp)s megapixel.") % {
        "mb": settings.PHOTO_MAX_BYTES // (1024 * 1024),
        "mp": round(settings.PHOTO_MAX_PIXELS / 1e6),
    }


class PhotoUploadField(forms.FileField):
    """An optional photo upload, checked later by portal/images.py; its help text follows the
    size settings."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("tải ảnh mới"))
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        )
        super().__init__(**kwargs)
        if not self.help_text:
            self.help_text = _upload_help()

"""Fields every kind of content uses: the rich-text body, the photo upload and the list of
attached files."""

from __future__ import annotations

import re
from pathlib import PurePath

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import files, richtext
from .text import clean_line
from .widgets import AttachmentsWidget, rich_text_widget

_BETWEEN_TAGS = re.compile(r">\s+<")


class RichTextFormField(forms.CharField):
    """The editor's field. Changed only when the sanitised text differs: the editor lays its
    HTML out again on every load (new lines and tabs between blocks), which is no change, and
    the history and the log would otherwise say "Nội dung" changed on every save."""

    def has_changed(self, initial, data):
        def comparable(html) -> str:
            return _BETWEEN_TAGS.sub("><", richtext.sanitise(str(html or "")))

        return comparable(initial) != comparable(data)


class RichTextField(models.TextField):
    """A rich-text body: stored as text, edited in the portal's editor (portal/widgets.py),
    sanitised and rendered by RichBody.save(). Declaring the field is all a model needs; no
    admin form has to name the widget."""

    def formfield(self, **kwargs):
        # Always the editor, also over the admin's default textarea for TextFields.
        kwargs["widget"] = rich_text_widget()
        kwargs.setdefault("form_class", RichTextFormField)
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


class WebAddressField(models.URLField):
    """Another site's address (a national database, a public service): http(s) with a host,
    checked by portal/links.py; typed without a scheme, it is read as https://."""

    def __init__(self, *args, **kwargs):
        from .links import validate_web_address

        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("validators", [validate_web_address])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


# Attached files: the model field every rich body has, and its form field


MAX_ATTACHMENTS = 30
MAX_LABEL_CHARS = 300


def _attachment_model():
    return apps.get_model("portal", "Attachment")


def clean_attachment_list(value) -> list[dict]:
    """The stored form of a list of attachments, [{"key": ..., "label": ...}], in order;
    ValidationError (in Vietnamese) for anything else."""
    if value in (None, ""):
        return []
    invalid = ValidationError(gettext("Danh sách tệp đính kèm không hợp lệ."), code="invalid")
    if not isinstance(value, list):
        raise invalid
    rows, seen = [], set()
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise invalid
        key = item["key"].strip()
        label = clean_line(str(item.get("label") or ""))
        if len(label) > MAX_LABEL_CHARS:
            raise ValidationError(
                gettext("Tên hiển thị “%(label)s…” dài %(n)s ký tự, tối đa %(limit)s.")
                % {"label": label[:30], "n": len(label), "limit": MAX_LABEL_CHARS},
                code="max_length",
            )
        if key and key not in seen:
            seen.add(key)
            rows.append({"key": key, "label": label})
    if len(rows) > MAX_ATTACHMENTS:
        raise ValidationError(
            gettext("Tối đa %(n)s tệp đính kèm cho một mục.") % {"n": MAX_ATTACHMENTS},
            code="too_many",
        )
    return rows


class AttachmentsField(models.JSONField):
    """The files a record lists under its body, in order: [{"key", "label"}]. A plain field of
    the record, so pending changes, versions and conflicts treat it like any other; edited with
    the attachments widget; recorded as AttachmentUse rows on save (RichBody.save)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("tệp đính kèm"))
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        rows = clean_attachment_list(value)
        keys = [r["key"] for r in rows]
        known = set(_attachment_model().objects.filter(key__in=keys).values_list("key", flat=True))
        missing = [key for key in keys if key not in known]
        if missing:
            raise ValidationError(
                gettext("Không tìm thấy tệp có mã %(keys)s.") % {"keys": ", ".join(missing)},
                code="missing",
            )

    def formfield(self, **kwargs):
        # Not Django's hidden "initial-attachments" input (added for a callable default): its
        # text is no list, and every save would log the files as changed.
        kwargs = {**kwargs, "form_class": AttachmentsFormField, "show_hidden_initial": False}
        return super().formfield(**kwargs)

    def snapshot_text(self, value) -> str:
        """What a comparison of two versions shows: each file's label and name, one a line."""
        try:
            rows = clean_attachment_list(value)
        except ValidationError:
            return ""
        names = dict(
            _attachment_model()
            .objects.filter(key__in=[r["key"] for r in rows])
            .values_list("key", "original_name")
        )
        lines = []
        for row in rows:
            name = names.get(row["key"], row["key"])
            lines.append(f"{row['label'] or PurePath(name).stem} ({name})")
        return "\n".join(lines)


_KEY_IN_LINK = re.compile(r"(?:^|/)([0-9a-f]{16})(?:/|$)")


def attachment_key_from(text: str) -> str:
    """The key in a download address (…/tai-lieu/<key>/<name>) or a bare key; else ""."""
    match = _KEY_IN_LINK.search((text or "").strip())
    return match.group(1) if match else ""


class AttachmentsFormField(forms.Field):
    """Edits the list: the files already attached (label, order, remove), new uploads (checked
    by portal/files.py and stored at once, so a form refused for another reason keeps them)
    and a file already on the portal by its address."""

    widget = AttachmentsWidget
    default_error_messages = {
        "link": _("Không tìm thấy tệp theo địa chỉ “%(link)s” trên cổng."),
    }

    def __init__(self, *, encoder=None, decoder=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.user = None  # who uploads (set by the admin)
        if not self.help_text:
            self.help_text = files.upload_help()

    def to_python(self, value):
        """The rows as posted (or stored), ordered, without the removed ones; no uploads."""
        if isinstance(value, dict):
            rows = [r for r in value.get("rows", []) if not r.get("remove")]
            rows.sort(key=lambda r: r.get("order", 0))
            value = [{"key": r["key"], "label": r.get("label", "")} for r in rows]
        return clean_attachment_list(value)

    def clean(self, value):
        rows = self.to_python(value)
        errors = []
        if isinstance(value, dict):
            link = (value.get("link") or "").strip()
            if link:
                key = attachment_key_from(link)
                if key and _attachment_model().objects.filter(key=key).exists():
                    rows.append({"key": key, "label": ""})
                else:
                    errors.append(
                        ValidationError(self.error_messages["link"] % {"link": link[:100]})
                    )
            for upload in value.get("uploads", []):
                try:
                    attachment = _attachment_model().create_from_upload(upload, user=self.user)
                except ValidationError as exc:
                    name = clean_line(str(getattr(upload, "name", "") or ""))[:100]
                    errors.extend(
                        ValidationError(f"“{name}”: {message}") for message in exc.messages
                    )
                else:
                    rows.append({"key": attachment.key, "label": ""})
        rows = clean_attachment_list(rows)
        self._kept_rows = rows  # shown again if the form comes back
        if errors:
            raise ValidationError(errors)
        self.validate(rows)
        self.run_validators(rows)
        return rows

    def bound_data(self, data, initial):
        return getattr(self, "_kept_rows", data)

    def has_changed(self, initial, data):
        if isinstance(data, dict) and (data.get("uploads") or (data.get("link") or "").strip()):
            return True
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


class PhoneField(forms.CharField):
    """A Vietnamese phone number as people type it ("0912 345 678", "+84 912.345.678",
    "(0220) 3852 123"), kept as digits from 0: ten or eleven of them."""

    default_error_messages = {
        "invalid": _("Số điện thoại chưa đúng (ví dụ 0912 345 678 hoặc 0220 3852 123)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = PHONE_SEPARATORS.sub("", super().to_python(value))
        if not value:
            return ""
        if value.startswith("+84"):
            value = "0" + value[3:]
        elif value.startswith("84") and len(value) in (11, 12):
            value = "0" + value[2:]
        if not (value.isascii() and value.isdigit() and value.startswith("0")
                and len(value) in (10, 11)):  # fmt: skip
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value

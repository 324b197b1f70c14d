"""The rich-text editor, chosen in this one place; and the public forms' quick ``<select>``.

django-ckeditor (CKEditor 4) is the client's choice. Switching editors later means changing
:func:`rich_text_widget` and the widget's template, nothing else: the server-side sanitiser
(portal/richtext.py) never trusts what any editor sends.
"""

from ckeditor.widgets import CKEditorWidget
from django import forms
from django.forms.widgets import Media
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class NewsroomEditor(CKEditorWidget):
    """CKEditor 4 with captioned images uploaded through our checked, CSRF-protected view."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config_name", "default")
        super().__init__(*args, **kwargs)

    def _set_config(self):
        super()._set_config()
        upload_url = reverse("admin:portal_photo_upload")
        self.config["filebrowserUploadUrl"] = upload_url
        self.config["filebrowserImageUploadUrl"] = upload_url
        self.config["uploadUrl"] = upload_url
        self.config["imageUploadUrl"] = upload_url

    @property
    def media(self):
        # One script list, so Django keeps the order: our set-up runs after ckeditor.js and
        # before the editors start (on DOM ready). It adds Django's CSRF token to every upload
        # CKEditor makes and names the image dialog's fields clearly.
        base = super().media
        return Media(css=base._css, js=[*base._js, "editor/js/editor-setup.js"])


def rich_text_widget():
    return NewsroomEditor()


class AttachmentsWidget(forms.Widget):
    """The files listed under a body: each attached file with its label, order and a remove
    box; a file input for new ones (several at once) and a box for the address of a file
    already on the portal. Posts ``<name>-key``, ``-label``, ``-order``, ``-remove``,
    ``-new`` (files) and ``-link``; ``<name>-present`` tells "nothing attached" from "field
    not on the form"."""

    template_name = "portal/widgets/attachments.html"
    needs_multipart_form = True

    def value_from_datadict(self, data, files, name):
        if f"{name}-present" not in data:
            return None
        keys = data.getlist(f"{name}-key")
        labels = data.getlist(f"{name}-label")
        orders = data.getlist(f"{name}-order")
        removed = set(data.getlist(f"{name}-remove"))
        rows = []
        for index, key in enumerate(keys):
            try:
                order = int(orders[index])
            except (IndexError, ValueError):
                order = index + 1
            label = labels[index] if index < len(labels) else ""
            rows.append({"key": key, "label": label, "order": order, "remove": key in removed})
        return {
            "rows": rows,
            "uploads": files.getlist(f"{name}-new") if files else [],
            "link": data.get(f"{name}-link", ""),
        }

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-present" not in data

    def get_context(self, name, value, attrs):
        from .files import accepted_extensions
        from .models import Attachment

        context = super().get_context(name, value, attrs)
        if isinstance(value, dict):  # posted, not cleaned (another field failed first)
            rows = [r for r in value.get("rows", []) if not r.get("remove")]
        else:
            rows = value if isinstance(value, list) else []
        keys = [r.get("key") for r in rows if isinstance(r, dict)]
        found = Attachment.objects.in_bulk(keys, field_name="key")
        context["rows"] = [
            {"attachment": found[r["key"]], "label": r.get("label", ""), "order": index + 1}
            for index, r in enumerate(r for r in rows if isinstance(r, dict))
            if r.get("key") in found
        ]
        context["accept"] = ",".join(accepted_extensions())
        return context


def _attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html in Python: ``False`` left out, ``True`` as a bare name."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python, the same markup as Django's template. Django renders
    one template per option, about 0.1 ms each: a register's filter form has a hundred
    options, which made its form the largest part of the page's time. For the public forms;
    the admin keeps Django's own widget."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            format_html('<select name="{}"{}>', widget["name"], mark_safe(_attrs(widget["attrs"])))
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(format_html(
                    '<option value="{}"{}>{}</option>',
                    str(option["value"]), mark_safe(_attrs(option["attrs"])), option["label"],
                ))  # fmt: skip
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))

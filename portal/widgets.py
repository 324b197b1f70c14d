"""The rich-text editor, chosen in this one place.

django-ckeditor (CKEditor 4) is the client's choice. Switching editors later means changing
:func:`rich_text_widget` and the widget's template, nothing else: the server-side sanitiser
(news/html.py) never trusts what any editor sends.
"""

from ckeditor.widgets import CKEditorWidget
from django.forms.widgets import Media
from django.urls import reverse


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

"""Admin pieces every kind of content shares: written once, used by the frame and the kinds."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.core.exceptions import ValidationError
from django.db.models.constants import LOOKUP_SEP
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import images, media_storage, search
from ..fields import PhotoUploadField
from ..models import Photo


class VietnameseSlugs:
    """ModelAdmin mixin: the slug typed for editors as the server would make it (static JS)."""

    class Media:
        # Listed after urlify.js so that Django keeps that order when it merges the scripts.
        js = ["admin/js/urlify.js", "editor/js/slugs.js"]


def thumbnail(photo, width=96):
    if photo is None or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}">',
        photo.thumbnail_url,
        width,
        photo.thumbnail_height(width) or width,
    )


HISTORY_FIELDS = ["created", "created_by", "updated", "updated_by"]


class AuthoredAdmin(admin.ModelAdmin):
    """Records who created and who last changed a record (portal.models.Authored), and shows
    it in a collapsed "Lịch sử" section at the end of the form."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        named = {f for _name, options in fieldsets for f in options.get("fields", ())}
        if not named & set(HISTORY_FIELDS):
            history = {"fields": HISTORY_FIELDS, "classes": ["collapse"]}
            fieldsets.append((gettext_lazy("Lịch sử"), history))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [f for f in HISTORY_FIELDS if f not in fields]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class PhotoUploadForm(forms.ModelForm):
    """A model form with an optional upload that becomes a Photo (through portal/images.py).

    ``photo_field`` names the model's ForeignKey to Photo that the upload fills;
    ``photo_alt_field`` the field whose text becomes the new photo's alt text.
    """

    photo_field = ""
    photo_alt_field = ""

    upload = PhotoUploadField()

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        self._processed = None
        if upload:
            try:
                self._processed = images.process(upload)
            except ValidationError as exc:
                self.add_error("upload", exc)
        return cleaned

    def save(self, commit=True):
        if self._processed is not None:
            alt = self.cleaned_data.get(self.photo_alt_field, "") if self.photo_alt_field else ""
            photo = Photo.create_from_processed(
                self._processed, original_name=self.cleaned_data["upload"].name, alt_text=alt
            )
            setattr(self.instance, self.photo_field, photo)
            self._processed = None
        return super().save(commit)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record nobody adds, changes or deletes through the admin (a log, a report): viewing
    only, for whoever holds the model's view permission."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StorageFaultAdmin:
    """ModelAdmin mixin for forms whose save writes a file (a new photo, a file in the library):
    when the storage cannot write (portal/media_storage.py), the admin's transaction has rolled
    everything back and the same form comes back with the message on it and everything typed
    still filled in (the file has to be chosen again: browsers never refill a file input).

    The save is tried once; on that failure the view runs a second time on the same POST with a
    form that refuses to validate, so the admin renders it as it renders any invalid form."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except media_storage.StorageUnavailable as error:
            if request.method != "POST":
                raise
            request.storage_fault = error.messages[0]
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        fault = getattr(request, "storage_fault", None)
        if fault is None:
            return form

        class NotStored(form):
            def clean(self):
                cleaned = super().clean()
                self.add_error(None, fault)
                return cleaned

        return NotStored


class FoldedSearchAdmin:
    """The admin's search box as the public search works: folded, every word at a word start
    ("giam ngheo" finds "Giảm nghèo"), on the model's folded ``search_text``."""

    folded_search_field = "search_text"

    def get_search_results(self, request, queryset, search_term):
        _shown, words = search.parse_query(search_term)
        if not words:
            return queryset, False
        for word in words:
            queryset = queryset.filter(**{f"{self.folded_search_field}__contains": f" {word}"})
        return queryset, False


class PrivateLookupsAdmin:
    """ModelAdmin mixin for records holding a person's contact data shown masked: the list's
    address filters (``?email__startswith=bi``, ``?phone=…``, ``?duplicate_of__email=…``) would
    let anyone with the list test an address letter by letter. Any lookup through one of
    ``private_fields`` (at any step of the path) is refused to staff without
    ``private_permission``: a 400 page that says why, never a 500."""

    private_fields: tuple[str, ...] = ()
    private_permission = ""

    def lookup_allowed(self, lookup, value, request=None):
        private = any(part in self.private_fields for part in lookup.split(LOOKUP_SEP))
        if private and (request is None or not request.user.has_perm(self.private_permission)):
            raise DisallowedModelAdminLookup(f"Filtering by {lookup} not allowed")
        return super().lookup_allowed(lookup, value, request)

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except DisallowedModelAdminLookup:
            opts = self.model._meta
            context = {
                **self.admin_site.each_context(request),
                "title": _("Không lọc được theo thông tin liên hệ"),
                "opts": opts,
                "changelist_url": request.path,
            }
            return TemplateResponse(
                request, "admin/portal/lookup_refused.html", context, status=400
            )

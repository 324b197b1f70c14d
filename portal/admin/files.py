"""Attached files in the admin: the library of files (upload one, see where each is used, delete
the unused), and the mixin that lets the attachments field know who uploads."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import files
from ..fields import AttachmentsField, clean_attachment_list
from ..models import Attachment
from .mixins import FoldedSearchAdmin, StorageFaultAdmin

ATTACHED_FILES = "attached_files"


class AttachmentsAdmin:
    """For the admin of any kind with a rich body: the attachments field records its uploader,
    and where it cannot be edited (a view-only page, a read-only field) it shows as the list of
    files with their names and links, not as the data behind it."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, AttachmentsField) and formfield is not None:
            formfield.user = request.user
        return formfield

    def _attachment_fields(self) -> list[str]:
        return [f.name for f in self.model._meta.fields if isinstance(f, AttachmentsField)]

    def _files_read_only(self, request, obj, readonly) -> bool:
        names = self._attachment_fields()
        if obj is not None and not self.has_change_permission(request, obj):
            return bool(names)  # the whole page is view-only
        return any(name in readonly for name in names)

    def get_readonly_fields(self, request, obj=None):
        return self.with_attached_files(request, obj, super().get_readonly_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        return self.swap_attached_files(request, obj, super().get_fieldsets(request, obj))

    # For a kind's admin that builds its read-only fields or fieldsets itself.

    def with_attached_files(self, request, obj, readonly) -> list:
        fields = list(readonly)
        if self._files_read_only(request, obj, fields):
            fields.append(ATTACHED_FILES)
        return fields

    def swap_attached_files(self, request, obj, fieldsets) -> list:
        """``fieldsets`` with the attachments field as the list of files where it is read-only."""
        if ATTACHED_FILES not in self.get_readonly_fields(request, obj):
            return fieldsets
        names = set(self._attachment_fields())

        def swap(fields):
            shown = []
            for field in fields:
                if isinstance(field, list | tuple):
                    field = type(field)(swap(field))
                elif field in names:
                    field = ATTACHED_FILES
                if field not in shown:
                    shown.append(field)
            return shown

        return [(name, {**options, "fields": swap(options["fields"])})
                for name, options in fieldsets]  # fmt: skip

    @admin.display(description=gettext_lazy("tệp đính kèm"))
    def attached_files(self, obj):
        """The files as readers get them: their names (or labels), linked, with their sizes."""
        listed = []
        for name in self._attachment_fields():
            try:
                listed += clean_attachment_list(getattr(obj, name, None) or [])
            except ValidationError:
                continue
        found = Attachment.objects.in_bulk([row["key"] for row in listed], field_name="key")
        rows = [
            (file.get_absolute_url(), row["label"] or file.stem, file.original_name,
             file.human_size)
            for row in listed
            if (file := found.get(row["key"])) is not None
        ]  # fmt: skip
        if not rows:
            return _("Không có tệp đính kèm.")
        return format_html(
            '<ul class="attached-files">{}</ul>',
            format_html_join("", '<li><a href="{}">{}</a> <small>({}, {})</small></li>', rows),
        )


class AttachmentUseFilter(admin.SimpleListFilter):
    title = gettext_lazy("đang dùng")
    parameter_name = "dang_dung"

    def lookups(self, request, model_admin):
        return [("co", _("Đang được dùng")), ("khong", _("Chưa dùng ở đâu"))]

    def queryset(self, request, queryset):
        unused = Attachment.objects.unused().values("pk")
        if self.value() == "co":
            return queryset.exclude(pk__in=unused)
        if self.value() == "khong":
            return queryset.filter(pk__in=unused)
        return queryset


class AttachmentAddForm(forms.ModelForm):
    upload = forms.FileField(label=gettext_lazy("Tệp"), help_text=files.upload_help)

    class Meta:
        model = Attachment
        fields = []

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.processed = files.process(upload)  # the reason shows on the form
        return upload


def usage_links(attachment) -> list[str]:
    """One line per record that lists the file (or whose change waiting for approval lists
    it), linked to its admin page."""
    lines = []
    pending = _("trong bản sửa chờ duyệt")
    places = [(owner, "") for owner in attachment.owners()]
    places += [(owner, pending) for owner in attachment.pending_owners()]
    for owner, note in places:
        opts = owner._meta
        label = format_html("{} “{}”", str(opts.verbose_name).capitalize(), str(owner))
        if note:
            label = format_html("{} ({})", label, note)
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[owner.pk])
            label = format_html('<a href="{}">{}</a>', url, label)
        except NoReverseMatch:
            pass
        lines.append(label)
    return lines


@admin.register(Attachment)
class AttachmentAdmin(StorageFaultAdmin, FoldedSearchAdmin, admin.ModelAdmin):
    list_display = ["original_name", "kind", "shown_size", "pages", "uploaded_by", "created"]
    list_filter = [AttachmentUseFilter, "kind", "created"]
    search_fields = ["original_name"]  # the box; the search itself is folded, text included
    list_select_related = ["uploaded_by"]
    date_hierarchy = "created"
    readonly_fields = [
        "download", "kind", "shown_size", "pages", "sha256", "text_start", "used_in",
        "uploaded_by", "created",
    ]  # fmt: skip

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AttachmentAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["upload"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False  # a file is what was uploaded; upload a new one instead

    @admin.display(description=gettext_lazy("tệp"))
    def download(self, obj):
        return format_html(
            '<a href="{}">{}</a><br><small>{}: {}</small>', obj.get_absolute_url(),
            obj.original_name, _("Địa chỉ để dán vào mục khác"), obj.get_absolute_url(),
        )  # fmt: skip

    @admin.display(description=gettext_lazy("dung lượng"), ordering="size")
    def shown_size(self, obj):
        return obj.human_size

    @admin.display(description=gettext_lazy("nội dung chữ (đầu tệp)"))
    def text_start(self, obj):
        if not obj.text:
            return _("Không có chữ để tìm (tệp ảnh quét, hoặc loại tệp không đọc chữ).")
        return Truncator(obj.text).chars(600)

    @admin.display(description=gettext_lazy("đang dùng ở"))
    def used_in(self, obj):
        links = usage_links(obj)
        return format_html_join(mark_safe("<br>"), "{}", ((link,) for link in links)) or "—"

    def save_model(self, request, obj, form, change):
        if change:
            return
        stored = Attachment.create_from_processed(
            form.processed, original_name=form.cleaned_data["upload"].name, user=request.user
        )
        for field in Attachment._meta.concrete_fields:
            setattr(obj, field.attname, getattr(stored, field.attname))
        obj._state.adding, obj._state.db = False, stored._state.db

    def get_deleted_objects(self, objs, request):
        """A file listed anywhere stays: the delete page names every place that lists it."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = [
            format_html("{}: {} {}", str(a), _("đang dùng trong"), link)
            for a in objs
            for link in usage_links(a)
        ]
        if in_use:
            return deleted, counts, set(), in_use
        return deleted, counts, perms_needed, protected

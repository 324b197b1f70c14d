"""The photo library in the admin, and the editor's upload endpoint."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from .. import images
from ..fields import PhotoUploadField
from ..models import Photo
from .mixins import thumbnail


class PhotoUseFilter(admin.SimpleListFilter):
    title = gettext_lazy("đang dùng")
    parameter_name = "dang_dung"

    def lookups(self, request, model_admin):
        return [("co", _("Đang được dùng")), ("khong", _("Chưa dùng ở đâu"))]

    def queryset(self, request, queryset):
        unused = Photo.objects.unused().values("pk")
        if self.value() == "co":
            return queryset.exclude(pk__in=unused)
        if self.value() == "khong":
            return queryset.filter(pk__in=unused)
        return queryset


class PhotoForm(forms.ModelForm):
    upload = PhotoUploadField(label=gettext_lazy("tệp ảnh"))

    class Meta:
        model = Photo
        fields = ["upload", "alt_text", "credit"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload and not self.instance.pk:
            raise ValidationError(_("Hãy chọn một tệp ảnh."))
        if upload:
            # Validate now so that the form shows the reason; the file is converted on save.
            self.processed = images.process(upload)
        return upload


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = ["preview", "__str__", "credit", "size", "created"]
    list_display_links = ["preview", "__str__"]
    list_filter = [PhotoUseFilter, "created"]
    search_fields = ["alt_text", "credit", "original_name"]
    readonly_fields = ["large_preview", "size", "used_in", "uploaded_by", "created"]
    list_select_related = ["uploaded_by"]
    date_hierarchy = "created"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["upload", "alt_text", "credit"]
        return ["large_preview", "alt_text", "credit", "size", "used_in", "uploaded_by", "created"]

    @admin.display(description=gettext_lazy("ảnh"))
    def preview(self, obj):
        return thumbnail(obj)

    @admin.display(description=gettext_lazy("xem trước"))
    def large_preview(self, obj):
        return thumbnail(obj, 480)

    @admin.display(description=gettext_lazy("kích thước"))
    def size(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description=gettext_lazy("đang dùng ở"))
    def used_in(self, obj):
        links = usage_links(obj)
        return format_html_join(format_html("<br>"), "{}", ((link,) for link in links)) or "—"

    def get_deleted_objects(self, objs, request):
        """A photo used anywhere is protected: the admin's delete page (single and bulk) lists
        every place that uses it instead of deleting it."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = [link for photo in objs for link in usage_links(photo, with_photo=True)]
        if in_use:  # the reason to name, before any missing permission on what uses it
            return deleted, counts, set(), in_use
        return deleted, counts, perms_needed, protected

    def save_model(self, request, obj, form, change):
        processed = getattr(form, "processed", None)
        if processed is not None and not change:
            photo = Photo.create_from_processed(
                processed,
                original_name=form.cleaned_data["upload"].name,
                user=request.user,
                alt_text=obj.alt_text,
                credit=obj.credit,
            )
            # The admin goes on with the form's instance (messages, log, redirect): make it
            # the photo just stored.
            for model_field in Photo._meta.concrete_fields:
                setattr(obj, model_field.attname, getattr(photo, model_field.attname))
            obj._state.adding, obj._state.db = False, photo._state.db
            return
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "upload/",
                upload_photo,
                name="portal_photo_upload",
            ),
            *super().get_urls(),
        ]


def usage_links(photo, *, with_photo=False) -> list[str]:
    """One line per thing that shows the photo, linked to its admin page when there is one."""
    lines = []
    for owner in photo.usages():
        opts = owner._meta
        label = format_html("{} “{}”", str(opts.verbose_name).capitalize(), str(owner))
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[owner.pk])
            label = format_html('<a href="{}">{}</a>', url, label)
        except NoReverseMatch:
            pass
        if with_photo:
            label = format_html("{}: {} {}", str(photo), _("đang dùng trong"), label)
        lines.append(label)
    return lines


def _upload_error(message):
    # CKEditor 4 shows the server's message only on HTTP 200 with this shape.
    return JsonResponse({"uploaded": 0, "error": {"message": message}})


@never_cache
@csrf_protect
@require_POST
def upload_photo(request):
    """The editor's upload endpoint: active staff with the upload permission, CSRF-checked.

    A missing login, permission or CSRF token answers 4xx. Refusals of content answer HTTP 200
    with CKEditor's error shape, the only answer for which CKEditor shows the server's message.
    """
    user = request.user
    if not (user.is_active and user.is_staff):
        return JsonResponse(
            {"uploaded": 0, "error": {"message": _("Bạn cần đăng nhập trang quản trị.")}},
            status=401,
        )
    if not user.has_perm("portal.upload_photo"):
        return JsonResponse(
            {"uploaded": 0, "error": {"message": _("Bạn không có quyền tải ảnh lên.")}},
            status=403,
        )
    # Refuse an oversized body before reading it.
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > images.max_bytes() + 64 * 1024:
        return _upload_error(images.too_large_message(length))
    upload = request.FILES.get("upload")
    if upload is None:
        return _upload_error(_("Không nhận được tệp ảnh. Hãy chọn tệp rồi thử lại."))
    try:
        photo = Photo.create_from_upload(upload, user=request.user)
    except ValidationError as exc:
        return _upload_error(" ".join(exc.messages))
    return JsonResponse(
        {"uploaded": 1, "fileName": photo.original_name, "url": photo.url, "photoKey": photo.key}
    )

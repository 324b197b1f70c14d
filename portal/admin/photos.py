"""The photo library in the admin, and the editor's upload endpoint."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from .. import images
from ..fields import PhotoUploadField
from ..models import PendingChange, Photo
from .mixins import FoldedSearchAdmin, StorageFaultAdmin, thumbnail
from .versions import VersionedAdmin

PUBLISH_PHOTO = "portal.publish_photo"


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
class PhotoAdmin(StorageFaultAdmin, FoldedSearchAdmin, VersionedAdmin):
    form = PhotoForm
    change_form_template = "admin/portal/photo/change_form.html"

    class Media:
        css = {"all": ["editor/css/admin-article.css"]}

    list_display = ["preview", "description", "credit", "size", "created"]
    list_display_links = ["preview", "description"]
    list_filter = [PhotoUseFilter, "created"]
    search_fields = ["alt_text"]  # the box; the search itself is folded (FoldedSearchAdmin)
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

    @admin.display(description=gettext_lazy("mô tả, tên tệp"), ordering="alt_text")
    def description(self, obj):
        return str(obj)

    @admin.display(description=gettext_lazy("xem trước"))
    def large_preview(self, obj):
        return thumbnail(obj, 480)

    @admin.display(description=gettext_lazy("kích thước"))
    def size(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description=gettext_lazy("đang dùng ở"))
    def used_in(self, obj):
        links = usage_links(obj)
        return format_html_join(mark_safe("<br>"), "{}", ((link,) for link in links)) or "—"

    def get_deleted_objects(self, objs, request):
        """A photo used anywhere is protected: the admin's delete page (single and bulk) lists
        every place that uses it instead of deleting it."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = [link for photo in objs for link in usage_links(photo, with_photo=True)]
        if in_use:  # the reason to name, before any missing permission on what uses it
            return deleted, counts, set(), in_use
        return deleted, counts, perms_needed, protected

    def get_object(self, request, object_id, from_field=None):
        """The photo as editors see it: with its pending change of alt text or credit."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._pending = PendingChange.of(obj)
            if obj._pending is not None and not getattr(request, "_reverting", False):
                obj._pending.apply_to(obj)
        return obj

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        pending = getattr(obj, "_pending", None)
        may_publish = request.user.has_perm(PUBLISH_PHOTO)
        context.update(
            pending=pending,
            can_publish=may_publish,
            needs_approval=bool(obj and not may_publish and obj.shown_publicly()),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request._reverting = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        pending = getattr(obj, "_pending", None)
        may_publish = request.user.has_perm(PUBLISH_PHOTO)
        if change and "_reject_change" in request.POST and pending and may_publish:
            pending.delete()
            request._photo_message = _("Đã từ chối bản sửa của ảnh.")
            return
        if change and not may_publish and obj.shown_publicly():
            # What a live page shows of the photo changes only with an approver's yes.
            live = Photo.objects.get(pk=obj.pk)
            fields = [n for n in ("alt_text", "credit") if getattr(obj, n) != getattr(live, n)]
            if fields or pending:
                PendingChange.propose(obj, fields or list(pending.data), request.user)
            request._photo_message = _(
                "Đã lưu bản sửa chờ duyệt: các trang dùng ảnh vẫn hiện mô tả và tác giả cũ "
                "cho đến khi lãnh đạo duyệt."
            )
            return
        if pending is not None:
            pending.delete()  # applied by this save
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

    def response_change(self, request, obj):
        message = getattr(request, "_photo_message", "")
        if message:
            self.message_user(request, message, messages.INFO)
            return redirect(reverse("admin:portal_photo_change", args=[obj.pk]))
        return super().response_change(request, obj)

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

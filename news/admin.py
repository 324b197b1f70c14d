"""The newsroom's admin: articles, categories and photos, in Vietnamese."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import JsonResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from . import (
    admin_events,  # noqa: F401 - registers the training registry's admin
    images,
)
from .admin_helpers import VietnameseSlugs, thumbnail
from .models import Article, ArticlePhoto, Category, Photo
from .widgets import rich_text_widget


@admin.register(Category)
class CategoryAdmin(VietnameseSlugs, admin.ModelAdmin):
    list_display = ["name", "slug", "order", "show_in_menu", "article_count"]
    list_editable = ["order", "show_in_menu"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=gettext_lazy("số bài"))
    def article_count(self, obj):
        return obj.articles.count()


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
    upload = forms.FileField(
        label=gettext_lazy("tệp ảnh"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG hoặc WebP, tối đa 25 MB và 128 megapixel."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

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
                name="news_photo_upload",
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
    if not user.has_perm("news.upload_photo"):
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


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"
        widgets = {"body": rich_text_widget()}

    def __init__(self, *args, **kwargs):
        self.user = kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        user = self.user
        if status is not None and user is not None and not user.has_perm("news.publish_article"):
            status.choices = [c for c in status.choices if c[0] != Article.Status.PUBLISHED]
            status.help_text = _("Bạn có thể lưu nháp hoặc gửi duyệt; lãnh đạo sẽ xuất bản.")


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    extra = 0
    can_delete = False
    fields = ["position_label", "preview", "caption", "alt_text", "edit_photo"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Ảnh trong bài (theo thứ tự, lấy từ nội dung)")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo")

    @admin.display(description="#")
    def position_label(self, obj):
        return obj.position + 1

    @admin.display(description=gettext_lazy("ảnh"))
    def preview(self, obj):
        return thumbnail(obj.photo)

    @admin.display(description=gettext_lazy("tác giả ảnh, mô tả mặc định"))
    def edit_photo(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:news_photo_change", args=[obj.photo_id]),
            _("Sửa ảnh"),
        )


@admin.register(Article)
class ArticleAdmin(VietnameseSlugs, admin.ModelAdmin):
    form = ArticleAdminForm
    # Few columns, so titles stay readable at 1280 px with the admin's side menu open.
    list_display = ["title", "preview", "category", "status", "publish_at"]
    # Drafts and articles awaiting approval (no publish time yet) first, on every database.
    ordering = [F("publish_at").desc(nulls_first=True), "-created"]
    list_display_links = ["title"]
    list_filter = ["status", "category", "is_featured", "publish_at"]
    search_fields = ["title", "sapo", "byline"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["category", "lead_photo", "updated_by"]
    autocomplete_fields = ["cover_photo", "event"]
    readonly_fields = ["preview_link", "created", "updated", "created_by", "updated_by"]
    inlines = [ArticlePhotoInline]
    actions = ["publish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "sapo", "body"]}),
        (
            gettext_lazy("Tác giả, nguồn, liên kết"),
            {"fields": ["byline", "source", "cover_photo", "event"]},
        ),
        (
            gettext_lazy("Xuất bản"),
            {"fields": ["status", "publish_at", "is_featured", "preview_link"]},
        ),
        (
            gettext_lazy("Lịch sử"),
            {"fields": ["created", "created_by", "updated", "updated_by"], "classes": ["collapse"]},
        ),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class FormWithUser(form):
            def __init__(self, *args, **inner):
                inner["user"] = request.user
                super().__init__(*args, **inner)

        return FormWithUser

    @admin.display(description=gettext_lazy("ảnh"))
    def preview(self, obj):
        return thumbnail(obj.lead_photo, 48)

    @admin.display(description=gettext_lazy("xem trước"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("Lưu bài để xem trước.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("news:preview", args=[obj.pk]),
            _("Xem trước bài viết như bạn đọc sẽ thấy"),
        )

    def save_model(self, request, obj, form, change):
        if not request.user.has_perm("news.publish_article"):
            previous = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            if obj.status == Article.Status.PUBLISHED and previous != Article.Status.PUBLISHED:
                obj.status = Article.Status.REVIEW
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        report = obj.body_report
        uncaptioned = [
            p for p, caption in zip(report.photos, report.captions, strict=True) if not caption
        ]
        if uncaptioned:
            messages.warning(
                request,
                _(
                    "%(count)d ảnh trong bài chưa có chú thích. Ảnh tin bài thường cần một dòng "
                    "chú thích: bật “Có chú thích dưới ảnh” rồi gõ chú thích dưới ảnh."
                )
                % {"count": len(uncaptioned)},
            )
        if report.removed:
            messages.warning(
                request,
                _(
                    "Đã bỏ %(count)d ảnh không thuộc kho ảnh của cổng (ảnh dán từ trang khác "
                    "hoặc địa chỉ lạ). Hãy tải ảnh lên bằng nút Hình ảnh."
                )
                % {"count": len(report.removed)},
            )
        if (
            obj.status == Article.Status.PUBLISHED
            and obj.publish_at
            and obj.publish_at > timezone.now()
        ):
            messages.info(
                request,
                _("Bài sẽ tự hiện trên cổng lúc %(time)s.")
                % {"time": timezone.localtime(obj.publish_at).strftime("%H:%M %d/%m/%Y")},
            )

    @admin.action(description=gettext_lazy("Xuất bản các bài đã chọn"))
    def publish_selected(self, request, queryset):
        if not request.user.has_perm("news.publish_article"):
            self.message_user(request, _("Bạn không có quyền xuất bản."), messages.ERROR)
            return
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED
            article.updated_by = request.user
            article.save()
            count += 1
        self.message_user(request, _("Đã xuất bản %(count)d bài.") % {"count": count})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("news.publish_article"):
            actions.pop("publish_selected", None)
        return actions

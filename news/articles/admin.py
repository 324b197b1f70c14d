"""The newsroom's admin: categories and articles, in Vietnamese."""

from django.contrib import admin, messages
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.admin.mixins import AuthoredAdmin, VietnameseSlugs, thumbnail
from portal.dates import short_datetime

from .models import Article, Category


@admin.register(Category)
class CategoryAdmin(VietnameseSlugs, admin.ModelAdmin):
    list_display = ["name", "slug", "order", "show_in_menu", "article_count"]
    list_editable = ["order", "show_in_menu"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=gettext_lazy("số bài"))
    def article_count(self, obj):
        return obj.articles.count()


@admin.register(Article)
class ArticleAdmin(VietnameseSlugs, AuthoredAdmin):
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
    readonly_fields = ["preview_link", "photos_used"]
    actions = ["publish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "sapo", "body", "photos_used"]}),
        (
            gettext_lazy("Tác giả, nguồn, liên kết"),
            {"fields": ["byline", "source", "cover_photo", "event"]},
        ),
        (
            gettext_lazy("Xuất bản"),
            {"fields": ["status", "publish_at", "is_featured", "preview_link"]},
        ),
    ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "status" and not request.user.has_perm("news.publish_article"):
            field.choices = [c for c in field.choices if c[0] != Article.Status.PUBLISHED]
            field.help_text = _("Bạn có thể lưu nháp hoặc gửi duyệt; lãnh đạo sẽ xuất bản.")
        return field

    @admin.display(description=gettext_lazy("ảnh trong bài (lấy từ nội dung)"))
    def photos_used(self, obj):
        uses = list(obj.photo_uses.select_related("photo")) if obj.pk else []
        if not uses:
            return _("Chưa có ảnh. Chèn ảnh bằng nút Hình ảnh của trình soạn thảo.")
        return format_html_join(
            "",
            '<figure class="photo-use">{}<figcaption>{}. {} · <a href="{}">{}</a></figcaption>'
            "</figure>",
            (
                (
                    thumbnail(use.photo),
                    use.position + 1,
                    use.caption or _("(chưa có chú thích)"),
                    reverse("admin:portal_photo_change", args=[use.photo_id]),
                    _("Sửa ảnh (tác giả, mô tả mặc định)"),
                )
                for use in uses
            ),
        )

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
        super().save_model(request, obj, form, change)
        report = obj.body_report
        uncaptioned = [p for p in report.placements if not p.caption]
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
                % {"time": short_datetime(obj.publish_at)},
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

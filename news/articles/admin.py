"""The newsroom's admin: categories and articles, in Vietnamese."""

from django.contrib import admin, messages
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import richtext, workflow
from portal.admin.files import AttachmentsAdmin
from portal.admin.mixins import FoldedSearchAdmin, VietnameseSlugs, thumbnail
from portal.admin.workflow import WorkflowAdmin
from portal.models import Photo

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


POLICY = workflow.Policy(Article, "news.publish_article")


def snapshot(values: dict) -> list[tuple[str, str]]:
    """What a reader sees of an article, as text, from its field values by attribute name
    (a record's or a stored version's): for the comparison of versions and pending changes."""
    body = values.get("body") or ""
    references = richtext.photo_references(body)
    photos = Photo.objects.in_bulk([key for key, _c, _a in references], field_name="key")
    category = Category.objects.filter(pk=values.get("category_id")).first()
    cover = Photo.objects.filter(pk=values.get("cover_photo_id")).first()
    photo_lines = [
        f"{photos[key]} ({caption})" if caption else str(photos[key])
        for key, caption, _alt in references
        if key in photos
    ]
    return [
        (_("Tiêu đề"), values.get("title") or ""),
        (_("Chuyên mục"), str(category) if category else ""),
        (_("Sapo"), values.get("sapo") or ""),
        (_("Nội dung"), richtext.to_text(body)),
        (_("Ảnh trong bài"), "\n".join(photo_lines)),
        (_("Ảnh đại diện"), str(cover) if cover else ""),
        (
            _("Tệp đính kèm"),
            Article._meta.get_field("attachments").snapshot_text(values.get("attachments")),
        ),
        (_("Tác giả"), values.get("byline") or ""),
        (_("Nguồn"), values.get("source") or ""),
    ]


@admin.register(Article)
class ArticleAdmin(AttachmentsAdmin, FoldedSearchAdmin, VietnameseSlugs, WorkflowAdmin):
    policy = POLICY
    preview_url_name = "news:preview"
    # Few columns, so titles stay readable at 1280 px with the admin's side menu open.
    list_display = ["title", "preview", "category", "status", "publish_at", "created_by"]
    # Drafts and articles awaiting approval (no publish time yet) first, on every database.
    ordering = [F("publish_at").desc(nulls_first=True), "-created"]
    list_display_links = ["title"]
    list_filter = ["status", "category", "is_featured", "created_by", "publish_at"]
    search_fields = ["title"]  # the box; the search itself is folded (FoldedSearchAdmin)
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["category", "lead_photo", "created_by"]
    autocomplete_fields = ["cover_photo", "event"]
    fieldsets = [
        (None, {"fields": [
            "title", "slug", "sapo", "body", "photos_used", "attachments", "category", "byline",
        ]}),
        (
            gettext_lazy("Xuất bản"),
            {
                "fields": [
                    "status", "publish_at", "unpublish_at", "is_featured", "preview_link",
                    "workflow_note", "edit_token",
                ]
            },
        ),
        (
            gettext_lazy("Ảnh đại diện, nguồn, lớp tập huấn"),
            {"fields": ["cover_photo", "source", "event"], "classes": ["collapse"]},
        ),
    ]  # fmt: skip

    class Media:
        # Listed whole: a Media here replaces VietnameseSlugs' (the slug script) otherwise.
        css = {"all": ["editor/css/admin-article.css"]}
        js = ["admin/js/urlify.js", "editor/js/slugs.js"]

    def snapshot(self, values):
        return snapshot(values)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "preview_link", "photos_used"]

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
        super().save_model(request, obj, form, change)
        if obj.pk and getattr(request, "_workflow_saved", True):
            self._warn_about_photos(request, obj)

    def _warn_about_photos(self, request, obj):
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

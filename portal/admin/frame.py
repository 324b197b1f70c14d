"""Admin for the portal's frame. Each model has its own permissions, so that a role set-up can
give the frame to administrators only."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..chrome import icon_url
from ..models import Banner, Page, ServiceLink, SiteProfile, UnitPortal
from .files import AttachmentsAdmin
from .mixins import (
    FoldedSearchAdmin,
    PhotoUploadForm,
    StorageFaultAdmin,
    VietnameseSlugs,
    thumbnail,
)
from .versions import VersionedAdmin


class SiteProfileForm(PhotoUploadForm):
    photo_field = "logo"

    class Meta:
        model = SiteProfile
        fields = "__all__"


@admin.register(SiteProfile)
class SiteProfileAdmin(StorageFaultAdmin, admin.ModelAdmin):
    form = SiteProfileForm
    list_display = ["name", "governing_body", "phone", "email"]
    raw_id_fields = ["logo"]
    readonly_fields = ["logo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "governing_body", "description"]}),
        (
            gettext_lazy("Tiếng Anh (trang /en/)"),
            {
                "fields": ["name_en", "governing_body_en", "description_en", "address_en"],
                "description": gettext_lazy(
                    "Tên, cơ quan chủ quản, mô tả và địa chỉ trên các trang tiếng Anh. Ô nào để "
                    "trống thì trang tiếng Anh hiện bản tiếng Việt, có ghi chú chưa dịch."
                ),
            },
        ),
        (gettext_lazy("Biểu trưng"), {"fields": ["logo_preview", "logo", "upload"]}),
        (
            gettext_lazy("Liên hệ và pháp lý"),
            {
                "fields": [
                    "address",
                    "phone",
                    "email",
                    "responsible_person",
                    "licence",
                    "republish_notice",
                    "copyright",
                ]
            },
        ),
    ]

    @admin.display(description=gettext_lazy("biểu trưng hiện tại"))
    def logo_preview(self, obj):
        return thumbnail(obj.logo, 96) if obj and obj.logo else _("Biểu trưng mặc định")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceLinkForm(PhotoUploadForm):
    photo_field = "icon_image"
    photo_alt_field = ""

    class Meta:
        model = ServiceLink
        fields = "__all__"


@admin.register(ServiceLink)
class ServiceLinkAdmin(StorageFaultAdmin, admin.ModelAdmin):
    form = ServiceLinkForm
    list_display = ["title", "icon_preview", "url", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "description", "url"]
    raw_id_fields = ["icon_image"]
    list_select_related = ["icon_image"]
    fields = [
        "title", "description", "url", "button_label", "icon", "icon_image", "upload",
        "order", "is_active", "new_tab",
    ]  # fmt: skip

    @admin.display(description=gettext_lazy("biểu tượng"))
    def icon_preview(self, obj):
        return format_html('<img src="{}" alt="" width="40" height="40">', icon_url(obj))


@admin.register(UnitPortal)
class UnitPortalAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "group", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["name", "url"]


class BannerForm(PhotoUploadForm):
    photo_field = "image"
    photo_alt_field = "alt_text"

    class Meta:
        model = Banner
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The image may come from the upload field instead.
        self.fields["image"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("image") and not self._processed and "upload" not in self.errors:
            self.add_error("upload", _("Hãy tải lên ảnh băng rôn (JPEG, PNG hoặc WebP)."))
        return cleaned


@admin.register(Banner)
class BannerAdmin(StorageFaultAdmin, admin.ModelAdmin):
    form = BannerForm
    list_display = [
        "title",
        "preview",
        "position",
        "order",
        "is_active",
        "active_from",
        "active_until",
    ]
    list_editable = ["order", "is_active"]
    list_filter = ["position", "is_active"]
    search_fields = ["title", "alt_text"]
    raw_id_fields = ["image"]
    list_select_related = ["image"]
    fields = [
        "title", "preview", "upload", "image", "alt_text", "link", "position", "order",
        "is_active", "active_from", "active_until",
    ]  # fmt: skip
    readonly_fields = ["preview"]

    @admin.display(description=gettext_lazy("xem trước"))
    def preview(self, obj):
        return thumbnail(obj.image if obj and obj.image_id else None, 160)


@admin.register(Page)
class PageAdmin(AttachmentsAdmin, FoldedSearchAdmin, VietnameseSlugs, VersionedAdmin):
    list_display = ["title", "slug", "is_published", "show_in_menu", "show_in_footer", "order"]
    list_editable = ["is_published", "show_in_menu", "show_in_footer", "order"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "attachments"]}),
        (
            gettext_lazy("Bản tiếng Anh"),
            {
                "fields": ["title_en", "summary_en", "body_en"],
                "description": gettext_lazy(
                    "Có tiêu đề tiếng Anh thì trang có bản tiếng Anh tại /en/pages/…, hiện trong "
                    "trình đơn, chân trang và sơ đồ cổng tiếng Anh. Luật yêu cầu bản tiếng Anh "
                    "của phần giới thiệu cơ quan, chức năng nhiệm vụ và liên hệ."
                ),
            },
        ),
        (
            gettext_lazy("Hiển thị"),
            {"fields": ["is_published", "show_in_menu", "show_in_footer", "order"]},
        ),
    ]

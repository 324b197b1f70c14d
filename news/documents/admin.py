"""Admin of documents and procedures: the lists the admin manages (types, issuers, fields,
signers), documents and procedures through the editorial workflow, with their files,
relations, filters, folded search and spreadsheet import and export."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import imports, richtext, workflow
from portal.admin.files import AttachmentsAdmin
from portal.admin.mixins import FoldedSearchAdmin
from portal.admin.spreadsheets import SpreadsheetAdmin
from portal.admin.workflow import WorkflowAdmin

from . import registers
from .models import (
    Document,
    DocumentRelation,
    DocumentType,
    Field,
    Issuer,
    Procedure,
    Signer,
    Validity,
)

DOCUMENT_POLICY = workflow.Policy(Document, "news.publish_document")
PROCEDURE_POLICY = workflow.Policy(Procedure, "news.publish_procedure")


class CatalogueAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    fields = ["name", "slug", "order"]
    readonly_fields = ["slug"]


@admin.register(DocumentType)
class DocumentTypeAdmin(CatalogueAdmin):
    list_display = ["name", "has_validity", "order"]
    list_editable = ["has_validity", "order"]
    fields = ["name", "has_validity", "slug", "order"]


@admin.register(Issuer)
class IssuerAdmin(CatalogueAdmin):
    list_display = ["name", "short_name", "order"]
    search_fields = ["name", "short_name"]
    fields = ["name", "short_name", "slug", "order"]


@admin.register(Field)
class FieldAdmin(CatalogueAdmin):
    pass


@admin.register(Signer)
class SignerAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name", "position"]


class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("năm ban hành")
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        years = Document.objects.dates("issued_on", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        year = imports.year_or_none(self.value())
        return queryset.filter(year=year) if year is not None else queryset


class ValidityFilter(admin.SimpleListFilter):
    title = gettext_lazy("hiệu lực hôm nay")
    parameter_name = "hieu_luc"

    def lookups(self, request, model_admin):
        return [(str(value), label) for value, label in Validity.choices]

    def queryset(self, request, queryset):
        if self.value() in {str(v) for v in Validity.values}:
            return queryset.filter(validity=int(self.value()))
        return queryset


class RelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    verbose_name = gettext_lazy("văn bản này sửa đổi, thay thế, bãi bỏ hoặc hướng dẫn")
    verbose_name_plural = gettext_lazy(
        "Văn bản này sửa đổi, thay thế, bãi bỏ hoặc hướng dẫn (chiều ngược lại tự hiện ở văn "
        "bản kia)"
    )


def document_snapshot(values: dict) -> list[tuple[str, str]]:
    """What a reader sees of a document, as text, for comparing versions and pending changes."""
    doc_type = DocumentType.objects.filter(pk=values.get("doc_type_id")).first()
    issuer = Issuer.objects.filter(pk=values.get("issuer_id")).first()
    signer = Signer.objects.filter(pk=values.get("signer_id")).first()

    def day(name):
        value = values.get(name)
        return f"{value:%d/%m/%Y}" if value else ""

    return [
        (_("Số ký hiệu"), values.get("number") or ""),
        (_("Loại văn bản"), str(doc_type or "")),
        (_("Cơ quan ban hành"), str(issuer or "")),
        (_("Người ký"), str(signer or "")),
        (_("Ngày ban hành"), day("issued_on")),
        (_("Ngày có hiệu lực"), day("effective_on")),
        (_("Ngày hết hiệu lực"), day("expires_on")),
        (_("Trích yếu"), values.get("summary") or ""),
        (_("Tệp đính kèm"), Document._meta.get_field("attachments").snapshot_text(
            values.get("attachments")
        )),
        (_("Toàn văn"), richtext.to_text(values.get("body") or "")),
        (_("Địa chỉ trên CSDL quốc gia"), values.get("vbpl_url") or ""),
    ]  # fmt: skip


@admin.register(Document)
class DocumentAdmin(SpreadsheetAdmin, AttachmentsAdmin, FoldedSearchAdmin, WorkflowAdmin):
    policy = DOCUMENT_POLICY
    layout = registers.DOCUMENT_LAYOUT
    import_notes = (
        gettext_lazy("Ngày dạng 09/08/2017. Loại văn bản, cơ quan ban hành và lĩnh vực phải có "
                     "sẵn trong danh mục (lĩnh vực cách nhau bằng dấu chấm phẩy)."),
        gettext_lazy("Người ký: Họ tên | Chức vụ (người ký mới được thêm vào danh mục)."),
        gettext_lazy("Văn bản đã có (cùng cơ quan ban hành, năm và số ký hiệu) được cập nhật, "
                     "không tạo trùng. Cột Trạng thái ghi “Đã xuất bản” để xuất bản ngay (chỉ "
                     "người duyệt); để trống thì nhập bản nháp."),
        gettext_lazy("Tệp văn bản và quan hệ với văn bản khác thêm ở trang của từng văn bản."),
    )  # fmt: skip
    list_display = ["number", "doc_type", "issuer", "issued_on", "validity_badge", "status"]
    list_display_links = ["number"]
    list_filter = ["status", ValidityFilter, "doc_type", "issuer", YearFilter, "fields"]
    search_fields = ["number"]  # the box; the search is folded on number, summary, files
    date_hierarchy = "issued_on"
    list_select_related = ["doc_type", "issuer"]
    autocomplete_fields = ["signer"]
    filter_horizontal = ["fields"]
    inlines = [RelationInline]
    fieldsets = [
        (None, {"fields": [
            "number", "doc_type", "issuer", "issued_on", "effective_on", "expires_on",
            "summary", "signer", "fields", "attachments",
        ]}),
        (gettext_lazy("Xuất bản"), {"fields": [
            "status", "publish_at", "unpublish_at", "preview_link", "workflow_note",
            "edit_token",
        ]}),
        (gettext_lazy("Toàn văn, địa chỉ trên CSDL quốc gia"), {
            "fields": ["body", "vbpl_url", "slug"], "classes": ["collapse"],
        }),
    ]  # fmt: skip
    preview_url_name = "news:document_preview"

    class Media:
        css = {"all": ["editor/css/admin-article.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_validity()

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "preview_link"]

    def snapshot(self, values):
        return document_snapshot(values)

    @admin.display(description=gettext_lazy("hiệu lực"), ordering="validity")
    def validity_badge(self, obj):
        value = getattr(obj, "validity", None)
        return Validity(value).label if value else "—"

    @admin.display(description=gettext_lazy("xem trước"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("Lưu văn bản để xem trước.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("news:document_preview", args=[obj.pk]),
            _("Xem trang văn bản như người đọc sẽ thấy"),
        )

    def export_rows(self, queryset, *, excel):
        return registers.document_rows(queryset, excel=excel)

    def check_import(self, request, rows):
        may_publish = self.policy.can_publish(request.user)
        return registers.check_documents(rows, may_publish=may_publish)

    def write_import_row(self, row, user):
        return registers.write_document(row, user)


@admin.register(Procedure)
class ProcedureAdmin(SpreadsheetAdmin, AttachmentsAdmin, FoldedSearchAdmin, WorkflowAdmin):
    policy = PROCEDURE_POLICY
    layout = registers.PROCEDURE_LAYOUT
    import_notes = (
        gettext_lazy("Mã thủ tục như trên Cơ sở dữ liệu quốc gia; thủ tục đã có (cùng mã) được "
                     "cập nhật. Lĩnh vực phải có sẵn trong danh mục."),
        gettext_lazy("Cấp thực hiện: Cấp tỉnh, Cấp huyện, Cấp xã hoặc Liên thông nhiều cấp. Dịch "
                     "vụ công trực tuyến: toàn trình, một phần hoặc chưa có (ghi như trong tệp "
                     "xuất)."),
        gettext_lazy("Trình tự và thành phần hồ sơ: mỗi bước, mỗi giấy tờ một dòng trong ô. Căn "
                     "cứ pháp lý: số ký hiệu các văn bản đã có trên cổng, cách nhau bằng dấu "
                     "chấm phẩy."),
        gettext_lazy("Biểu mẫu, tờ khai thêm ở trang của từng thủ tục."),
    )  # fmt: skip
    list_display = ["code", "name", "field", "level", "online_service", "status"]
    list_display_links = ["code", "name"]
    list_filter = ["status", "field", "level", "online_service"]
    search_fields = ["code", "name"]
    list_select_related = ["field"]
    autocomplete_fields = ["legal_basis"]
    fieldsets = [
        (None, {"fields": [
            "code", "name", "field", "level", "agency", "applicants", "processing_time", "fees",
            "steps", "papers", "result", "attachments", "legal_basis", "online_service",
            "online_url",
        ]}),
        (gettext_lazy("Xuất bản"), {"fields": [
            "status", "publish_at", "unpublish_at", "workflow_note", "edit_token",
        ]}),
        (gettext_lazy("Yêu cầu, điều kiện, đường dẫn"), {
            "fields": ["body", "slug"], "classes": ["collapse"],
        }),
    ]  # fmt: skip

    class Media:
        css = {"all": ["editor/css/admin-article.css"]}

    def export_rows(self, queryset, *, excel):
        return registers.procedure_rows(queryset, excel=excel)

    def check_import(self, request, rows):
        may_publish = self.policy.can_publish(request.user)
        return registers.check_procedures(rows, may_publish=may_publish)

    def write_import_row(self, row, user):
        return registers.write_procedure(row, user)

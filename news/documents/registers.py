"""The documents' and procedures' spreadsheets, both ways, on portal/imports.py: the layouts,
the export's rows, and the row forms an import checks (the models' own validation decides).

A document is found again by its natural key (issuer, year of issue, number and symbol), a
procedure by its code: importing a file twice updates, never duplicates. Types, issuers and
fields must already be in the admin's lists (a typo is a row error, not a new issuer);
signers are added when new. Whoever may not publish imports drafts only, and cannot update a
published record from a file.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from portal import imports
from portal.text import fold

from .models import (
    Document,
    DocumentType,
    Field,
    Issuer,
    OnlineService,
    Procedure,
    ProcedureLevel,
    Signer,
    number_key,
)

STATUS_PUBLISHED = "Đã xuất bản"

DOCUMENT_LAYOUT = imports.Layout(
    columns=[
        ("number", "Số ký hiệu"),
        ("doc_type", "Loại văn bản"),
        ("issuer", "Cơ quan ban hành"),
        ("issued_on", "Ngày ban hành"),
        ("effective_on", "Ngày có hiệu lực"),
        ("expires_on", "Ngày hết hiệu lực"),
        ("summary", "Trích yếu"),
        ("signer", "Người ký"),
        ("field_list", "Lĩnh vực"),
        ("vbpl_url", "Địa chỉ trên CSDL quốc gia"),
        ("status", "Trạng thái"),
    ],
    required=frozenset({"number", "doc_type", "issuer", "issued_on", "summary"}),
    sheet="Văn bản",
    stem="van-ban",
    widths={"number": 18, "doc_type": 14, "issuer": 28, "summary": 70, "signer": 30,
            "field_list": 30, "vbpl_url": 40, "status": 14},
    formats={"issued_on": "dd/mm/yyyy", "effective_on": "dd/mm/yyyy", "expires_on": "dd/mm/yyyy"},
    wrapped=frozenset({"summary"}),
)  # fmt: skip

PROCEDURE_LAYOUT = imports.Layout(
    columns=[
        ("code", "Mã thủ tục"),
        ("name", "Tên thủ tục"),
        ("field", "Lĩnh vực"),
        ("level", "Cấp thực hiện"),
        ("agency", "Cơ quan thực hiện"),
        ("applicants", "Đối tượng thực hiện"),
        ("processing_time", "Thời hạn giải quyết"),
        ("fees", "Phí, lệ phí"),
        ("steps", "Trình tự thực hiện"),
        ("papers", "Thành phần hồ sơ"),
        ("result", "Kết quả"),
        ("online_service", "Dịch vụ công trực tuyến"),
        ("online_url", "Địa chỉ nộp trực tuyến"),
        ("legal_basis", "Căn cứ pháp lý (số ký hiệu)"),
        ("status", "Trạng thái"),
    ],
    required=frozenset({"code", "name", "field", "agency", "processing_time"}),
    sheet="Thủ tục hành chính",
    stem="thu-tuc-hanh-chinh",
    widths={"code": 12, "name": 60, "field": 24, "agency": 30, "steps": 60, "papers": 60,
            "online_url": 40, "legal_basis": 30},
    wrapped=frozenset({"name", "steps", "papers"}),
)  # fmt: skip


def _date(value, *, excel: bool):
    if value is None:
        return None if excel else ""
    return value if excel else f"{value:%d/%m/%Y}"


def document_rows(queryset, *, excel: bool):
    documents = queryset.select_related("doc_type", "issuer", "signer").prefetch_related("fields")
    for d in documents.order_by("-issued_on", "-pk"):
        signer = f"{d.signer.name} | {d.signer.position}" if d.signer_id else ""
        yield [
            d.number, d.doc_type.name, d.issuer.name, _date(d.issued_on, excel=excel),
            _date(d.effective_on, excel=excel), _date(d.expires_on, excel=excel), d.summary,
            signer.rstrip(" |"), "; ".join(imports.list_item(f.name) for f in d.fields.all()),
            d.vbpl_url, str(d.get_status_display()),
        ]  # fmt: skip


def procedure_rows(queryset, *, excel: bool):
    procedures = queryset.select_related("field").prefetch_related("legal_basis")
    for p in procedures.order_by("field__order", "name", "pk"):
        yield [
            p.code, p.name, p.field.name, str(p.get_level_display()), p.agency, p.applicants,
            p.processing_time, p.fees, p.steps, p.papers, p.result,
            str(p.get_online_service_display()), p.online_url,
            "; ".join(imports.list_item(d.number) for d in p.legal_basis.all()),
            str(p.get_status_display()),
        ]  # fmt: skip


def _by_name(model, *extra: str) -> dict:
    found = {}
    for item in model.objects.all():
        for name in ("name", *extra):
            if getattr(item, name, ""):
                found[fold(getattr(item, name))] = item
    return found


def _choice_lookup(choices) -> dict:
    lookup = {fold(str(label)): value for value, label in choices}
    lookup.update({value: value for value, _label in choices})
    return lookup


class PublishingRowForm(imports.RowForm):
    """The status cell: "Đã xuất bản" publishes a row for someone who may publish; anything
    else (or empty) is a draft. A published record is not changed by someone who may not."""

    status = forms.CharField(required=False)

    def __init__(self, data, *, lookups: dict, may_publish: bool, **kwargs):
        self.lookups = lookups
        self.may_publish = may_publish
        super().__init__(data, **kwargs)

    def clean_status(self):
        text = fold(self.cleaned_data.get("status") or "")
        wanted = text == fold(STATUS_PUBLISHED) or text == "published"
        if wanted and not self.may_publish:
            raise forms.ValidationError(_("bạn không có quyền xuất bản; để trống để nhập bản nháp"))
        return wanted

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.shows_publicly() and not self.may_publish:
            raise forms.ValidationError(
                _("mục này đang xuất bản: chỉ người duyệt được cập nhật bằng tệp")
            )
        return cleaned


class DocumentRowForm(PublishingRowForm):
    layout = DOCUMENT_LAYOUT
    doc_type = forms.CharField()
    issuer = forms.CharField()
    issued_on = imports.CellDateField()
    effective_on = imports.CellDateField(required=False)
    expires_on = imports.CellDateField(required=False)
    signer = forms.CharField(required=False)
    field_list = forms.CharField(required=False)

    class Meta:
        model = Document
        fields = ["number", "issued_on", "effective_on", "expires_on", "summary", "vbpl_url"]

    def clean_doc_type(self):
        return self._known("types", "doc_type", _("Loại văn bản"))

    def clean_issuer(self):
        return self._known("issuers", "issuer", _("Cơ quan ban hành"))

    def _known(self, lookup: str, name: str, catalogue: str):
        text = self.cleaned_data.get(name) or ""
        item = self.lookups[lookup].get(fold(text))
        if item is None:
            raise forms.ValidationError(
                _("“%(v)s” không có trong danh mục %(list)s") % {"v": text, "list": catalogue}
            )
        return item

    def clean_signer(self):
        text = self.cleaned_data.get("signer") or ""
        if not text:
            return None
        name, _sep, position = (part.strip() for part in text.partition("|"))
        return (
            imports.limited(name, Signer, "name"),
            imports.limited(position, Signer, "position"),
        )

    def clean_field_list(self):
        found, unknown = [], []
        for name in imports.split_cell(self.cleaned_data.get("field_list")):
            item = self.lookups["fields"].get(fold(name))
            (found if item else unknown).append(item or name)
        if unknown:
            raise forms.ValidationError(
                _("%(names)s không có trong danh mục Lĩnh vực")
                % {"names": ", ".join(f"“{n}”" for n in unknown)}
            )
        return found

    def _post_clean(self):
        # The model's clean() (dates, the number unique for its issuer and year) needs these.
        if isinstance(self.cleaned_data.get("doc_type"), DocumentType):
            self.instance.doc_type = self.cleaned_data["doc_type"]
        if isinstance(self.cleaned_data.get("issuer"), Issuer):
            self.instance.issuer = self.cleaned_data["issuer"]
        super()._post_clean()


def document_lookups() -> dict:
    documents = {}
    for document in Document.objects.all():
        documents[(document.issuer_id, document.year, document.number_key)] = document
    return {
        "types": _by_name(DocumentType),
        "issuers": _by_name(Issuer, "short_name"),
        "fields": _by_name(Field),
        "documents": documents,
    }


def check_documents(rows: list[dict], *, may_publish: bool):
    lookups = document_lookups()

    def existing(row):
        issuer = lookups["issuers"].get(fold(str(row.get("issuer") or "")))
        try:
            issued = imports.CellDateField(required=False).clean(row.get("issued_on"))
        except forms.ValidationError:
            issued = None
        if issuer is None or issued is None:
            return None
        return lookups["documents"].get(
            (issuer.pk, issued.year, number_key(str(row.get("number") or "")))
        )

    def make_form(row):
        return DocumentRowForm(
            row, lookups=lookups, may_publish=may_publish, instance=existing(row)
        )

    def identity(row, form):
        data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
        issuer, issued = data.get("issuer"), data.get("issued_on")
        if form.instance.pk:
            return form.instance.pk
        return (getattr(issuer, "pk", row.get("issuer")), getattr(issued, "year", None),
                number_key(str(row.get("number") or "")))  # fmt: skip

    return imports.check_rows(rows, make_form=make_form, identity=identity)


def write_document(item: imports.ParsedRow, user) -> bool:
    form, columns = item.form, item.columns
    data = form.cleaned_data
    adding = form.instance.pk is None
    document = form.save(commit=False)
    document.doc_type, document.issuer = data["doc_type"], data["issuer"]
    if "signer" in columns:
        document.signer = (
            Signer.objects.get_or_create(name=data["signer"][0], position=data["signer"][1])[0]
            if data["signer"]
            else None
        )
    if adding:
        document.created_by = user
    document.updated_by = user
    if data["status"]:
        document.status = Document.Status.PUBLISHED
    elif adding:
        document.status = Document.Status.DRAFT
    document.save()
    if "field_list" in columns or adding:
        document.fields.set(data["field_list"])
    return adding


class ProcedureRowForm(PublishingRowForm):
    layout = PROCEDURE_LAYOUT
    field = forms.CharField()
    level = forms.CharField(required=False)
    online_service = forms.CharField(required=False)
    legal_basis = forms.CharField(required=False)
    steps = forms.CharField(required=False, strip=False, max_length=20_000)
    papers = forms.CharField(required=False, strip=False, max_length=20_000)

    class Meta:
        model = Procedure
        fields = ["code", "name", "agency", "applicants", "processing_time", "fees", "result",
                  "online_url"]  # fmt: skip

    def clean_field(self):
        text = self.cleaned_data.get("field") or ""
        item = self.lookups["fields"].get(fold(text))
        if item is None:
            raise forms.ValidationError(_("“%(v)s” không có trong danh mục Lĩnh vực") % {"v": text})
        return item

    def _choice(self, name, choices, default):
        text = self.cleaned_data.get(name) or ""
        if not text:
            return default
        value = _choice_lookup(choices).get(fold(text), _choice_lookup(choices).get(text))
        if value is None:
            labels = ", ".join(str(label) for _v, label in choices)
            raise forms.ValidationError(
                _("“%(v)s” không hợp lệ (%(labels)s)") % {"v": text, "labels": labels}
            )
        return value

    def clean_level(self):
        return self._choice("level", ProcedureLevel.choices, ProcedureLevel.PROVINCE)

    def clean_online_service(self):
        return self._choice("online_service", OnlineService.choices, OnlineService.NONE)

    def clean_legal_basis(self):
        found, problems = [], []
        for number in imports.split_cell(self.cleaned_data.get("legal_basis")):
            matches = self.lookups["by_number"].get(number_key(number), [])
            if len(matches) == 1:
                found.append(matches[0])
            else:
                problems.append(number)
        if problems:
            raise forms.ValidationError(
                _("không tìm thấy một văn bản duy nhất có số %(numbers)s")
                % {"numbers": ", ".join(f"“{n}”" for n in problems)}
            )
        return found

    def _post_clean(self):
        for name in ("field", "level", "online_service"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        for name in ("steps", "papers"):
            if name in self.data:
                setattr(self.instance, name, self.cleaned_data.get(name) or "")
        super()._post_clean()


def check_procedures(rows: list[dict], *, may_publish: bool):
    by_number: dict[str, list] = {}
    for document in Document.objects.only("pk", "number_key"):
        by_number.setdefault(document.number_key, []).append(document)
    by_code = {p.code: p for p in Procedure.objects.all()}
    lookups = {"fields": _by_name(Field), "by_number": by_number}

    def make_form(row):
        code = "".join(str(row.get("code") or "").split())
        return ProcedureRowForm(
            row, lookups=lookups, may_publish=may_publish, instance=by_code.get(code)
        )

    def identity(row, form):
        return form.instance.pk or "".join(str(row.get("code") or "").split())

    return imports.check_rows(rows, make_form=make_form, identity=identity)


def write_procedure(item: imports.ParsedRow, user) -> bool:
    form, columns = item.form, item.columns
    data = form.cleaned_data
    adding = form.instance.pk is None
    procedure = form.save(commit=False)
    if adding:
        procedure.created_by = user
    procedure.updated_by = user
    if data["status"]:
        procedure.status = Procedure.Status.PUBLISHED
    elif adding:
        procedure.status = Procedure.Status.DRAFT
    procedure.save()
    if "legal_basis" in columns or adding:
        procedure.legal_basis.set(data["legal_basis"])
    return adding

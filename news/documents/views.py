"""Public pages of documents and procedures: lists with search and filters, and details."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import pagecache, search
from portal.models import files_prefetch
from portal.pagination import CountedPaginator
from portal.seo import page_meta
from portal.widgets import QuickSelect

from .jsonld import document_jsonld
from .models import (
    Document,
    DocumentType,
    Field,
    Issuer,
    Procedure,
    ProcedureLevel,
    Validity,
    number_key,
)

DOCUMENTS_PER_PAGE = 20
PROCEDURES_PER_PAGE = 30
NEWEST, OLDEST = "1", "2"
# The level filter's numbers in the address (the page cache keys only on numbers).
LEVELS = {str(i): value for i, value in enumerate(ProcedureLevel.values, start=1)}


def _choices(pairs, empty_label):
    return [("", empty_label)] + [(str(pk), name) for pk, name in pairs]


class DocumentFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Số ký hiệu hoặc từ khoá"), required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "2328/KH-UBND"}),
    )  # fmt: skip
    loai = forms.ChoiceField(label=gettext_lazy("Loại văn bản"), required=False, widget=QuickSelect)
    co_quan = forms.ChoiceField(
        label=gettext_lazy("Cơ quan ban hành"), required=False, widget=QuickSelect
    )
    linh_vuc = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), required=False, widget=QuickSelect)
    nam = forms.ChoiceField(label=gettext_lazy("Năm ban hành"), required=False, widget=QuickSelect)
    hieu_luc = forms.ChoiceField(label=gettext_lazy("Hiệu lực"), required=False, widget=QuickSelect)
    sap_xep = forms.ChoiceField(label=gettext_lazy("Sắp xếp"), required=False, widget=QuickSelect)

    def __init__(self, *args, types=(), issuers=(), fields=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loai"].choices = _choices(types, _("Tất cả các loại"))
        self.fields["co_quan"].choices = _choices(issuers, _("Tất cả cơ quan"))
        self.fields["linh_vuc"].choices = _choices(fields, _("Tất cả lĩnh vực"))
        self.fields["nam"].choices = [("", _("Mọi năm"))] + [(str(y), str(y)) for y in years]
        self.fields["hieu_luc"].choices = [("", _("Mọi tình trạng"))] + [
            (str(value), label) for value, label in Validity.choices
        ]
        self.fields["sap_xep"].choices = [
            ("", _("Phù hợp nhất, rồi mới ban hành")),
            (NEWEST, _("Mới ban hành trước")),
            (OLDEST, _("Ban hành lâu nhất trước")),
        ]


def filter_documents(queryset, data: dict):
    """``queryset`` narrowed and ordered by a valid filter form's data; the number and symbol
    is matched exactly or by its start, words at word starts in the folded texts."""
    for name, lookup in (
        ("loai", "doc_type_id"),
        ("co_quan", "issuer_id"),
        ("linh_vuc", "fields__id"),
        ("nam", "year"),
        ("hieu_luc", "validity"),
    ):
        if data.get(name):
            queryset = queryset.filter(**{lookup: int(data[name])})  # fmt: skip
    order = ("issued_on", "pk") if data.get("sap_xep") == OLDEST else ("-issued_on", "-pk")
    shown, words = search.parse_query(data.get("q") or "")
    if not words:
        return queryset.order_by(*order)
    key = number_key(shown)
    by_number = Q(number_key__startswith=key) if any(ch.isdigit() for ch in key) else Q(pk=None)
    by_words = Q()
    for word in words:
        by_words &= Q(search_text__contains=f" {word}")
    if "/" in key and queryset.filter(by_number).exists():
        by_words = Q(pk=None)  # a whole number and symbol was typed: that document, not words
    queryset = queryset.filter(by_number | by_words).annotate(
        number_rank=Case(
            When(number_key__startswith=key, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        score=search.score(words, "search_title"),
    )
    if data.get("sap_xep") in (NEWEST, OLDEST):
        return queryset.order_by(*order)
    # Among numbers that start alike, the shortest is the closest ("23" → 23/KH before 2328/KH;
    # the number typed in full is the shortest of those that start with it).
    return queryset.order_by("-number_rank", "-score", Length("number_key"), "-issued_on", "-pk")


def _register_choices() -> dict:
    """The filters' choices, the same on every page of the register."""
    published = Document.objects.published()
    return {
        "types": _pairs(DocumentType.objects.all()),
        "issuers": _pairs(Issuer.objects.all()),
        "fields": _pairs(Field.objects.filter(documents__isnull=False).distinct()),
        "years": [d.year for d in published.dates("issued_on", "year", order="DESC")],
    }


def _pairs(items) -> list[tuple[int, str]]:
    return [(item.pk, str(item)) for item in items]


def document_list(request):
    documents = Document.objects.published()
    choices = pagecache.per_content("documents:choices", _register_choices)
    form = DocumentFilterForm(request.GET or None, **choices)
    # A stale or forged filter is left out; the others (and the words) still apply.
    invalid_filter = form.is_bound and not form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    listed = filter_documents(documents.for_lists().prefetch_related(files_prefetch()), data)
    # Counted without the validity computation when no filter needs it (the same rows).
    counted = listed if data.get("q") or data.get("hieu_luc") else filter_documents(documents, data)
    if data.get("linh_vuc"):
        listed, counted = listed.distinct(), counted.distinct()
    paginator = CountedPaginator(listed, DOCUMENTS_PER_PAGE, counted)
    page = paginator.get_page(request.GET.get("page"))
    filters = {k: v for k, v in data.items() if v}
    searched = bool(filters)
    return render(
        request,
        "documents/document_list.html",
        {
            "form": form,
            "invalid_filter": invalid_filter,
            "page_obj": page,
            "documents": page.object_list,
            "searched": searched,
            "search_query": data.get("q", ""),
            "page_query": (urlencode(filters) + "&") if filters else "",
            "meta": page_meta(
                request,
                _("Văn bản"),
                _(
                    "Văn bản quy phạm pháp luật, chỉ đạo, điều hành của tỉnh và của Sở: tìm theo "
                    "số ký hiệu, trích yếu, loại, cơ quan ban hành, lĩnh vực, năm và hiệu lực."
                ),
                page_number=page.number,
                noindex=searched,
            ),
        },
    )


def _with_details(documents):
    return documents.select_related("doc_type", "issuer", "signer").with_validity()


def document_detail(request, slug):
    document = get_object_or_404(
        _with_details(Document.objects.published()).prefetch_related("fields"), slug=slug
    )
    return _render_document(request, document)


@never_cache
@require_safe
@staff_member_required
def document_preview(request, pk):
    """Staff see a draft or scheduled document as readers will; never cached, never indexed."""
    if not request.user.has_perm("news.view_document"):
        raise PermissionDenied
    document = get_object_or_404(_with_details(Document.objects.all()), pk=pk)
    response = _render_document(request, document, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _render_document(request, document, *, preview=False):
    procedures = list(document.procedures.published().only("name", "slug", "code"))
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "relations": document.relations_shown(),
            "procedures": procedures,
            "preview": preview,
            "meta": document.page_meta(request, noindex=preview),
            "jsonld": document_jsonld(request, document),
        },
    )


class ProcedureFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tên hoặc mã thủ tục"), required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )  # fmt: skip
    linh_vuc = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), required=False, widget=QuickSelect)
    cap = forms.ChoiceField(label=gettext_lazy("Cấp thực hiện"), required=False, widget=QuickSelect)

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linh_vuc"].choices = _choices(fields, _("Tất cả lĩnh vực"))
        labels = dict(ProcedureLevel.choices)
        self.fields["cap"].choices = [("", _("Mọi cấp"))] + [
            (number, labels[value]) for number, value in LEVELS.items()
        ]


def procedure_list(request):
    procedures = Procedure.objects.published()
    in_use = Field.objects.filter(procedures__isnull=False).distinct()
    fields = pagecache.per_content("procedures:fields", lambda: _pairs(in_use))
    form = ProcedureFilterForm(request.GET or None, fields=fields)
    # A stale or forged filter is left out; the others (and the words) still apply.
    invalid_filter = form.is_bound and not form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    if data.get("linh_vuc"):
        procedures = procedures.filter(field_id=int(data["linh_vuc"]))
    if data.get("cap"):
        procedures = procedures.filter(level=LEVELS[data["cap"]])
    _shown, words = search.parse_query(data.get("q") or "")
    procedures = procedures.select_related("field")
    procedures = procedures.matching(words) if words else procedures
    page = Paginator(procedures, PROCEDURES_PER_PAGE).get_page(request.GET.get("page"))
    filters = {k: v for k, v in data.items() if v}
    return render(
        request,
        "documents/procedure_list.html",
        {
            "form": form,
            "invalid_filter": invalid_filter,
            "page_obj": page,
            "procedures": page.object_list,
            "searched": bool(filters),
            "page_query": (urlencode(filters) + "&") if filters else "",
            "meta": page_meta(
                request,
                _("Thủ tục hành chính"),
                _(
                    "Thủ tục hành chính Sở giải quyết: hồ sơ, thời hạn, phí, biểu mẫu, căn cứ "
                    "pháp lý và nơi nộp hồ sơ trực tuyến."
                ),
                page_number=page.number,
                noindex=bool(filters),
            ),
        },
    )


def procedure_detail(request, slug):
    procedure = get_object_or_404(Procedure.objects.published().select_related("field"), slug=slug)
    basis = list(
        procedure.legal_basis.published().select_related("doc_type").order_by("-issued_on")
    )
    return render(
        request,
        "documents/procedure_detail.html",
        {"procedure": procedure, "basis": basis, "meta": procedure.page_meta(request)},
    )

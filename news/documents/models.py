"""Legal documents (văn bản) and administrative procedures (thủ tục hành chính).

A document is published through the editorial workflow (portal.Publishable) with what Decree
42/2022/NĐ-CP, Article 4, asks a portal to state: its form (type), issuing body, number and
symbol, dates of issue and effect, summary (trích yếu) and its files, plus its fields, signer,
optional full text and relations to other documents (amends, replaces, repeals, guides).

Validity is never stored: :meth:`DocumentQuerySet.with_validity` computes it in the query from
the dates and from the published documents that replace, repeal or amend it, as of today, so
a document replaced tomorrow shows as replaced tomorrow, on every page and filter.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.cleaning import clean_text_fields
from portal.fields import RichTextField, WebAddressField
from portal.models import (
    Attachment,
    Authored,
    Publishable,
    PublishableQuerySet,
    RichBody,
    TimeStamped,
    unique_slug,
)
from portal.richtext import to_text
from portal.search import index_text
from portal.seo import Described
from portal.text import fold, slugify_vi

# Words of an attached file's text kept for searching a document (a long report's first part
# is what names it).
MAX_FILE_TEXT_CHARS = 100_000


class Catalogue(TimeStamped):
    """A list the admin manages (types, issuers, fields): a name, its address, an order."""

    name = models.CharField(_("tên"), max_length=200, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True, blank=True)
    order = models.PositiveSmallIntegerField(
        _("thứ tự"), default=0, help_text=_("Số nhỏ đứng trước trong danh sách lọc.")
    )

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.name) or "muc")
        super().save(*args, **kwargs)


class DocumentType(Catalogue):
    """Hình thức văn bản: Luật, Nghị định, Thông tư, Quyết định, Chỉ thị, Kế hoạch, Công văn..."""

    has_validity = models.BooleanField(
        _("có hiệu lực pháp lý"),
        default=True,
        help_text=_(
            "Bỏ chọn cho loại văn bản không có hiệu lực để theo dõi (công văn, thông báo, giấy "
            "mời): trang không hiện tình trạng hiệu lực."
        ),
    )

    class Meta(Catalogue.Meta):
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")


class Issuer(Catalogue):
    """Cơ quan ban hành."""

    short_name = models.CharField(
        _("tên ngắn"), max_length=80, blank=True, default="", help_text=_("Ví dụ: UBND tỉnh.")
    )

    class Meta(Catalogue.Meta):
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")


class Field(Catalogue):
    """Lĩnh vực, shared by documents and procedures."""

    class Meta(Catalogue.Meta):
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")


class Signer(TimeStamped):
    """Người ký, with the position they signed in."""

    name = models.CharField(_("họ tên"), max_length=120)
    position = models.CharField(
        _("chức vụ"), max_length=200, blank=True, default="",
        help_text=_("Ví dụ: Phó Chủ tịch UBND tỉnh."),
    )  # fmt: skip

    class Meta:
        ordering = ["name", "position"]
        verbose_name = _("người ký")
        verbose_name_plural = _("người ký")
        constraints = [
            models.UniqueConstraint(fields=["name", "position"], name="one_signer_per_position")
        ]

    def __str__(self):
        return f"{self.name} ({self.position})" if self.position else self.name

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        super().save(*args, **kwargs)


class Validity(models.IntegerChoices):
    """A document's legal force as of today; numbers for the public filter's address."""

    IN_FORCE = 1, _("Còn hiệu lực")
    NOT_YET = 2, _("Chưa có hiệu lực")
    PARTLY_ENDED = 3, _("Hết hiệu lực một phần")
    ENDED = 4, _("Hết hiệu lực toàn bộ")


class RelationKind(models.TextChoices):
    """What a document does to another; each read both ways on the pages."""

    AMENDS = "amends", _("sửa đổi, bổ sung")
    REPLACES = "replaces", _("thay thế")
    REPEALS = "repeals", _("bãi bỏ")
    REPEALS_PART = "repeals_part", _("bãi bỏ một phần")
    GUIDES = "guides", _("hướng dẫn")


# How each kind reads from the other side, and what it does to the other document's force.
RELATION_FROM_TARGET = {
    RelationKind.AMENDS: _("Được sửa đổi, bổ sung bởi"),
    RelationKind.REPLACES: _("Bị thay thế bởi"),
    RelationKind.REPEALS: _("Bị bãi bỏ bởi"),
    RelationKind.REPEALS_PART: _("Bị bãi bỏ một phần bởi"),
    RelationKind.GUIDES: _("Được hướng dẫn bởi"),
}
RELATION_FROM_SOURCE = {
    RelationKind.AMENDS: _("Sửa đổi, bổ sung"),
    RelationKind.REPLACES: _("Thay thế"),
    RelationKind.REPEALS: _("Bãi bỏ"),
    RelationKind.REPEALS_PART: _("Bãi bỏ một phần"),
    RelationKind.GUIDES: _("Hướng dẫn"),
}
ENDS_WHOLE = (RelationKind.REPLACES, RelationKind.REPEALS)
ENDS_PART = (RelationKind.AMENDS, RelationKind.REPEALS_PART)

_NUMBER_SPACES = re.compile(r"\s+")
_NUMBER_DASHES = re.compile("[\u2010-\u2015\u2212]")


def number_key(number: str) -> str:
    """How a number and symbol is compared: folded (no case, no diacritics, đ → d), without
    spaces, any dash a hyphen. "2328/KH-UBND", "2328/kh-ubnd" and "2328 / KH–UBND" are one."""
    return _NUMBER_SPACES.sub("", _NUMBER_DASHES.sub("-", fold(number or "")))


def local_today() -> date:
    return timezone.localdate()


# What the register lists: never the full text, its HTML or the search text.
DOCUMENT_LIST_FIELDS = (
    "number", "slug", "summary", "issued_on", "effective_on", "expires_on", "attachments",
    "status", "publish_at", "updated", "doc_type__name", "doc_type__slug",
    "doc_type__has_validity", "issuer__name", "issuer__short_name",
)  # fmt: skip


class DocumentQuerySet(PublishableQuerySet):
    def with_validity(self, today: date | None = None):
        """Each document's ``validity`` (a Validity number, or None for types without legal
        force) as of ``today``, computed in the query."""
        today = today or local_today()
        now = timezone.now()
        acting = DocumentRelation.objects.filter(
            target=OuterRef("pk"),
            source__status=Publishable.Status.PUBLISHED,
            source__publish_at__lte=now,
        ).annotate(source_effective=Coalesce("source__effective_on", "source__issued_on"))
        acting = acting.filter(source_effective__lte=today)
        return self.annotate(
            effective_day=Coalesce("effective_on", "issued_on"),
            validity=Case(
                When(doc_type__has_validity=False, then=Value(None)),
                When(effective_day__gt=today, then=Value(Validity.NOT_YET)),
                When(expires_on__lte=today, then=Value(Validity.ENDED)),
                When(Exists(acting.filter(kind__in=ENDS_WHOLE)), then=Value(Validity.ENDED)),
                When(Exists(acting.filter(kind__in=ENDS_PART)), then=Value(Validity.PARTLY_ENDED)),
                default=Value(Validity.IN_FORCE),
                output_field=models.IntegerField(null=True),
            ),
        )

    def for_lists(self):
        """What the register lists, without the full text, its HTML or the search text."""
        return self.select_related("doc_type", "issuer").only(*DOCUMENT_LIST_FIELDS).with_validity()

    def matching_number(self, query: str):
        """Documents whose number and symbol is the query, or starts with it."""
        key = number_key(query)
        if not key or not any(ch.isdigit() for ch in key):
            return self.none()
        return self.filter(number_key__startswith=key)


class Document(Described, Publishable, RichBody, Authored, TimeStamped):
    number = models.CharField(
        _("số ký hiệu"), max_length=100,
        help_text=_("Như in trên văn bản, ví dụ 2328/KH-UBND hoặc 42/2022/NĐ-CP."),
    )  # fmt: skip
    number_key = models.CharField(max_length=100, editable=False, db_index=True, default="")
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True, blank=True)
    doc_type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT,
        related_name="documents",
    )  # fmt: skip
    issuer = models.ForeignKey(
        Issuer, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT,
        related_name="documents",
    )  # fmt: skip
    signer = models.ForeignKey(
        Signer, verbose_name=_("người ký"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="documents",
    )  # fmt: skip
    issued_on = models.DateField(_("ngày ban hành"))
    effective_on = models.DateField(
        _("ngày có hiệu lực"), null=True, blank=True,
        help_text=_("Để trống nếu văn bản có hiệu lực từ ngày ban hành."),
    )  # fmt: skip
    expires_on = models.DateField(
        _("ngày hết hiệu lực"), null=True, blank=True,
        help_text=_("Nếu văn bản tự hết hiệu lực vào một ngày định trước."),
    )  # fmt: skip
    summary = models.TextField(
        _("trích yếu"), help_text=_("Trích yếu nội dung, như dưới số ký hiệu của văn bản.")
    )
    fields = models.ManyToManyField(
        Field, verbose_name=_("lĩnh vực"), blank=True, related_name="documents"
    )
    body = RichTextField(
        _("toàn văn"), blank=True, default="",
        help_text=_("Không bắt buộc: nội dung văn bản, để đọc ngay trên trang và để tìm."),
    )  # fmt: skip
    vbpl_url = WebAddressField(
        _("địa chỉ trên Cơ sở dữ liệu quốc gia về văn bản pháp luật"), blank=True, default="",
        help_text=_("Ví dụ https://vbpl.vn/… (nếu văn bản có ở đó)."),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(editable=False, default=0)
    search_title = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        permissions = [("publish_document", _("Được duyệt và xuất bản văn bản"))]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number_key"], name="one_number_per_issuer_and_year"
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(effective_on__gte=models.F("issued_on")),
                name="effective_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(expires_on__gt=Coalesce(models.F("effective_on"), models.F("issued_on"))),
                name="expiry_after_effect",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="document_visible"),
            models.Index(fields=["-issued_on", "-id"], name="document_newest"),
        ]

    def __str__(self):
        return f"{self.number} – {self.short_summary}"

    @property
    def short_summary(self) -> str:
        text = " ".join(self.summary.split())
        return text if len(text) <= 90 else text[:88].rsplit(" ", 1)[0] + "…"

    @property
    def title(self) -> str:
        """As documents are named: "Kế hoạch số 2328/KH-UBND"."""
        return f"{self.doc_type.name} số {self.number}" if self.doc_type_id else self.number

    @property
    def effective(self) -> date | None:
        return self.effective_on or self.issued_on

    def get_absolute_url(self):
        return reverse("news:document", kwargs={"slug": self.slug})

    meta_kind = "article"

    def meta_title(self) -> str:
        return f"{self.title}: {self.short_summary}"

    def meta_description(self) -> str:
        return self.summary

    def meta_photo(self):
        return None

    def validity_now(self) -> int | None:
        """The validity as of today (annotated by with_validity(), else asked)."""
        if "validity" in self.__dict__:
            return self.__dict__["validity"]
        found = Document.objects.with_validity().filter(pk=self.pk).values_list("validity")
        row = found.first()
        return row[0] if row else None

    def validity_label(self) -> str:
        value = self.validity_now()
        return str(Validity(value).label) if value else ""

    def clean(self):
        super().clean()
        errors = self.body_errors()
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _(
                "Ngày có hiệu lực (%(effective)s) không thể trước ngày ban hành (%(issued)s)."
            ) % {
                "effective": f"{self.effective_on:%d/%m/%Y}",
                "issued": f"{self.issued_on:%d/%m/%Y}",
            }
        start = self.effective_on or self.issued_on
        if start and self.expires_on and self.expires_on <= start:
            errors["expires_on"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        if self.number and not any(ch.isalnum() for ch in self.number):
            errors["number"] = _("Số ký hiệu cần có số hoặc chữ.")
        if self.number and self.issuer_id and self.issued_on:
            twins = Document.objects.filter(
                issuer_id=self.issuer_id, year=self.issued_on.year,
                number_key=number_key(self.number),
            ).exclude(pk=self.pk)  # fmt: skip
            if twins.exists():
                errors["number"] = _(
                    "Đã có văn bản số %(number)s của %(issuer)s năm %(year)s. Mỗi cơ quan không "
                    "ban hành hai văn bản cùng số ký hiệu trong một năm."
                ) % {"number": self.number, "issuer": self.issuer, "year": self.issued_on.year}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        self.number = " ".join(self.number.split())
        self.number_key = number_key(self.number)
        self.year = self.issued_on.year if self.issued_on else 0
        if not self.slug:
            base = slugify_vi(f"{self.number} {self.year}" if self.year else self.number)
            self.slug = unique_slug(self, base or "van-ban")
        self.prepare_publication()
        report = self.body_report
        self.search_title = index_text(self.number, self.summary)
        self.search_text = index_text(
            self.number, self.summary, self.signer.name if self.signer_id else "",
            to_text(report.source), self._files_text(),
        )  # fmt: skip
        super().save(*args, **kwargs)

    def _files_text(self) -> str:
        keys = [row.get("key") for row in self.attachments or [] if isinstance(row, dict)]
        if not keys:
            return ""
        texts = Attachment.objects.filter(key__in=keys).values_list("text", flat=True)
        return " ".join(texts)[:MAX_FILE_TEXT_CHARS]

    def public_relations(self) -> list[DocumentRelation]:
        """Its relations with public documents, both ways (this one acting on another, or acted
        on), each with both documents and their types: one query, kept on the instance (the
        page and its structured data both read them)."""
        if getattr(self, "_public_relations", None) is None:
            published = Document.objects.published()
            self._public_relations = list(
                DocumentRelation.objects.filter(
                    Q(source=self, target__in=published) | Q(target=self, source__in=published)
                ).select_related("source__doc_type", "target__doc_type")
            )
        return self._public_relations

    def relations_shown(self) -> list[tuple[str, list[Document]]]:
        """The documents this one acts on and those acting on it, public ones only, grouped
        under how they read from here ("Thay thế", "Bị thay thế bởi"...), those it acts on
        first."""
        groups: dict[str, list[Document]] = {}
        relations = self.public_relations()
        for relation in relations:
            if relation.source_id == self.pk:
                groups.setdefault(str(RELATION_FROM_SOURCE[relation.kind]), []).append(
                    relation.target
                )
        for relation in relations:
            if relation.target_id == self.pk:
                groups.setdefault(str(RELATION_FROM_TARGET[relation.kind]), []).append(
                    relation.source
                )
        return list(groups.items())


class DocumentRelation(models.Model):
    """``source`` (the newer document) amends, replaces, repeals or guides ``target``."""

    source = models.ForeignKey(
        Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField(_("quan hệ"), max_length=16, choices=RelationKind.choices)
    target = models.ForeignKey(
        Document, verbose_name=_("văn bản liên quan"), on_delete=models.CASCADE,
        related_name="related_from",
    )  # fmt: skip
    note = models.CharField(
        _("ghi chú"), max_length=200, blank=True, default="",
        help_text=_("Ví dụ: khoản 2 Điều 5."),
    )  # fmt: skip

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("quan hệ với văn bản khác")
        verbose_name_plural = _("quan hệ với văn bản khác")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"], name="one_relation_of_a_kind"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="no_relation_to_itself"
            ),
        ]
        indexes = [models.Index(fields=["target", "kind"], name="relation_target")]

    def __str__(self):
        return f"{RELATION_FROM_SOURCE.get(self.kind, self.kind)} {self.target_id}"

    def clean(self):
        super().clean()
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError(
                {"target": _("Một văn bản không thể sửa đổi, thay thế hay hướng dẫn chính nó.")}
            )

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        super().save(*args, **kwargs)


# Administrative procedures


class ProcedureLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    LINKED = "linked", _("Liên thông nhiều cấp")


class OnlineService(models.TextChoices):
    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    NONE = "none", _("Chưa có dịch vụ công trực tuyến")


class ProcedureQuerySet(PublishableQuerySet):
    def matching(self, words: list[str]):
        from portal import search

        return search.matching(self, words, newest=("field__order", "name", "pk"))


class Procedure(Described, Publishable, RichBody, Authored, TimeStamped):
    code = models.CharField(
        _("mã thủ tục"), max_length=40, unique=True,
        help_text=_("Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ 1.004227."),
    )  # fmt: skip
    name = models.CharField(_("tên thủ tục"), max_length=500)
    slug = models.SlugField(_("đường dẫn"), max_length=220, unique=True, blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures"
    )
    level = models.CharField(
        _("cấp thực hiện"), max_length=12, choices=ProcedureLevel.choices,
        default=ProcedureLevel.PROVINCE,
    )  # fmt: skip
    agency = models.CharField(
        _("cơ quan thực hiện"), max_length=300, help_text=_("Ví dụ: Sở Thông tin và Truyền thông.")
    )
    applicants = models.CharField(
        _("đối tượng thực hiện"), max_length=300, blank=True, default="",
        help_text=_("Ví dụ: Tổ chức, doanh nghiệp."),
    )  # fmt: skip
    processing_time = models.CharField(
        _("thời hạn giải quyết"), max_length=300, help_text=_("Ví dụ: 10 ngày làm việc.")
    )
    fees = models.CharField(
        _("phí, lệ phí"), max_length=500, blank=True, default="",
        help_text=_("Để trống nếu không thu phí."),
    )  # fmt: skip
    steps = models.TextField(
        _("trình tự thực hiện"), blank=True, default="",
        help_text=_("Mỗi bước một dòng."),
    )  # fmt: skip
    papers = models.TextField(
        _("thành phần hồ sơ"), blank=True, default="", help_text=_("Mỗi giấy tờ một dòng.")
    )
    result = models.CharField(
        _("kết quả thực hiện"), max_length=500, blank=True, default="",
        help_text=_("Ví dụ: Giấy phép, văn bản chấp thuận."),
    )  # fmt: skip
    body = RichTextField(
        _("yêu cầu, điều kiện và ghi chú"), blank=True, default="",
        help_text=_("Không bắt buộc."),
    )  # fmt: skip
    legal_basis = models.ManyToManyField(
        Document, verbose_name=_("căn cứ pháp lý"), blank=True, related_name="procedures",
        help_text=_("Các văn bản quy định thủ tục này."),
    )  # fmt: skip
    online_service = models.CharField(
        _("dịch vụ công trực tuyến"), max_length=8, choices=OnlineService.choices,
        default=OnlineService.NONE,
    )  # fmt: skip
    online_url = WebAddressField(
        _("địa chỉ nộp hồ sơ trực tuyến"), blank=True, default="",
        help_text=_("Trên Cổng dịch vụ công quốc gia hoặc của tỉnh."),
    )  # fmt: skip
    search_title = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["field__order", "name", "pk"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        permissions = [("publish_procedure", _("Được duyệt và xuất bản thủ tục hành chính"))]
        indexes = [models.Index(fields=["status", "publish_at"], name="procedure_visible")]

    def __str__(self):
        return self.name

    @property
    def title(self) -> str:
        return self.name

    def get_absolute_url(self):
        return reverse("news:procedure", kwargs={"slug": self.slug})

    def meta_description(self) -> str:
        return f"{self.code} · {self.field} · {self.get_level_display()} · {self.agency}"

    def meta_photo(self):
        return None

    def step_lines(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    def paper_lines(self) -> list[str]:
        return [line.strip() for line in self.papers.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        errors = self.body_errors()
        if self.online_service != OnlineService.NONE and not self.online_url:
            errors["online_url"] = _("Hãy ghi địa chỉ nộp hồ sơ trực tuyến của thủ tục.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        self.code = "".join(self.code.split())
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(f"{self.name}")[:200] or "thu-tuc")
        self.prepare_publication()
        report = self.body_report
        self.search_title = index_text(self.code, self.name)
        self.search_text = index_text(
            self.code, self.name, self.agency, self.steps, self.papers, self.result,
            to_text(report.source),
        )  # fmt: skip
        super().save(*args, **kwargs)


__all__ = [
    "Document", "DocumentQuerySet", "DocumentRelation", "DocumentType", "Field", "Issuer",
    "OnlineService", "Procedure", "ProcedureLevel", "RelationKind", "Signer", "Validity",
    "number_key",
]  # fmt: skip

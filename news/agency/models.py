"""The agency's organisation as data: units in a tree, positions, and officials.

A :class:`Unit` is the agency itself (Sở), one of its divisions (phòng, văn phòng, thanh tra) or
an attached unit (đơn vị trực thuộc); units form a tree by ``parent`` and ``order``. An
:class:`Official` holds one :class:`Position` in one unit from ``active_from`` to
``active_until`` (both days included). A change of office is a new record, the old one ends the
day before: history stays and the public pages show whoever holds office today
(:meth:`OfficialQuerySet.current`).

English sits beside Vietnamese as ``<field>_en`` (portal/i18n.py picks one and says when it
fell back). A unit's functions and tasks are rich text through portal.RichBody (``body``); the
English text goes through the same pipeline (``extra_bodies``) and its photos are recorded with
the Vietnamese ones.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.fields import RichTextField, WebAddressField
from portal.models import Photo, RichBody, TimeStamped, unique_slug
from portal.search import index_text
from portal.text import fold, slugify_vi

# Deeper than any real organisation; a guard for the ancestor walk.
MAX_DEPTH = 12


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Cơ quan")
    DIVISION = "division", _("Phòng chuyên môn, nghiệp vụ")
    ATTACHED = "attached", _("Đơn vị trực thuộc")


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def in_tree_order(self) -> list[Unit]:
        """Every unit, each under its parent, siblings by order and name, with ``tree_depth``
        set (one query; for the admin's lists and choices)."""
        units = list(self.order_by("order", "name", "pk"))
        children: dict[int | None, list[Unit]] = {}
        for unit in units:
            children.setdefault(unit.parent_id, []).append(unit)
        known = {unit.pk for unit in units}
        ordered: list[Unit] = []

        def visit(unit: Unit, depth: int) -> None:
            if len(ordered) > len(units) or depth > MAX_DEPTH:
                return
            unit.tree_depth = depth
            ordered.append(unit)
            for child in children.get(unit.pk, []):
                visit(child, depth + 1)

        # The agency first, then any unit whose parent is not among these rows.
        for unit in sorted(
            (u for u in units if u.parent_id is None or u.parent_id not in known),
            key=lambda u: (u.kind != UnitKind.AGENCY, u.order, u.name, u.pk),
        ):
            visit(unit, 0)
        return ordered


class Unit(RichBody, TimeStamped):
    """Cơ quan, phòng, đơn vị trực thuộc."""

    extra_bodies = ("functions_en",)  # the English functions, in the same pipeline

    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc đơn vị"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
        help_text=_(
            "Đơn vị cấp trên. Bắt buộc với phòng và đơn vị trực thuộc; để trống chỉ với cơ quan "
            "(gốc của sơ đồ)."
        ),
    )  # fmt: skip
    kind = models.CharField(
        _("loại"), max_length=20, choices=UnitKind.choices, default=UnitKind.DIVISION
    )
    name = models.CharField(_("tên đơn vị"), max_length=200)
    name_en = models.CharField(
        _("tên tiếng Anh"), max_length=200, blank=True, default="",
        help_text=_("Để trống thì trang tiếng Anh hiện tên tiếng Việt, có ghi chú."),
    )  # fmt: skip
    short_name = models.CharField(
        _("tên ngắn"), max_length=80, blank=True, default="",
        help_text=_("Ví dụ: Văn phòng Sở, Phòng BCVT."),
    )  # fmt: skip
    short_name_en = models.CharField(_("tên ngắn tiếng Anh"), max_length=80, blank=True, default="")
    slug = models.SlugField(
        _("đường dẫn"), max_length=200, unique=True, blank=True,
        help_text=_("Tự tạo từ tên (đ thành d) khi để trống."),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(
        _("thứ tự"), default=0, help_text=_("Số nhỏ đứng trước trong cùng một cấp.")
    )
    body = RichTextField(
        _("chức năng, nhiệm vụ"), blank=True, default="",
        help_text=_("Chức năng, nhiệm vụ và quyền hạn của đơn vị, như trong quyết định."),
    )  # fmt: skip
    functions_en = RichTextField(
        _("chức năng, nhiệm vụ (tiếng Anh)"), blank=True, default="",
        help_text=_("Để trống thì trang tiếng Anh hiện bản tiếng Việt, có ghi chú."),
    )  # fmt: skip
    functions_en_html = models.TextField(editable=False, blank=True, default="")
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True, default="")
    address_en = models.CharField(
        _("địa chỉ tiếng Anh"), max_length=300, blank=True, default="",
        help_text=_("Ví dụ: 2 Nguyen Du Street, Hai Duong City. Để trống thì trang tiếng Anh "
                    "hiện địa chỉ tiếng Việt, có ghi chú."),
    )  # fmt: skip
    phone = models.CharField(_("điện thoại"), max_length=60, blank=True, default="")
    fax = models.CharField(_("fax"), max_length=60, blank=True, default="")
    email = models.EmailField(_("thư điện tử"), blank=True, default="")
    website = WebAddressField(_("trang thông tin điện tử"), blank=True, default="")
    active = models.BooleanField(
        _("đang hoạt động"), default=True,
        help_text=_("Bỏ chọn khi đơn vị giải thể hoặc sáp nhập: không hiện trên cổng nữa."),
    )  # fmt: skip
    # Folded words for the directory and the site search: names in both languages.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_title = models.TextField(editable=False, blank=True, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            # The agency is the chart's one root: every other unit hangs under a parent.
            models.CheckConstraint(
                condition=Q(kind=UnitKind.AGENCY, parent__isnull=True)
                | (~Q(kind=UnitKind.AGENCY) & Q(parent__isnull=False)),
                name="unit_parent_unless_agency",
                violation_error_message=_(
                    "Chỉ cơ quan không có đơn vị cấp trên; phòng và đơn vị trực thuộc phải có."
                ),
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind=UnitKind.AGENCY), name="unit_one_agency",
                violation_error_message=_("Đã có một cơ quan: cổng chỉ có một cơ quan."),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], name="unit_name_unique_under_parent",
                violation_error_message=_("Đơn vị cấp trên này đã có một đơn vị cùng tên."),
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("site:unit", kwargs={"slug": self.slug})

    # The functions in the language asked: {% translated unit "functions_html" html=True %}
    # (the English rendering is functions_en_html, beside the Vietnamese body_html).
    @property
    def functions_html(self) -> str:
        return self.body_html

    def ancestors(self) -> list[Unit]:
        """The parent, its parent... up to the root (one query per level; admin and clean only)."""
        found, unit = [], self.parent
        while unit is not None and len(found) <= MAX_DEPTH:
            found.append(unit)
            unit = unit.parent
        return found

    def descendant_ids(self) -> set[int]:
        """The pks of every unit under this one, at any depth (one query for all units)."""
        if self.pk is None:
            return set()
        children: dict[int, list[int]] = {}
        for pk, parent in Unit.objects.values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        found, todo = set(), [self.pk]
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in found and child != self.pk:
                    found.add(child)
                    todo.append(child)
        return found

    def clean(self):
        super().clean()
        errors = {}
        if self.parent_id is not None:
            if self.pk is not None and self.parent_id == self.pk:
                errors["parent"] = _("Một đơn vị không thể trực thuộc chính nó.")
            elif self.pk is not None and any(u.pk == self.pk for u in self.ancestors()):
                errors["parent"] = _(
                    "“%(parent)s” đang trực thuộc “%(unit)s”: chọn đơn vị cấp trên khác, để sơ "
                    "đồ tổ chức không thành vòng lặp."
                ) % {"parent": self.parent.name, "unit": self.name}
            elif len(self.ancestors()) >= MAX_DEPTH:
                errors["parent"] = _("Sơ đồ tổ chức sâu quá %(n)d cấp.") % {"n": MAX_DEPTH}
        if self.kind == UnitKind.AGENCY:
            if self.parent_id is not None:
                errors["kind"] = _("Cơ quan là gốc của sơ đồ: để trống “thuộc đơn vị”.")
            else:
                other = Unit.objects.filter(kind=UnitKind.AGENCY).exclude(pk=self.pk).first()
                if other is not None:
                    errors["kind"] = _(
                        "Đã có cơ quan “%(agency)s” là gốc của sơ đồ, và cổng chỉ có một cơ quan: "
                        "chọn loại “Phòng chuyên môn, nghiệp vụ” hoặc “Đơn vị trực thuộc” và đặt "
                        "đơn vị dưới cơ quan đó."
                    ) % {"agency": other.name}
        elif self.parent_id is None and "parent" not in errors:
            errors["parent"] = _(
                "Chọn đơn vị cấp trên (“thuộc đơn vị”): chỉ cơ quan là gốc của sơ đồ; phòng và "
                "đơn vị trực thuộc nằm dưới cơ quan hoặc dưới một đơn vị khác."
            )
        if self.name and self.parent_id is not None and "parent" not in errors:
            folded = fold(self.name)
            siblings = Unit.objects.filter(parent_id=self.parent_id).exclude(pk=self.pk)
            same = next((u for u in siblings.only("name") if fold(u.name) == folded), None)
            if same is not None:
                errors["name"] = _(
                    "“%(parent)s” đã có đơn vị “%(name)s”: đặt tên khác, hoặc sửa đơn vị đã có."
                ) % {"parent": self.parent.name, "name": same.name}
        errors.update(self.body_errors())  # photos without alt text, in either language
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.name) or "don-vi")
        self.search_title = index_text(self.name, self.short_name, self.name_en)
        self.search_text = index_text(self.name, self.short_name, self.name_en, self.short_name_en)
        with transaction.atomic():
            super().save(*args, **kwargs)  # both bodies sanitised, rendered, photos recorded
            if not self.active:
                # A unit switched off takes its sub-units with it (their pages, people, search
                # hits); switched on again, each sub-unit is switched on by itself.
                Unit.objects.filter(pk__in=self.descendant_ids(), active=True).update(
                    active=False, updated=timezone.now()
                )


class Position(TimeStamped):
    """Chức vụ: Giám đốc, Phó Giám đốc, Chánh Văn phòng, Trưởng phòng..., by rank."""

    name = models.CharField(_("tên chức vụ"), max_length=120, unique=True)
    name_en = models.CharField(
        _("tên tiếng Anh"), max_length=120, blank=True, default="",
        help_text=_("Ví dụ: Director, Deputy Director, Head of Division."),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(
        _("thứ bậc"), default=0,
        help_text=_("Số nhỏ là chức vụ cao hơn: người giữ chức đứng trước trong danh sách."),
    )  # fmt: skip

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The officials' folded words hold the position's name: renamed, they follow.
        officials = list(self.officials.all())
        for official in officials:
            official.index(position=self)
        Official.objects.bulk_update(officials, ["search_text", "search_title"], batch_size=500)


def local_today() -> date:
    return timezone.localdate()


class OfficialQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        """Records in office on ``on`` (today by default): from and until both included."""
        on = on or local_today()
        return self.filter(Q(active_until__isnull=True) | Q(active_until__gte=on),
                           active_from__lte=on)  # fmt: skip

    def former(self, on: date | None = None):
        """Records whose time in office ended before ``on``."""
        return self.filter(active_until__lt=on or local_today())

    def upcoming(self, on: date | None = None):
        return self.filter(active_from__gt=on or local_today())

    def in_office_on(self, day: date):
        """Records in office on ``day`` (both ends included). With :meth:`of_person`, the record
        a person held that day: ``Official.objects.of_person(record).in_office_on(day)``; for
        many records at once, filter ``person__in`` and match on ``person`` (one query)."""
        return self.current(day)

    def of_person(self, official: Official):
        """Every record of the person ``official`` is a record of (their earlier and later
        posts, linked by a change of office)."""
        return self.filter(person=official.person)

    def overlapping(self, start: date, until: date | None):
        """Records whose time in office shares at least one day with ``start``–``until``."""
        rows = self.filter(Q(active_until__isnull=True) | Q(active_until__gte=start))
        return rows if until is None else rows.filter(active_from__lte=until)

    def public(self, on: date | None = None):
        """What the public pages list: in office today, in an active unit."""
        return self.current(on).filter(unit__active=True)

    def in_rank_order(self):
        return self.order_by("position__order", "order", "name", "pk")


class Official(TimeStamped):
    """Cán bộ: one person in one position in one unit for a time. A change of office (a new
    position, a move to another unit) is a new record; the old one ends."""

    name = models.CharField(_("họ tên"), max_length=120)
    position = models.ForeignKey(
        Position, verbose_name=_("chức vụ"), on_delete=models.PROTECT, related_name="officials"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="officials"
    )
    photo = models.ForeignKey(
        Photo, verbose_name=_("ảnh"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Ảnh chân dung, hiện ở trang Lãnh đạo và trang đơn vị."),
    )  # fmt: skip
    phone = models.CharField(_("điện thoại cơ quan"), max_length=60, blank=True, default="")
    email = models.EmailField(_("thư điện tử công vụ"), blank=True, default="")
    duties = models.TextField(
        _("phân công nhiệm vụ"), blank=True, default="",
        help_text=_("Lĩnh vực, đơn vị được phân công phụ trách; mỗi ý một dòng."),
    )  # fmt: skip
    duties_en = models.TextField(
        _("phân công nhiệm vụ (tiếng Anh)"), blank=True, default="",
        help_text=_("Để trống thì trang tiếng Anh hiện bản tiếng Việt, có ghi chú."),
    )  # fmt: skip
    responsible_for_portal = models.BooleanField(
        _("người chịu trách nhiệm cổng"), default=False,
        help_text=_(
            "Hiện ở chân trang là người chịu trách nhiệm nội dung cổng thông tin (thay dòng "
            "“Người chịu trách nhiệm” trong Thông tin cơ quan)."
        ),
    )  # fmt: skip
    portal_contact = models.BooleanField(
        _("đầu mối liên hệ của cổng"), default=False,
        help_text=_(
            "Người tiếp nhận thông tin, góp ý về cổng; điện thoại và thư hiện ở chân trang."
        ),
    )  # fmt: skip
    contact_for = models.CharField(
        _("đầu mối liên hệ về lĩnh vực"), max_length=200, blank=True, default="",
        help_text=_("Ví dụ: Báo chí, xuất bản. Để trống nếu không là đầu mối của lĩnh vực nào."),
    )  # fmt: skip
    contact_for_en = models.CharField(
        _("lĩnh vực liên hệ (tiếng Anh)"), max_length=200, blank=True, default=""
    )
    order = models.PositiveSmallIntegerField(
        _("thứ tự"), default=0, help_text=_("Giữa những người cùng chức vụ: số nhỏ đứng trước.")
    )
    active_from = models.DateField(_("từ ngày"), default=local_today)
    active_until = models.DateField(
        _("đến ngày"), null=True, blank=True,
        help_text=_("Ngày cuối cùng giữ chức vụ này; để trống khi đang giữ."),
    )  # fmt: skip
    previous = models.ForeignKey(
        "self", verbose_name=_("bản ghi trước"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="next_records", editable=False,
    )  # fmt: skip
    # The person this record is one post of: shared by every record a change of office links,
    # so that their times in office never overlap (clean) and schedules can find the record a
    # person held on a given day (OfficialQuerySet.of_person / in_office_on).
    person = models.UUIDField(_("người"), default=uuid.uuid4, editable=False, db_index=True)
    # Folded words for the directory and the site search: the name, duties and field.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_title = models.TextField(editable=False, blank=True, default="")

    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["position__order", "order", "name", "pk"]
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        indexes = [models.Index(fields=["active_from", "active_until"], name="official_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="official_until_not_before_from",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{self.unit.get_absolute_url()}#can-bo-{self.pk}"

    @property
    def portrait_height(self) -> int:
        """The photo's height at the 120 px the pages show it (0 without a photo)."""
        return self.photo.thumbnail_height(120) if self.photo_id and self.photo else 0

    def is_current(self, on: date | None = None) -> bool:
        on = on or local_today()
        return self.active_from <= on and (self.active_until is None or self.active_until >= on)

    def has_ended(self, on: date | None = None) -> bool:
        """Whether the last day of this record is before ``on`` (today by default)."""
        return self.active_until is not None and self.active_until < (on or local_today())

    def may_change_office(self, on: date | None = None) -> bool:
        """Only a record still running (no end, or an end today or later) changes office or
        ends: an ended record is history, and moving its end would reopen it."""
        return not self.has_ended(on)

    def record_on(self, day: date) -> Official | None:
        """The record of the same person in office on ``day`` (this one, an earlier or a later
        one), or None when they held no post that day."""
        if self.is_current(day):
            return self
        found = (
            Official.objects.of_person(self).in_office_on(day).select_related("position", "unit")
        )
        return found.order_by("active_from", "pk").first()

    def records(self):
        """Every record of this person, the earliest first."""
        return (
            Official.objects.of_person(self)
            .select_related("position", "unit")
            .order_by("active_from", "pk")
        )

    def span(self) -> str:
        start = self.active_from.strftime("%d/%m/%Y")
        if self.active_until is None:
            return _("từ %(start)s") % {"start": start}
        return f"{start}–{self.active_until:%d/%m/%Y}"

    def clean(self):
        super().clean()
        if self.active_from and self.active_until and self.active_until < self.active_from:
            raise ValidationError(
                {
                    "active_until": _(
                        "“Đến ngày” (%(until)s) trước “từ ngày” (%(start)s): sửa lại một trong hai "
                        "ngày."
                    )
                    % {
                        "until": self.active_until.strftime("%d/%m/%Y"),
                        "start": self.active_from.strftime("%d/%m/%Y"),
                    }
                }
            )
        if not self.active_from:
            return
        errors = {}
        others = Official.objects.exclude(pk=self.pk).overlapping(
            self.active_from, self.active_until
        ).select_related("position", "unit").order_by("active_from", "pk")  # fmt: skip
        # One person, one post at a time: a change of office ends the old record the day before
        # the new one starts. A concurrent post (kiêm nhiệm) is written in the duties.
        same = next(iter(others.filter(person=self.person)), None)
        if same is not None:
            field = "active_until" if same.active_from >= self.active_from else "active_from"
            errors[field] = _(
                "Trùng thời gian với bản ghi khác của cùng người này (%(position)s, %(unit)s, "
                "%(span)s): mỗi người chỉ giữ một chức vụ tại một thời điểm. Sửa ngày cho khớp "
                "(bản ghi trước kết thúc trước ngày bản ghi sau bắt đầu); chức vụ kiêm nhiệm "
                "ghi ở “phân công nhiệm vụ”."
            ) % {"position": same.position, "unit": same.unit, "span": same.span()}
        if self.responsible_for_portal:
            other = next(iter(others.filter(responsible_for_portal=True)
                              .exclude(person=self.person)), None)  # fmt: skip
            if other is not None:
                errors["responsible_for_portal"] = _(
                    "“%(name)s” (%(position)s, %(span)s) đang được đánh dấu là người chịu trách "
                    "nhiệm cổng: mỗi lúc chỉ một người. Bỏ đánh dấu ở bản ghi đó trước, hoặc cho "
                    "bản ghi đó kết thúc trước ngày bản ghi này bắt đầu."
                ) % {"name": other.name, "position": other.position, "span": other.span()}
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        if self.active_from and self.active_until and self.active_until < self.active_from:
            exclude = {*(exclude or ()), "active_until"}  # clean() said it, with the dates
        super().validate_constraints(exclude)

    def index(self, position: Position | None = None) -> None:
        """The folded words the directory and the site search look in: the name, the
        position (both languages), duties and field."""
        position = position or self.position
        self.search_title = index_text(self.name)
        self.search_text = index_text(
            self.name, position.name, position.name_en, self.duties, self.duties_en,
            self.contact_for, self.contact_for_en,
        )  # fmt: skip

    def save(self, *args, **kwargs):
        self.index()
        super().save(*args, **kwargs)

    def check_change_day(self, on: date, field: str = "on") -> None:
        """Refuse ``on`` (the first day out of this record) unless this record is still
        running, ``on`` is after its first day, and not after the day after its end."""
        day = "%d/%m/%Y"
        if not self.may_change_office():
            message = _(
                "Bản ghi này đã kết thúc ngày %(until)s: đây là lịch sử, không chuyển công tác "
                "hay kết thúc lại được. Chuyển công tác từ bản ghi hiện tại của người này."
            ) % {"until": self.active_until.strftime(day)}
            raise ValidationError({field: message})
        if on <= self.active_from:
            message = _("Ngày này phải sau ngày bắt đầu của bản ghi hiện tại (%(start)s).") % {
                "start": self.active_from.strftime(day)
            }
            raise ValidationError({field: message})
        if self.active_until is not None and on > self.active_until + timedelta(days=1):
            message = _(
                "Bản ghi này đã định kết thúc ngày %(until)s: chọn một ngày đến hết ngày "
                "%(next)s (chuyển hoặc kết thúc sớm hơn), không kéo dài bản ghi."
            ) % {
                "until": self.active_until.strftime(day),
                "next": (self.active_until + timedelta(days=1)).strftime(day),
            }
            raise ValidationError({field: message})

    @transaction.atomic
    def end_office(self, *, on: date) -> Official:
        """End this record the day before ``on`` (retirement, a move out of the agency)."""
        self.check_change_day(on)
        self.active_until = on - timedelta(days=1)
        self.full_clean()
        self.save()
        return self

    @transaction.atomic
    def change_office(
        self, *, on: date, position: Position | None = None, unit: Unit | None = None, **changes
    ) -> Official:
        """End this record the day before ``on`` and start a new one from ``on`` with the new
        position and/or unit (everything else copied unless given); returns the new record.
        Only a record still running changes office (:meth:`may_change_office`)."""
        self.check_change_day(on)
        self.active_until = on - timedelta(days=1)
        self.full_clean()
        self.save()
        new = Official(
            name=self.name, position=position or self.position, unit=unit or self.unit,
            photo=self.photo, phone=self.phone, email=self.email, duties=self.duties,
            duties_en=self.duties_en, responsible_for_portal=self.responsible_for_portal,
            portal_contact=self.portal_contact, contact_for=self.contact_for,
            contact_for_en=self.contact_for_en, order=self.order, active_from=on, previous=self,
            person=self.person,
        )  # fmt: skip
        for field, value in changes.items():
            setattr(new, field, value)
        new.full_clean()
        new.save()
        return new

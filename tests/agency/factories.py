"""The organisation as tests build it: an agency with units, positions and officials."""

from __future__ import annotations

from datetime import date

import factory

from news.agency.models import Official, Position, Unit, UnitKind

AGENCY_SLUG = "so-thong-tin-va-truyen-thong"


def the_agency() -> Unit:
    """The agency (made once): every other unit hangs under a parent, the agency at the root."""
    found = Unit.objects.filter(kind=UnitKind.AGENCY).first()
    if found is not None:
        return found
    return Unit.objects.create(
        kind=UnitKind.AGENCY, name="Sở Thông tin và Truyền thông tỉnh Hải Dương",
        name_en="Hai Duong Department of Information and Communications", slug=AGENCY_SLUG,
    )  # fmt: skip


class UnitFactory(factory.django.DjangoModelFactory):
    """A division under the agency unless told otherwise."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Phòng thử nghiệm {n}")
    kind = UnitKind.DIVISION
    order = factory.Sequence(lambda n: n)
    parent = factory.LazyAttribute(lambda o: None if o.kind == UnitKind.AGENCY else the_agency())


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Chức vụ {n}")
    order = 10


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    name = factory.Sequence(lambda n: f"Cán bộ Số {n}")
    position = factory.SubFactory(PositionFactory, name="Chuyên viên", name_en="Officer", order=30)
    unit = factory.SubFactory(UnitFactory)
    phone = "0220 3 850 000"
    email = factory.Sequence(lambda n: f"canbo{n}@example.gov.vn")
    active_from = date(2020, 1, 1)


def agency(**values) -> Unit:
    """The agency with ``values`` (the one there is, updated, if a unit made it already)."""
    values.setdefault("name", "Sở Thông tin và Truyền thông tỉnh Hải Dương")
    values.setdefault("name_en", "Hai Duong Department of Information and Communications")
    values.setdefault("slug", AGENCY_SLUG)
    found = Unit.objects.filter(kind=UnitKind.AGENCY).first()
    if found is None:
        return UnitFactory(kind=UnitKind.AGENCY, parent=None, order=0, **values)
    for name, value in values.items():
        setattr(found, name, value)
    found.save()
    return found


def director(unit: Unit, **values) -> Official:
    position = PositionFactory(name="Giám đốc", name_en="Director", order=1)
    values.setdefault("name", "Trần Quang Minh")
    return OfficialFactory(position=position, unit=unit, **values)

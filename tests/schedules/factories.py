"""Weeks, items and the agency's people for the schedules' tests."""

from __future__ import annotations

from datetime import date, time, timedelta

import factory
from django.utils import timezone

from news.agency.models import Official, Position, Unit
from news.schedules.models import ScheduleItem, ScheduleWeek
from news.schedules.weeks import Week


def agency() -> Unit:
    unit, _created = Unit.objects.get_or_create(
        slug="so-thong-tin-va-truyen-thong",
        defaults={"name": "Sở Thông tin và Truyền thông", "kind": "agency"},
    )
    return unit


def division(name="Văn phòng Sở") -> Unit:
    unit, _created = Unit.objects.get_or_create(
        name=name, defaults={"parent": agency(), "kind": "division"}
    )
    return unit


def official(name="Nguyễn Cao Thắng", position="Phó Giám đốc", rank=2, unit=None) -> Official:
    held, _created = Position.objects.get_or_create(name=position, defaults={"order": rank})
    return Official.objects.create(
        name=name, position=held, unit=unit or agency(), active_from=date(2020, 1, 1)
    )


class WeekFactory(factory.django.DjangoModelFactory):
    """A published week of the work schedule: this week unless told (the week that exists
    already, if there is one)."""

    class Meta:
        model = ScheduleWeek
        django_get_or_create = ("kind", "starts_on")

    kind = ScheduleWeek.Kind.WORK
    starts_on = factory.LazyFunction(lambda: Week.current().monday)
    status = ScheduleWeek.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))


class ItemFactory(factory.django.DjangoModelFactory):
    """An item as it was when its week was published (no change mark), unless ``late=True``:
    then as if added afterwards."""

    class Meta:
        model = ScheduleItem
        exclude = ["day"]

    week = factory.SubFactory(WeekFactory)
    day = 0
    late = False
    date = factory.LazyAttribute(lambda o: o.week.starts_on + timedelta(days=o.day))
    start_time = time(8, 0)
    content = factory.Sequence(lambda n: f"Họp giao ban lãnh đạo Sở số {n + 1}")
    person = "Lãnh đạo Sở"
    place = "Phòng họp tầng 2, trụ sở Sở"

    @classmethod
    def _create(cls, model_class, *args, late=False, **kwargs):
        item = model_class(*args, **kwargs)
        item._after_publication = late
        item.save()
        return item

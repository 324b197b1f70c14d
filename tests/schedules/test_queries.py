"""Query budgets of the schedules' pages: exact, the same with 1 and with 20 items (each with
its official, the official's position and a unit). The frame is warm; the page cache is off."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from news.schedules.models import ScheduleWeek
from tests.schedules.factories import ItemFactory, WeekFactory, division, official

pytestmark = pytest.mark.django_db

SIZES = [1, 20]


def build(n: int, kind=ScheduleWeek.Kind.WORK) -> ScheduleWeek:
    week = WeekFactory(kind=kind)
    for index in range(n):
        ItemFactory(
            week=week, day=index % 7, start_time=time(7 + index % 10),
            official=official(f"Cán bộ {index}", f"Chức vụ {index}", index),
            unit=division(f"Phòng {index}"),
        )  # fmt: skip
    return week


def visit(client, url, django_assert_num_queries, expected):
    client.get(url)  # the frame warm
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# The week, its items with their officials, positions and units.
@pytest.mark.parametrize("n", SIZES)
def test_this_week(client, django_assert_num_queries, n):
    build(n)
    visit(client, "/lich-cong-tac/", django_assert_num_queries, 2)


@pytest.mark.parametrize("n", SIZES)
def test_a_week_page_and_its_print_view(client, django_assert_num_queries, n):
    week = build(n, ScheduleWeek.Kind.RECEPTION)
    visit(client, week.get_absolute_url(), django_assert_num_queries, 2)
    visit(client, week.get_absolute_url() + "in/", django_assert_num_queries, 2)


# Nothing published: the week only.
def test_an_empty_week(client, django_assert_num_queries):
    WeekFactory(status="draft")
    visit(client, "/lich-cong-tac/", django_assert_num_queries, 1)


# The items of the published weeks with their weeks, officials, positions and units.
@pytest.mark.parametrize("n", SIZES)
def test_the_calendar_feed(client, django_assert_num_queries, n):
    week = build(n)
    WeekFactory(starts_on=week.starts_on + timedelta(days=7))
    visit(client, "/lich-cong-tac/lich.ics", django_assert_num_queries, 1)


# The site search for one kind, the schedules: the count, the page of items with their weeks,
# officials, positions and units.
@pytest.mark.parametrize("n", SIZES)
def test_the_site_search_of_schedules(client, django_assert_num_queries, n):
    week = build(n)
    for item in week.items.all():
        item.content = f"Hội nghị giảm nghèo về thông tin {item.pk}"
        item.save()
    url = "/tim-kiem/?q=giam+ngheo&loai=lich"
    client.get(url)
    with django_assert_num_queries(2):
        response = client.get(url)
    assert len(response.context["hits"]) == min(n, 10)
    assert "Hội nghị <mark>giảm</mark> <mark>nghèo</mark> về thông tin" in response.content.decode()

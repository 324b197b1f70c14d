"""A week keeps its items: once it has items or is published, its week (Monday) and schedule
(work, reception) are fixed, in the admin (read-only, with the reason), in the model (whatever
saves it: a form, an approved pending change, code) and in the data check. Moving an empty
draft is fine."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from news.schedules.hooks import check_items
from news.schedules.models import ScheduleItem, ScheduleWeek
from news.schedules.weeks import Week
from portal import roles
from portal.models import PendingChange
from tests.helpers import person
from tests.schedules.factories import ItemFactory, WeekFactory
from tests.schedules.test_admin import change_url, existing, week_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver():
    return person("chanhvanphong", roles.APPROVER)


@pytest.fixture
def editor():
    return person("vanphong", roles.EDITOR)


def test_an_approver_cannot_move_a_published_week_away_from_its_items(client, approver):
    week = WeekFactory()
    item = ItemFactory(week=week, content="Họp giao ban lãnh đạo Sở")
    client.force_login(approver)
    page = client.get(change_url(week)).content.decode()
    assert "Tuần và loại lịch đã cố định vì tuần đã có mục hoặc đã công bố" in page
    assert 'name="starts_on"' not in page and 'name="kind"' not in page
    assert f"Tuần {week.week.number}/{week.week.year}" in page
    later = week.starts_on + timedelta(days=7)
    data = week_data(later, kind="reception", rows=[existing(item)], initial=1, _save="1")
    response = client.post(change_url(week), data)
    assert response.status_code == 302
    week.refresh_from_db()
    assert (week.kind, week.starts_on) == ("work", Week.current().monday)
    html = client.get("/lich-cong-tac/").content.decode()
    assert "Họp giao ban lãnh đạo Sở" in html


def test_a_draft_with_items_is_fixed_too_and_an_empty_draft_moves(client, editor):
    monday = Week.current().monday + timedelta(days=7)
    draft = WeekFactory(status="draft", starts_on=monday, created_by=editor)
    ItemFactory(week=draft)
    empty = WeekFactory(status="draft", kind="reception", starts_on=monday, created_by=editor)
    client.force_login(editor)
    assert 'name="starts_on"' not in client.get(change_url(draft)).content.decode()
    client.post(change_url(draft), week_data(monday + timedelta(days=7), _save="1"))
    draft.refresh_from_db()
    assert draft.starts_on == monday
    # Nothing to lose: the empty draft moves (to any day of the week; stored from Monday).
    assert 'name="starts_on"' in client.get(change_url(empty)).content.decode()
    thursday = monday + timedelta(days=10)
    response = client.post(change_url(empty), week_data(thursday, kind="work", _save="1"))
    assert response.status_code == 302, response.context and response.context["errors"]
    empty.refresh_from_db()
    assert (empty.kind, empty.starts_on) == ("work", monday + timedelta(days=7))


@pytest.mark.parametrize("status", ["published", "draft"])
def test_the_model_refuses_to_move_a_week_with_items(status):
    week = WeekFactory(status=status)
    ItemFactory(week=week)
    week.starts_on += timedelta(days=7)
    with pytest.raises(ValidationError) as refused:
        week.full_clean()
    assert "Không đổi được tuần" in str(refused.value.message_dict["starts_on"])
    with pytest.raises(ValidationError):
        week.save()  # not through a form either
    week.refresh_from_db()
    week.kind = "reception"
    with pytest.raises(ValidationError) as refused:
        week.save()
    assert "Không đổi được loại lịch" in str(refused.value)
    assert ScheduleWeek.objects.get().starts_on == Week.current().monday


def test_a_published_empty_week_is_fixed():
    week = WeekFactory()
    week.starts_on += timedelta(days=7)
    with pytest.raises(ValidationError):
        week.save()


def test_a_pending_change_that_moves_the_week_does_not_move_it_when_approved(client, approver):
    """A change proposed before the week was fixed (or by any other way into the pending
    change) leaves the week where its items are when an approver publishes it."""
    week = WeekFactory()
    ItemFactory(week=week, content="Họp giao ban lãnh đạo Sở")
    later = week.starts_on + timedelta(days=14)
    PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(ScheduleWeek), object_id=week.pk,
        data={"starts_on": later.isoformat(), "kind": "reception", "note": "Lịch mới"},
        author=person("vanphong", roles.EDITOR),
    )  # fmt: skip
    client.force_login(approver)
    page = client.get(change_url(week)).content.decode()
    changes = page.split('class="diff-table"', 1)[1].split("</table>", 1)[0]
    assert "<ins>Lịch mới</ins>" in changes  # what the approver will publish
    assert "Tuần" not in changes and "Lịch tiếp công dân" not in changes  # not the move
    data = week_data(week.starts_on, note="Lịch mới", _approve_change="1")
    response = client.post(change_url(week), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    week.refresh_from_db()
    assert (week.kind, week.starts_on, week.note) == ("work", Week.current().monday, "Lịch mới")
    assert not PendingChange.objects.exists()
    assert "Họp giao ban lãnh đạo Sở" in client.get("/lich-cong-tac/").content.decode()


def test_an_item_outside_its_week_is_refused_and_the_data_check_finds_one():
    week = WeekFactory()
    item = ItemFactory(week=week)
    item.date = week.starts_on + timedelta(days=7)
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert "không thuộc tuần này" in str(refused.value.message_dict["date"])
    assert check_items(databases=["default"]) == []
    ScheduleItem.objects.filter(pk=item.pk).update(date=item.date)  # as the old bug left it
    found = check_items(databases=["default"])
    assert [w.id for w in found] == ["schedules.W001"] and str(item.pk) in found[0].msg
    assert check_items(databases=None) == []  # only with --database

"""A database made before the review's rules (news 0018) migrates: a unit without a parent
goes under the agency, a second agency becomes an attached unit, a name used twice under one
parent gets a number, and the records a change of office links name one person."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("news", "0018_questions_answer_sent")]


def migrate(targets=None):
    """Migrate to ``targets`` (every app's latest when None: how the test leaves the
    database); the models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_old_organisation_data_is_put_right():
    apps = migrate(BEFORE)
    Unit = apps.get_model("news", "Unit")
    Official = apps.get_model("news", "Official")
    Position = apps.get_model("news", "Position")
    agency = Unit.objects.create(name="Sở", slug="so", kind="agency", order=0)
    Unit.objects.create(name="Sở thứ hai", slug="so-2", kind="agency", order=5)
    orphan = Unit.objects.create(name="Phòng không cha", slug="p1", kind="division", order=1)
    Unit.objects.create(name="Văn phòng", slug="vp", kind="division", parent=agency)
    Unit.objects.create(name="Văn phòng", slug="vp-2", kind="division", parent=agency)
    position = Position.objects.create(name="Trưởng phòng")
    first = Official.objects.create(
        name="A", position=position, unit=agency, active_from=date(2019, 1, 1),
        active_until=date(2024, 12, 31),
    )  # fmt: skip
    second = Official.objects.create(name="A", position=position, unit=orphan,
                                     active_from=date(2025, 1, 1), previous=first)  # fmt: skip
    other = Official.objects.create(name="B", position=position, unit=agency,
                                    active_from=date(2020, 1, 1))  # fmt: skip

    apps = migrate()  # through 0019 and 0020
    Unit = apps.get_model("news", "Unit")
    Official = apps.get_model("news", "Official")
    units = {u.slug: u for u in Unit.objects.all()}
    assert units["so"].kind == "agency" and units["so"].parent_id is None
    assert (units["so-2"].kind, units["so-2"].parent_id) == ("attached", agency.pk)
    assert units["p1"].parent_id == agency.pk
    assert sorted(u.name for u in Unit.objects.filter(parent_id=agency.pk, kind="division")) == [
        "Phòng không cha", "Văn phòng", "Văn phòng (2)"]  # fmt: skip
    people = {o.pk: o.person for o in Official.objects.all()}
    assert people[first.pk] == people[second.pk] != people[other.pk]
    assert all(people.values())

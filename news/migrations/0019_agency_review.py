"""The organisation after review: each record names the person it is a post of (the records a
change of office links share one), units get an English address, and the data the new rules
(0020) refuse is put right first: a unit without a parent that is not the agency goes under
the agency, a second agency becomes an attached unit (under the first if it had no parent), a name used twice under
one parent gets a number."""

import uuid

from django.db import migrations, models


def put_right(apps, schema_editor):
    Official = apps.get_model("news", "Official")
    Unit = apps.get_model("news", "Unit")

    # The person of each record: its first record's (a change of office starts later).
    people = {}
    for pk, previous in Official.objects.order_by("active_from", "pk").values_list(
        "pk", "previous_id"
    ):
        people[pk] = people.get(previous) or uuid.uuid4()
    for pk, person in people.items():
        Official.objects.filter(pk=pk).update(person=person)

    roots = list(Unit.objects.filter(parent__isnull=True).order_by("order", "pk"))
    agencies = [unit for unit in roots if unit.kind == "agency"]
    agency = agencies[0] if agencies else (roots[0] if roots else None)
    if agency is not None and agency.kind != "agency":
        Unit.objects.filter(pk=agency.pk).update(kind="agency")
    if agency is not None:
        Unit.objects.filter(kind="agency").exclude(pk=agency.pk).update(kind="attached")
        Unit.objects.filter(parent__isnull=True).exclude(pk=agency.pk).update(parent=agency)

    seen = {}
    for pk, parent, name in Unit.objects.order_by("pk").values_list("pk", "parent_id", "name"):
        count = seen.get((parent, name), 0) + 1
        seen[(parent, name)] = count
        if count > 1:
            Unit.objects.filter(pk=pk).update(name=f"{name} ({count})"[:200])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0018_questions_answer_sent"),
    ]

    operations = [
        migrations.AddField(
            model_name="official",
            name="person",
            field=models.UUIDField(editable=False, null=True, verbose_name="người"),
        ),
        migrations.AddField(
            model_name="unit",
            name="address_en",
            field=models.CharField(
                blank=True,
                default="",
                help_text="Ví dụ: 2 Nguyen Du Street, Hai Duong City. Để trống thì trang tiếng "
                "Anh hiện địa chỉ tiếng Việt, có ghi chú.",
                max_length=300,
                verbose_name="địa chỉ tiếng Anh",
            ),
        ),
        migrations.RunPython(put_right, migrations.RunPython.noop),
    ]

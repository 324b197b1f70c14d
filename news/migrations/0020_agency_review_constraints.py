"""The organisation's rules in the database: one agency, at the root; every other unit under a
parent; one name once under a parent; every record names its person. Apart from 0019 (its data
step) so that PostgreSQL has run the deferred checks of those updates before these tables
change."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0019_agency_review"),
    ]

    operations = [
        migrations.AlterField(
            model_name="official",
            name="person",
            field=models.UUIDField(
                db_index=True, default=uuid.uuid4, editable=False, verbose_name="người"
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="Đơn vị cấp trên. Bắt buộc với phòng và đơn vị trực thuộc; để trống "
                "chỉ với cơ quan (gốc của sơ đồ).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="news.unit",
                verbose_name="thuộc đơn vị",
            ),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "agency"), ("parent__isnull", True)),
                    models.Q(
                        models.Q(("kind", "agency"), _negated=True), ("parent__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="unit_parent_unless_agency",
                violation_error_message="Chỉ cơ quan không có đơn vị cấp trên; phòng và đơn vị "
                "trực thuộc phải có.",
            ),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "agency")),
                fields=("kind",),
                name="unit_one_agency",
                violation_error_message="Đã có một cơ quan: cổng chỉ có một cơ quan.",
            ),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                fields=("parent", "name"),
                name="unit_name_unique_under_parent",
                violation_error_message="Đơn vị cấp trên này đã có một đơn vị cùng tên.",
            ),
        ),
    ]

"""Changes waiting for approval: what someone who may not publish changes in something live."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .content import TimeStamped


class PendingChange(TimeStamped):
    """A change to something live ("bản sửa chờ duyệt"), kept aside: the site goes on showing
    the approved version until someone who may publish applies it. One per object; whoever
    edits the object meanwhile edits this change."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    data = models.JSONField(_("nội dung đề xuất"), encoder=DjangoJSONEncoder, default=dict)

    class Meta:
        ordering = ["-updated"]
        verbose_name = _("bản sửa chờ duyệt")
        verbose_name_plural = _("bản sửa chờ duyệt")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_pending_change_per_object"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"

    @classmethod
    def of(cls, obj) -> PendingChange | None:
        if obj is None or obj.pk is None:
            return None
        content_type = ContentType.objects.get_for_model(obj)
        return (
            cls.objects.select_related("author")
            .filter(content_type=content_type, object_id=obj.pk)
            .first()
        )

    @classmethod
    def propose(cls, obj, fields: list[str], author) -> PendingChange:
        """Keep ``obj``'s values of ``fields`` (changed in memory, not saved) as its pending
        change, replacing the one it had."""
        data = {name: obj._meta.get_field(name).value_from_object(obj) for name in fields}
        data = {name: _jsonable(value) for name, value in data.items()}
        change, _created = cls.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            defaults={"data": data, "author": author},
        )
        return change

    def apply_to(self, obj) -> list[str]:
        """Put the proposed values on ``obj`` (in memory); the names of the fields that
        differ from what it had."""
        changed = []
        for name, value in self.data.items():
            field = obj._meta.get_field(name)
            new = field.to_python(value)
            if field.value_from_object(obj) != new:
                changed.append(name)
            setattr(obj, field.attname, new)
        return changed

    @transaction.atomic
    def publish(self) -> None:
        """Apply the change to the live object and save it; the change is done with."""
        obj = self.target
        self.apply_to(obj)
        obj.save()
        self.delete()


def _jsonable(value):
    if isinstance(value, models.Model):
        return value.pk
    return value

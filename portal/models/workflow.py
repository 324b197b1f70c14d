"""Changes waiting for approval: what someone who may not publish changes in something live."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
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


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REVIEW = "review", _("Chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    PUBLISHED = "published", _("Đã xuất bản")
    UNPUBLISHED = "unpublished", _("Đã gỡ")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """The only way public code gets such records: published, due, and not yet taken down
        by their end of publication. Decided at query time: no job, nothing stored stale."""
        now = timezone.now()
        return self.filter(status=PublicationStatus.PUBLISHED, publish_at__lte=now).filter(
            models.Q(unpublish_at__isnull=True) | models.Q(unpublish_at__gt=now)
        )

    def next_change(self, now):
        """The next moment one of them goes live or leaves the site by itself."""
        moments = self.filter(status=PublicationStatus.PUBLISHED).aggregate(
            start=models.Min("publish_at", filter=models.Q(publish_at__gt=now)),
            end=models.Min("unpublish_at", filter=models.Q(unpublish_at__gt=now)),
        )
        times = [moment for moment in moments.values() if moment is not None]
        return min(times) if times else None


class Publishable(models.Model):
    """What goes through the editorial workflow (portal/workflow.py): reporters write, leaders
    publish, and an end of publication takes it off the site by itself."""

    Status = PublicationStatus

    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("thời điểm xuất bản"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Để trống để xuất bản ngay khi duyệt; chọn thời điểm sau để hẹn giờ."),
    )
    unpublish_at = models.DateTimeField(
        _("gỡ bài lúc"),
        null=True,
        blank=True,
        help_text=_("Nếu có: đến thời điểm này bài tự rời khỏi cổng (trang, tin mới, RSS, sơ đồ)."),
    )
    review_note = models.TextField(
        _("ghi chú của người duyệt"),
        blank=True,
        default="",
        editable=False,
        help_text=_("Lý do trả lại hoặc gỡ bài, hiện cho tác giả."),
    )

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    def shows_publicly(self) -> bool:
        """Published, on the site or waiting for its time: only someone who may publish
        changes it directly."""
        return self.status == self.Status.PUBLISHED

    def prepare_publication(self) -> None:
        """Call from save(): publishing without a time means now; times are kept to the
        second (what the admin's form shows), so an untouched time is never "changed"."""
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        for name in ("publish_at", "unpublish_at"):
            moment = getattr(self, name)
            if moment is not None and moment.microsecond:
                setattr(self, name, moment.replace(microsecond=0))

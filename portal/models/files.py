"""Files attached to content (tệp đính kèm).

An :class:`Attachment` is one uploaded file, checked and described by portal/files.py. What a
record lists under its body is a field of the record (``attachments`` on every RichBody: the
files' keys and labels, in order), so pending changes, versions, comparisons, restores and
conflicts treat it like the title. Every save records it as :class:`AttachmentUse` rows: the
one record of where a file is used, which the public listing reads (with one query), the
download view asks (is anything public listing it?) and deletion respects (a file in use stays).
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import files
from ..fields import clean_attachment_list
from ..search import index_text
from ..text import clean_line, slugify_vi
from .content import TimeStamped


class AttachmentQuerySet(models.QuerySet):
    def unused(self):
        return self.filter(uses__isnull=True)


class Attachment(TimeStamped):
    """One uploaded file: stored under a safe readable name, with its checksum, size, pages and
    text, downloaded under its original Vietnamese name."""

    KIND_CHOICES = [(key, kind.label) for key, kind in files.KINDS.items()]

    key = models.CharField(_("mã tệp"), max_length=32, unique=True, editable=False)
    file = models.FileField(_("tệp"), max_length=255, editable=False, storage=files.get_storage)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, editable=False)
    kind = models.CharField(_("loại tệp"), max_length=8, choices=KIND_CHOICES, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0, editable=False)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True, editable=False)
    sha256 = models.CharField(
        _("mã kiểm tra SHA-256"), max_length=64, db_index=True, editable=False
    )
    text = models.TextField(_("nội dung chữ"), blank=True, default="", editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self):
        return self.original_name or self.key

    @classmethod
    def create_from_upload(cls, upload, *, user=None) -> Attachment:
        """Check and store an uploaded file (ValidationError with a Vietnamese message if it is
        refused); the stored file goes again if the record cannot be written."""
        return cls.create_from_processed(
            files.process(upload), original_name=getattr(upload, "name", ""), user=user
        )

    @classmethod
    def create_from_processed(cls, processed, *, original_name: str, user=None) -> Attachment:
        original = clean_line(PurePath(original_name or "").name)[:255] or "tep"
        key = files.new_key()
        name = files.store(processed, original, key)
        try:
            return cls.objects.create(
                key=key, file=name, original_name=original, kind=processed.kind.key,
                size=processed.size, pages=processed.pages, sha256=processed.sha256,
                text=processed.text,
                uploaded_by=user if user is not None and user.is_authenticated else None,
            )  # fmt: skip
        except Exception:
            files.delete_file(name)
            raise

    def save(self, *args, **kwargs):
        self.search_text = index_text(self.original_name, self.text)
        super().save(*args, **kwargs)

    @property
    def kind_info(self) -> files.Kind:
        return files.KINDS[self.kind]

    @property
    def human_size(self) -> str:
        return files.human_size(self.size)

    @property
    def stem(self) -> str:
        """The original name without its extension: the default label."""
        return PurePath(self.original_name).stem or self.original_name

    @property
    def download_name(self) -> str:
        """The original name, with the extension its content proved."""
        return f"{self.stem or 'tep'}{self.kind_info.extensions[0]}"

    def get_absolute_url(self):
        slug = slugify_vi(self.stem, max_length=80) or "tep"
        name = f"{slug}{self.kind_info.extensions[0]}"
        return reverse("portal:download", kwargs={"key": self.key, "name": name})

    def owners(self) -> list:
        """Everything that lists this file (articles, pages, events, documents...)."""
        found = []
        by_type: dict[int, set] = {}
        for type_id, object_id in self.uses.values_list("content_type_id", "object_id"):
            by_type.setdefault(type_id, set()).add(object_id)
        for type_id, ids in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is not None:
                found.extend(model._base_manager.filter(pk__in=ids))
        return found

    def pending_owners(self) -> list:
        """The live records whose change waiting for approval lists this file: it is in use
        too, the approver is about to publish it."""
        from .workflow import PendingChange

        changes = PendingChange.objects.filter(data__icontains=self.key).select_related(
            "content_type"
        )
        return [change.target for change in changes if change.target is not None]

    def is_public(self) -> bool:
        """Whether anyone may download it: something on the site now lists it (a scheduled
        article's file waits for the article)."""
        return any(_on_site(owner) for owner in self.owners())


def _on_site(owner) -> bool:
    shown = getattr(owner, "is_public", None)  # Publishable: a property; an event: a field
    return bool(shown) if shown is not None else owner.shows_publicly()


class AttachmentUse(models.Model):
    """A file listed under a record's body, in order, with its label; written from the record's
    ``attachments`` field on every save (never edited by hand)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    attachment = models.ForeignKey(
        Attachment, verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="uses"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    label = models.CharField(_("tên hiển thị"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("nơi dùng tệp")
        verbose_name_plural = _("nơi dùng tệp")
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_owner")]

    def __str__(self):
        return self.shown_label

    @property
    def shown_label(self) -> str:
        return self.label or self.attachment.stem


def record_attachment_uses(owner: models.Model) -> None:
    """Make the owner's AttachmentUse rows match its ``attachments`` field (rewritten only
    when they differ). Keys that no longer exist are skipped."""
    rows = clean_attachment_list(getattr(owner, "attachments", None) or [])
    content_type = ContentType.objects.get_for_model(owner)
    by_key = dict(
        Attachment.objects.filter(key__in=[r["key"] for r in rows]).values_list("key", "pk")
    )
    wanted = [
        (position, by_key[r["key"]], r["label"])
        for position, r in enumerate(r for r in rows if r["key"] in by_key)
    ]
    uses = AttachmentUse.objects.filter(content_type=content_type, object_id=owner.pk)
    if list(uses.values_list("position", "attachment_id", "label")) == wanted:
        return
    uses.delete()
    AttachmentUse.objects.bulk_create(
        AttachmentUse(
            content_type=content_type, object_id=owner.pk, position=position,
            attachment_id=attachment_id, label=label,
        )
        for position, attachment_id, label in wanted
    )  # fmt: skip


def files_prefetch() -> models.Prefetch:
    """For lists of records that show their files: one query for the whole page."""
    return models.Prefetch(
        "attachment_uses", queryset=AttachmentUse.objects.select_related("attachment")
    )

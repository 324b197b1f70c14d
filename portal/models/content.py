"""The content machinery every kind of content shares: timestamps and authorship, photos, rich
bodies and the one record of which photos each body uses."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .. import images, richtext
from ..cleaning import clean_text_fields
from ..fields import AttachmentsField
from ..search import index_text
from ..text import clean_line


class TimeStamped(models.Model):
    created = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class Authored(models.Model):
    """Who created a record and who changed it last (set by portal.admin.AuthoredAdmin)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa cuối"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


def unique_slug(instance: models.Model, base: str, field_name: str = "slug") -> str:
    """``base``, or ``base-2``, ``base-3``... whichever no other row of the model has, within
    the field's length."""
    field = instance._meta.get_field(field_name)
    limit = field.max_length or 50
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, number = base[:limit].strip("-"), 2
    while others.filter(**{field_name: slug}).exists():
        suffix = f"-{number}"
        slug, number = base[: limit - len(suffix)].strip("-") + suffix, number + 1
    return slug


def _photo_references() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) of a ForeignKey to Photo, hidden ones (related_name="+")
    included: covers, banners, logos, icons, and the record of body uses."""
    return [
        (rel.related_model, rel.field.name)
        for rel in Photo._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
    ]


class PhotoQuerySet(models.QuerySet):
    def unused(self):
        """Photos nothing shows: no body uses them and nothing else points at them (for
        example uploaded in the editor, then never saved)."""
        pk = models.OuterRef("pk")
        used = [
            models.Exists(model._base_manager.filter(**{name: pk}))
            for model, name in _photo_references()
        ]
        condition = used[0]
        for exists in used[1:]:
            condition |= exists
        return self.exclude(condition)


class Photo(TimeStamped):
    """An uploaded photo: the stored original and its renditions, made once at upload."""

    key = models.CharField(max_length=32, unique=True, editable=False)
    image = models.FileField(_("tệp ảnh"), max_length=255, editable=False)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True, default="")
    width = models.PositiveIntegerField(_("rộng (px)"), default=0, editable=False)
    height = models.PositiveIntegerField(_("cao (px)"), default=0, editable=False)
    renditions = models.JSONField(default=dict, editable=False)
    # The same photo in the modern formats (portal/images.py): {"avif": {"480": name, ...,
    # "<width>": name}, "webp": {...}}, offered before the original's format in <picture>.
    variants = models.JSONField(default=dict, editable=False)
    alt_text = models.CharField(
        _("mô tả thay thế mặc định"),
        max_length=300,
        blank=True,
        default="",
        help_text=_(
            "Mô tả nội dung ảnh cho người khiếm thị, dùng khi bài viết không ghi mô tả riêng."
        ),
    )
    credit = models.CharField(
        _("tác giả ảnh"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Hiện dưới chú thích: “Ảnh: …”."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Folded words for the admin's search (portal/search.py): alt text, credit, file name.
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")
        permissions = [
            ("upload_photo", _("Được tải ảnh lên từ trình soạn thảo")),
            ("publish_photo", _("Được đổi ngay ảnh đang hiện trên cổng (không cần duyệt)")),
        ]

    def __str__(self):
        return self.alt_text or self.original_name or self.key

    @classmethod
    def create_from_upload(cls, upload, *, user=None, alt_text="", credit="") -> Photo:
        """Validate, convert and store an uploaded file (raises ValidationError)."""
        return cls.create_from_processed(
            images.process(upload),
            original_name=getattr(upload, "name", "") or "",
            user=user,
            alt_text=alt_text,
            credit=credit,
        )

    @classmethod
    def create_from_processed(
        cls, processed: images.ProcessedPhoto, *, original_name="", user=None, alt_text="",
        credit="",
    ) -> Photo:  # fmt: skip
        """Store an upload that portal/images.py has already validated and converted."""
        key = images.new_key()
        name, stored = images.store(processed, key)
        try:
            return cls.objects.create(
                key=key,
                image=name,
                original_name=clean_line(original_name)[:255],
                width=processed.width,
                height=processed.height,
                renditions=stored.renditions,
                variants=stored.variants,
                alt_text=alt_text,
                credit=credit,
                uploaded_by=user if user is not None and user.is_authenticated else None,
            )
        except Exception:
            images.delete_files(name, stored.renditions, stored.variants)
            raise

    def save(self, *args, **kwargs):
        adding = self._state.adding
        clean_text_fields(self)
        self.search_text = index_text(self.alt_text, self.credit, self.original_name)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if not adding:
                # The default alt text and the credit are printed into every body that uses
                # the photo: render those again.
                for owner in self.body_owners():
                    owner.rerender_body()

    def body_owners(self) -> list[RichBody]:
        """Every rich body that uses this photo (one query finds them, one per kind loads)."""
        pairs = PhotoUse.objects.filter(photo=self).values_list("content_type_id", "object_id")
        by_type: dict[int, set[int]] = {}
        for type_id, object_id in pairs:
            by_type.setdefault(type_id, set()).add(object_id)
        owners = []
        for type_id, ids in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            owners.extend(model._base_manager.filter(pk__in=ids).order_by("pk"))
        return owners

    def shown_publicly(self) -> bool:
        """True when something the public sees uses the photo (a live article, a published
        page, an active banner...): then only someone who may publish changes what it shows."""
        return any(getattr(owner, "shows_publicly", lambda: True)() for owner in self.usages())

    def usages(self) -> list[models.Model]:
        """Everything that shows this photo, each once: bodies (through their record of uses),
        covers, banners, the profile, service links."""
        found: dict[tuple, models.Model] = {}
        for model, name in _photo_references():
            rows = model._base_manager.filter(**{name: self})
            if model is PhotoUse:
                rows = rows.prefetch_related("owner")
            for row in rows:
                owner = row.owner if isinstance(row, PhotoUse) else row
                if owner is not None:
                    found.setdefault((owner._meta.label, owner.pk), owner)
        return list(found.values())

    @property
    def url(self) -> str:
        return self.image.url if self.image else ""

    def rendition_url(self, width: int) -> str:
        """The smallest stored file at least ``width`` pixels wide (or the original)."""
        for size in sorted(int(w) for w in self.renditions):
            if size >= width:
                return images.file_url(self.renditions[str(size)])
        return images.file_url(self.image.name) if self.image else ""

    @property
    def display_url(self) -> str:
        return self.rendition_url(800)

    @property
    def thumbnail_url(self) -> str:
        return self.rendition_url(480)

    def candidates(self) -> list[tuple[str, int]]:
        """(address, width) of the original's format at every width, the original last."""
        found = [
            (images.file_url(name), int(width))
            for width, name in sorted(self.renditions.items(), key=lambda item: int(item[0]))
        ]
        return [*found, (images.file_url(self.image.name), self.width)]

    @property
    def srcset(self) -> str:
        """The original's format at every width (the <img>'s own srcset, the fallback)."""
        return ", ".join(f"{url} {width}w" for url, width in self.candidates())

    def picture_sources(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """(MIME type, [(address, width)...]) of each modern format, in the order browsers are
        offered them."""
        sources = []
        for modern in images.MODERN_FORMATS:
            files = (self.variants or {}).get(modern)
            if files:
                widths = sorted(files.items(), key=lambda item: int(item[0]))
                found = [(images.file_url(name), int(width)) for width, name in widths]
                sources.append((images.MIME_TYPES[modern], found))
        return sources

    def picture(self, src_width: int = 800) -> dict:
        """What portal/pictures.py needs to print the photo as <picture> (plain data, so the
        cached frame can keep it): the fallback's address ``src_width`` wide, the fallback's
        candidates, the size and the modern formats' sources."""
        return {
            "src": self.rendition_url(src_width),
            "candidates": self.candidates(),
            "width": self.width,
            "height": self.height,
            "sources": self.picture_sources(),
        }

    def thumbnail_height(self, width: int) -> int:
        return round(self.height * width / self.width) if self.width else 0


class PhotoUse(models.Model):
    """One use of a photo in a rich body (an article, a page, an event...), in order, with the
    caption and alt text it has there. Derived from the body on every save."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    photo = models.ForeignKey(
        Photo, verbose_name=_("ảnh"), on_delete=models.PROTECT, related_name="uses"
    )
    position = models.PositiveSmallIntegerField(_("vị trí"))
    caption = models.CharField(_("chú thích"), max_length=500, blank=True, default="")
    alt_text = models.CharField(_("mô tả thay thế"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["content_type", "object_id", "position"]
        verbose_name = _("ảnh trong nội dung")
        verbose_name_plural = _("ảnh trong nội dung")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "position"], name="one_photo_per_position"
            )
        ]

    def __str__(self):
        return _("ảnh thứ %(n)s: %(caption)s") % {
            "n": self.position + 1,
            "caption": self.caption or self.alt_text or self.photo_id,
        }


def _photos_by_key(keys: set[str]) -> dict[str, Photo]:
    return {photo.key: photo for photo in Photo.objects.filter(key__in=keys)}


class RichBody(models.Model):
    """A model whose ``body`` is rich text with photos, stored sanitised and rendered.

    ``body`` keeps the sanitised source (what goes back into the editor); ``body_html`` the
    rendering with responsive images and credits (what pages print). Both come from
    portal/richtext.py on every save, whatever path the save comes from, and the photos the body
    uses are recorded (PhotoUse) in the same transaction, as are the files listed under it
    (``attachments``, recorded as AttachmentUse).

    A record may have further bodies in the same pipeline (the English one beside the
    Vietnamese, portal/i18n.py): their names in ``extra_bodies``, each rendered to
    ``<name>_html``, their photos recorded after the main body's, their alt text required alike.
    """

    extra_bodies: tuple[str, ...] = ()

    body_html = models.TextField(editable=False, blank=True, default="")
    photo_uses = GenericRelation(PhotoUse)
    # The files listed under the body (portal/models/files.py), recorded as AttachmentUse.
    attachments = AttachmentsField()
    attachment_uses = GenericRelation("portal.AttachmentUse")

    class Meta:
        abstract = True

    @property
    def body_report(self) -> richtext.Body:
        """The pipeline's report on the current body (computed once per distinct body)."""
        cached = self.__dict__.get("_body_report")
        if cached is None or cached[0] != self.body:
            cached = (self.body, richtext.process_body(self.body, _photos_by_key))
            self.__dict__["_body_report"] = cached
        return cached[1]

    def extra_report(self, name: str) -> richtext.Body:
        """The pipeline's report on the extra body ``name`` (computed once per distinct text)."""
        key = f"_body_report_{name}"
        text = getattr(self, name) or ""
        cached = self.__dict__.get(key)
        if cached is None or cached[0] != text:
            cached = (text, richtext.process_body(text, _photos_by_key))
            self.__dict__[key] = cached
        return cached[1]

    def body_errors(self) -> dict:
        errors = {}
        reports = [("body", self.body_report)]
        reports += [(name, self.extra_report(name)) for name in self.extra_bodies]
        for name, report in reports:
            if not report.missing_alt:
                continue
            names = ", ".join(
                f"“{photo.original_name or photo.key}”" for photo in report.missing_alt
            )
            errors[name] = _(
                "Ảnh %(names)s chưa có mô tả thay thế. Bấm đúp vào ảnh trong nội dung và điền "
                "“Mô tả thay thế”, hoặc ghi mô tả mặc định cho ảnh trong mục Ảnh."
            ) % {"names": names}
        return errors

    def apply_body(self) -> richtext.Body:
        """Replace the bodies by their sanitised form and render them (save() calls it)."""
        report = self.body_report
        self.body = report.source
        self.body_html = report.rendered
        self.__dict__["_body_report"] = (self.body, report)
        for name in self.extra_bodies:
            extra = self.extra_report(name)
            setattr(self, name, extra.source)
            setattr(self, f"{name}_html", extra.rendered)
            self.__dict__[f"_body_report_{name}"] = (extra.source, extra)
        return report

    def all_placements(self) -> list[richtext.Placement]:
        """Where every photo of every body is, the main body first."""
        placements = list(self.body_report.placements)
        for name in self.extra_bodies:
            placements += self.extra_report(name).placements
        return placements

    def save(self, *args, **kwargs):
        self.apply_body()
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            super().save(*args, **kwargs)
            bodies = {"body", *self.extra_bodies}
            if update_fields is None or bodies & set(update_fields):
                record_photo_uses(self, self.all_placements())
            if update_fields is None or "attachments" in update_fields:
                from .files import record_attachment_uses

                record_attachment_uses(self)

    def shows_publicly(self) -> bool:
        """Whether the public sees this record (kinds say when: a published article...)."""
        return True

    def listed_files(self) -> list:
        """The files listed under the body, in order, with their Attachment (one query, none
        when there are no files)."""
        if not self.attachments:
            return []
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("attachment_uses")
        if prefetched is not None:  # a list's rows, with files_prefetch()
            return sorted(prefetched, key=lambda use: (use.position, use.pk))
        if "_listed_files" not in self.__dict__:
            uses = self.attachment_uses.select_related("attachment").order_by("position", "pk")
            self.__dict__["_listed_files"] = list(uses)
        return self.__dict__["_listed_files"]

    def rendering_is_current(self) -> bool:
        """Whether the stored renderings are what the pipeline makes of the bodies today (the
        photos' files and formats included; manage.py photo_renditions asks)."""
        if self.body_report.rendered != self.body_html:
            return False
        return all(
            self.extra_report(name).rendered == getattr(self, f"{name}_html")
            for name in self.extra_bodies
        )

    def rerender_body(self) -> None:
        """Render the body again, after a photo it uses changed its credit or alt text."""
        self.__dict__.pop("_body_report", None)
        fields = ["body", "body_html"]
        for name in self.extra_bodies:
            self.__dict__.pop(f"_body_report_{name}", None)
            fields += [name, f"{name}_html"]
        if any(f.name == "updated" for f in self._meta.concrete_fields):
            fields.append("updated")
        self.save(update_fields=fields)


def record_photo_uses(owner: models.Model, placements: list[richtext.Placement]) -> None:
    """Make the owner's PhotoUse rows match ``placements`` (rewritten only when they differ)."""
    content_type = ContentType.objects.get_for_model(owner)
    wanted = [
        (index, p.photo.pk, p.caption[:500], p.alt[:300]) for index, p in enumerate(placements)
    ]
    uses = PhotoUse.objects.filter(content_type=content_type, object_id=owner.pk)
    current = list(uses.values_list("position", "photo_id", "caption", "alt_text"))
    if current == wanted:
        return
    uses.delete()
    PhotoUse.objects.bulk_create(
        PhotoUse(
            content_type=content_type, object_id=owner.pk, position=position, photo_id=photo_id,
            caption=caption, alt_text=alt,
        )
        for position, photo_id, caption, alt in wanted
    )  # fmt: skip


def validate_no_missing_alt(instance: RichBody) -> None:
    if errors := instance.body_errors():
        raise ValidationError(errors)

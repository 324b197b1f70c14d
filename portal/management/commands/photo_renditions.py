"""Make the renditions of stored photos again (every width in every format), then render again
the bodies that show them."""

from __future__ import annotations

import time

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from portal import images
from portal.models import Photo, PhotoUse


class Progress:
    """A progress bar on one line (redrawn with \\r), or a line every tenth when the output is
    not a terminal (logs, cron mail)."""

    WIDTH = 30

    def __init__(self, out, label: str, total: int):
        self.out, self.label, self.total, self.done = out, label, total, 0
        self.tty = out.isatty()
        self.shown = -1
        self.draw()

    def draw(self) -> None:
        share = self.done / self.total if self.total else 1.0
        step = int(share * (100 if self.tty else 10))
        if step == self.shown and self.done not in (0, self.total):
            return
        self.shown = step
        filled = round(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = f"{self.label} [{bar}] {self.done}/{self.total} {share:4.0%}"
        if self.tty:
            self.out.write(f"\r{line}", ending="")
            self.out.flush()
        else:
            self.out.write(line)

    def step(self) -> None:
        self.done += 1
        self.draw()

    def note(self, write, message: str) -> None:
        """A message of its own line, the bar drawn again under it."""
        if self.tty:
            self.out.write("\r" + " " * (self.WIDTH + len(self.label) + 20) + "\r", ending="")
        write(message)
        if self.tty:
            self.shown = -1
            self.draw()

    def finish(self) -> None:
        if self.tty:
            self.out.write("")


def expected_files(photo: Photo) -> dict[str, list[int]] | None:
    """The widths each of the photo's formats should have, by extension (None when the
    original's name is not a photo's)."""
    extension = photo.image.name.rsplit(".", 1)[-1].lower() if photo.image.name else ""
    if extension not in images.PILLOW_FORMATS:
        return None
    expected = {extension: [w for w in images.RENDITION_WIDTHS if w < photo.width]}
    for modern in images.modern_formats(extension):
        expected[modern] = images.variant_widths(photo.width)
    return expected


def recorded_names(photo: Photo) -> list[str]:
    names = list((photo.renditions or {}).values())
    for files in (photo.variants or {}).values():
        names.extend(files.values())
    return names


def is_complete(photo: Photo) -> bool:
    """Every rendition the pipeline makes today is recorded and stored (a modern format
    recorded empty was made and dropped as larger: complete)."""
    expected = expected_files(photo)
    if expected is None or not photo.width:
        return False
    extension, *modern = expected
    if sorted(map(int, photo.renditions or {})) != expected[extension]:
        return False
    for name in modern:
        files = (photo.variants or {}).get(name)
        if files is None or (files and sorted(map(int, files)) != expected[name]):
            return False
    return all(default_storage.exists(name) for name in recorded_names(photo))


class Command(BaseCommand):
    help = (
        "Makes every photo's renditions again from its stored original: the original's format "
        "(JPEG, PNG) and the modern formats (AVIF when this Pillow writes it, WebP) at every "
        "width the pages use, through the storage (a folder or a bucket); then renders again "
        "the bodies that show photos, where their HTML changed. --missing-only skips photos "
        "that have every file and writes only the files that are missing. Running it twice "
        "changes nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Only photos that lack a rendition (a format, a width, or a file gone from "
            "the storage); files already there are kept as they are.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be made; change nothing."
        )

    def handle(self, *args, missing_only, dry_run, **options):
        started = time.monotonic()
        formats = ", ".join(["JPEG/PNG", *(f.upper() for f in images.modern_formats("jpg"))])
        self.stdout.write(f"Renditions: {formats}; widths {images.RENDITION_WIDTHS}.")
        if not images.avif_supported():
            self.stdout.write("This Pillow cannot write AVIF: WebP and JPEG only.")
        photos = Photo.objects.order_by("pk")
        progress = Progress(self.stdout, "Photos", photos.count())
        made, skipped, failed = 0, 0, []
        for photo in photos.iterator(chunk_size=100):
            if missing_only and is_complete(photo):
                skipped += 1
            elif dry_run:
                made += 1
            else:
                error = self.render_photo(photo, keep_existing=missing_only)
                if error:
                    failed.append(photo)
                    progress.note(self.stderr.write, error)
                else:
                    made += 1
            progress.step()
        progress.finish()

        rerendered = 0 if dry_run else self.render_bodies()
        verb = "would make" if dry_run else "made"
        self.stdout.write(
            self.style.SUCCESS(
                f"Photos: {made} {verb} again, {skipped} already complete, {len(failed)} "
                f"failed. Bodies rendered again: {rerendered}. "
                f"{time.monotonic() - started:.1f} s."
            )
        )
        if failed:
            raise CommandError(
                f"{len(failed)} photo(s) could not be read (listed above): upload them again in "
                "the admin (Ảnh), or restore their files, then run this command again."
            )

    def render_photo(self, photo: Photo, *, keep_existing: bool) -> str | None:
        """Make and store the photo's renditions; the reason when its original is broken."""
        name = photo.image.name
        try:
            with default_storage.open(name, "rb") as original:
                data = original.read()
            processed = images.process(ContentFile(data, name=name))
        except ValidationError as exc:
            reason = " ".join(exc.messages)
        except (OSError, ValueError) as exc:  # missing from the storage, unreadable
            reason = f"{type(exc).__name__}: {exc}"
        else:
            reason = None
        if reason is not None:
            return f"Photo {photo.pk} ({name or 'no file'}): the original cannot be used: {reason}"

        stem = name.rsplit(".", 1)[0]
        keep = frozenset()
        if keep_existing:
            planned = images.rendition_names(stem, processed).values()
            keep = frozenset(n for n in planned if default_storage.exists(n))
        stored = images.write_renditions(processed, stem, replace=True, keep=keep)
        old = set(recorded_names(photo))
        photo.renditions, photo.variants = stored.renditions, stored.variants
        photo.width, photo.height = processed.width, processed.height
        # The records' own save (signals: caches) without Photo.save's rendering of every body
        # at each photo: render_bodies renders each body once, afterwards.
        models.Model.save(
            photo, update_fields=["renditions", "variants", "width", "height", "updated"]
        )
        for gone in old - set(stored.names()):
            default_storage.delete(gone)
        return None

    def render_bodies(self) -> int:
        """Render again every body that shows a photo and whose stored HTML is not what the
        pipeline makes today (each once, however many photos it has)."""
        owners = PhotoUse.objects.values_list("content_type_id", "object_id").distinct()
        by_type: dict[int, set[int]] = {}
        for type_id, object_id in owners:
            by_type.setdefault(type_id, set()).add(object_id)
        progress = Progress(self.stdout, "Bodies", sum(len(ids) for ids in by_type.values()))
        rerendered = 0
        for type_id, ids in sorted(by_type.items()):
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is None:  # a kind removed from the code
                progress.done += len(ids)
                continue
            for owner in model._base_manager.filter(pk__in=ids).order_by("pk").iterator():
                if not owner.rendering_is_current():
                    owner.rerender_body()
                    rerendered += 1
                progress.step()
        progress.finish()
        return rerendered

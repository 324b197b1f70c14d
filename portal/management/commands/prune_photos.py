"""Delete uploaded photos nothing uses (uploaded in the editor, then never saved)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.models import Photo


class Command(BaseCommand):
    help = (
        "Deletes photos (with their files) that no article, page, event, banner, logo or icon "
        "uses and that are older than --days (default 7). Use --dry-run to only list them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days, dry_run, **options):
        cutoff = timezone.now() - timezone.timedelta(days=days)
        photos = list(Photo.objects.unused().filter(created__lt=cutoff))
        for photo in photos:
            self.stdout.write(f"  {'would delete' if dry_run else 'delete'}: {photo.image.name}")
        if not dry_run:
            with transaction.atomic():
                for photo in photos:
                    photo.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(photos)} unused photos."))

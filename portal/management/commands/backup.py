"""Back up the database and the uploads into one file with a manifest (portal/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp tải lên vào một tệp .tar có bản kê và mã kiểm tra. / "
        "Back up the database and the uploads into one .tar file with a manifest and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            help="a folder (a dated portal-backup-….tar is written in it) or the file to write",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="then delete all but this many newest backups in the folder (0: keep all)",
        )

    def handle(self, *args, destination, keep, **options):
        report = self.stdout.write if options["verbosity"] > 0 else (lambda message: None)
        try:
            path = backup.create(destination, report=report)
            if keep > 0:
                backup.prune(Path(path).parent, keep, report=report)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc

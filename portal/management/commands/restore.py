"""Restore a backup made by `manage.py backup` exactly, after checking it (portal/backup.py)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu và kho tệp trống (hoặc thay toàn bộ với "
        "--force), sau khi kiểm tra bản kê, mã kiểm tra, loại cơ sở dữ liệu và migration. / "
        "Restore a backup into an empty database and media storage (or replace everything with "
        "--force), after checking its manifest, checksums, database engine and migrations."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="a .tar file written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace whatever the database and the media storage hold",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only check the backup (checksums, engine, migrations); change nothing",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="run migrate afterwards when the backup is from older code",
        )

    def handle(self, *args, **options):
        report = self.stdout.write if options["verbosity"] > 0 else (lambda message: None)
        try:
            if options["check"]:
                checked = backup.open_backup(options["backup"], report=report)
                for line in backup.describe(checked):
                    report(line)
                backup.check_compatible(checked)
                report("Bản sao lưu nguyên vẹn / the backup is sound.")
                if checked.older:
                    report("(from older code: restoring it needs manage.py migrate afterwards)")
                return
            restored = backup.restore(options["backup"], force=options["force"], report=report)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if restored.older and options["migrate"]:
            call_command("migrate", interactive=False, verbosity=options["verbosity"])

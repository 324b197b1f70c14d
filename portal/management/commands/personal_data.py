"""Personal data of askers and commenters (portal/privacy.py): erase what is past its retention
period, or export what the portal holds about one person."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from portal import privacy


class Command(BaseCommand):
    help = (
        "erase: xóa thông tin liên hệ đã quá thời hạn lưu trữ (--dry-run: chỉ đếm); "
        "export --email/--phone: xuất dữ liệu của một người (JSON)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        erase = actions.add_parser("erase", help="erase contact data past the retention period")
        erase.add_argument("--dry-run", action="store_true", help="only count, change nothing")
        export = actions.add_parser("export", help="one person's data, as JSON")
        export.add_argument("--email", default="")
        export.add_argument("--phone", default="")

    def handle(self, *args, action, **options):
        if action == "erase":
            dry_run = options["dry_run"]
            counts = privacy.erase_expired(dry_run=dry_run)
            verb = "would erase" if dry_run else "erased"
            for name, count in counts.items():
                self.stdout.write(f"{name}: {verb} {count}")
            self.stdout.write(f"Retention: {privacy.retention_days()} days.")
            return
        email, phone = options["email"].strip(), options["phone"].strip()
        if not email and not phone:
            raise CommandError("Give --email or --phone (or both).")
        found = {source.name: source.find(email, phone) for source in privacy.sources()}
        self.stdout.write(json.dumps(found, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))

"""Create the shared cache's table and the site profile.

``manage.py migrate`` is all an operator runs, so the database cache's table is made here rather
than by a separate ``createcachetable`` step, and whatever cache the migrating process itself
uses: the same database may later be served with DEBUG off and no REDIS_URL.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "portal_cache"  # settings.CACHES' LOCATION for the database cache


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def create_profile(apps, schema_editor):
    SiteProfile = apps.get_model("portal", "SiteProfile")
    if not SiteProfile.objects.exists():
        SiteProfile.objects.create(
            name="Sở Thông tin và Truyền thông",
            republish_notice="Ghi rõ nguồn “Cổng thông tin điện tử” khi phát hành lại thông tin từ cổng này.",
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_profile, migrations.RunPython.noop),
    ]

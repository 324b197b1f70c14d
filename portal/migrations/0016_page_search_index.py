"""A pg_trgm GIN index on the fixed pages' folded search text (PostgreSQL only), as every
kind the site search asks has one (news 0005, 0013, 0023)."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS portal_page_search_text_trgm "
        "ON portal_page USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS portal_page_search_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("portal", "0015_staff_login_log")]

    operations = [migrations.RunPython(create_index, drop_index)]

"""pg_trgm GIN indexes on the documents' and procedures' folded search texts (PostgreSQL only;
see 0005 for why), and on the number keys, searched by prefix."""

from django.db import migrations

INDEXES = [
    ("news_document", "search_text", "news_document_search_text_trgm"),
    ("news_document", "search_title", "news_document_search_title_trgm"),
    ("news_procedure", "search_text", "news_procedure_search_text_trgm"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )
    # LIKE 'prefix%' uses a btree index only with the pattern operator class (any collation).
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS news_document_number_key_prefix "
        "ON news_document (number_key varchar_pattern_ops)"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP INDEX IF EXISTS news_document_number_key_prefix")


class Migration(migrations.Migration):
    dependencies = [("news", "0012_documents")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

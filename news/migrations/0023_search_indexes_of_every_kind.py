"""pg_trgm GIN indexes on the folded search texts of the kinds 0005 and 0013 left out
(PostgreSQL only; see 0005). The site search asks every kind on each search: with 5,000
answered questions the questions' sequential scan alone took 28 ms of the page (`make bench`,
EXPLAIN), and schedules grow by a few hundred items a year without end."""

from django.db import migrations

INDEXES = [
    ("news_question", "search_text", "news_question_search_text_trgm"),
    ("news_consultation", "search_text", "news_consultation_search_text_trgm"),
    ("news_scheduleitem", "search_text", "news_scheduleitem_search_text_trgm"),
    ("news_unit", "search_text", "news_unit_search_text_trgm"),
    ("news_official", "search_text", "news_official_search_text_trgm"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("news", "0022_article_list_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

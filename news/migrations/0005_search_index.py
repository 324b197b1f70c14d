"""Fill the search texts of existing rows, and index them for LIKE on PostgreSQL.

On PostgreSQL, pg_trgm GIN indexes make the "contains" filters of news/search.py use an index
(trigrams work for any substring of three characters or more). SQLite has no such index; it
scans, which is fine at the sizes SQLite is meant for here.
"""

from django.db import migrations


def fill_search_texts(apps, schema_editor):
    from portal.richtext import to_text
    from portal.search import index_text

    Article = apps.get_model("news", "Article")
    for article in Article.objects.all().iterator():
        article.search_title = index_text(article.title)
        article.search_sapo = index_text(article.sapo)
        article.search_text = index_text(
            article.title, article.sapo, to_text(article.body), article.byline
        )
        article.save(update_fields=["search_title", "search_sapo", "search_text"])
    TrainingEvent = apps.get_model("news", "TrainingEvent")
    for event in TrainingEvent.objects.all().iterator():
        speakers = event.speakers.values_list("name", flat=True)
        event.search_title = index_text(event.title)
        event.search_text = index_text(event.title, event.place, to_text(event.body), *speakers)
        event.save(update_fields=["search_title", "search_text"])


INDEXES = [
    ("news_article", "search_text", "news_article_search_text_trgm"),
    ("news_article", "search_title", "news_article_search_title_trgm"),
    ("news_trainingevent", "search_text", "news_event_search_text_trgm"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("news", "0004_search_fields")]

    operations = [
        migrations.RunPython(fill_search_texts, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]

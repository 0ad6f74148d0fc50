"""PostgreSQL: `newsroom_fold` gives the same results, about six times faster on texts with accents.

Every insert or update of an article computes the search index expressions, and the single
translate() over all ~200 accented letters was most of that cost (see
articles.search.fold_function_sql). Both indexes are rebuilt on the new function, concurrently
(see 0006): replacing it alone left the search query on a sequential scan in
tests/test_search.py's EXPLAIN test, and an index must not hold values computed by an older
definition of an IMMUTABLE function, even equal ones, without a REINDEX.
"""

from importlib import import_module

from django.db import migrations

from articles.search import fold_function_sql, search_vector_sql, searchable_sql

search_0004 = import_module("articles.migrations.0004_search_postgresql")
search_0006 = import_module("articles.migrations.0006_search_prefixes")


def rebuild_indexes(schema_editor):
    for code in ("en", "ar"):
        search_0006.swap_index(schema_editor, search_vector_sql(code), f"article_search_{code}_gin")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(fold_function_sql())
        rebuild_indexes(schema_editor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_0004.fold_function_sql())
        rebuild_indexes(schema_editor)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0008_author_version"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]

"""Arabic search on PostgreSQL finds words with attached prefixes (وإسرائيل, والسعودية, فالمدرسة).

Adds `newsroom_arabic_text(text)` and rebuilds the Arabic GIN index on `search_vector_sql('ar')`:
the stemmer now sees the text before it is folded, plus a copy with prefixes detached. Nothing
happens on other databases (SQLite matches folded substrings and has no index).

The index is built CONCURRENTLY under a new name and swapped in, outside a transaction: a plain
DROP and CREATE would hold an exclusive lock on the articles table, stalling every public page,
for as long as the regex-heavy index takes to build.
"""

from django.db import migrations

from articles.search import arabic_text_function_sql, search_vector_sql, searchable_sql

INDEX = "article_search_ar_gin"


def swap_index(schema_editor, expression, index=INDEX):
    # A build interrupted earlier leaves an invalid index under the new name: start afresh.
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {index}_new")
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY {index}_new ON articles_article USING gin (({expression}))")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {index}")
    schema_editor.execute(f"ALTER INDEX {index}_new RENAME TO {index}")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(arabic_text_function_sql())
    swap_index(schema_editor, search_vector_sql("ar"))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    swap_index(schema_editor, searchable_sql("ar"))
    schema_editor.execute("DROP FUNCTION IF EXISTS newsroom_arabic_text(text)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0005_editor_can_view_users"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]

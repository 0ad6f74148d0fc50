"""Arabic search on PostgreSQL finds words with attached prefixes (وإسرائيل, والسعودية, فالمدرسة).

Adds `newsroom_arabic_text(text)` and rebuilds the Arabic GIN index on `search_vector_sql('ar')`:
the stemmer now sees the text before it is folded, plus a copy with prefixes detached. Nothing
happens on other databases (SQLite matches folded substrings and has no index).
"""

from django.db import migrations

from articles.search import arabic_text_function_sql, search_vector_sql, searchable_sql


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(arabic_text_function_sql())
    schema_editor.execute("DROP INDEX IF EXISTS article_search_ar_gin")
    schema_editor.execute(
        f"CREATE INDEX article_search_ar_gin ON articles_article USING gin (({search_vector_sql('ar')}))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_ar_gin")
    schema_editor.execute(
        f"CREATE INDEX article_search_ar_gin ON articles_article USING gin (({searchable_sql('ar')}))"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS newsroom_arabic_text(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_editor_can_view_users"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]

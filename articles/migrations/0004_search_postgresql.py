"""Full-text search on PostgreSQL: the `newsroom_fold` SQL function and one GIN index per language.

Nothing happens on other databases: SQLite registers `newsroom_fold` as a Python function on each
connection (articles.search) and searches without an index.
"""

from django.db import migrations

from articles.search import ARABIC_MARKS_CLASS, TEXT_CONFIGS, TRANSLATE_FROM, TRANSLATE_TO, searchable_sql


def fold_function_sql():
    # Dollar-quoting keeps the character lists free of escaping concerns; none contains "$".
    return (
        "CREATE OR REPLACE FUNCTION newsroom_fold(t text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fold$ "
        "SELECT translate(regexp_replace(regexp_replace(lower(t), '<[^>]*>', ' ', 'g'), "
        f"$m${ARABIC_MARKS_CLASS}$m$, '', 'g'), $f${TRANSLATE_FROM}$f$, $t${TRANSLATE_TO}$t$) "
        "$fold$"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(fold_function_sql())
    for code in TEXT_CONFIGS:
        expression = searchable_sql(code)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS article_search_{code}_gin ON articles_article USING gin (({expression}))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in TEXT_CONFIGS:
        schema_editor.execute(f"DROP INDEX IF EXISTS article_search_{code}_gin")
    schema_editor.execute("DROP FUNCTION IF EXISTS newsroom_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial_groups"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]

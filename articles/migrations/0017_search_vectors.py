"""Stored search vectors (search_en, search_ar) in place of the expression indexes over newsroom_fold.

The vectors are computed in Python (articles.search.article_vector) for the existing rows, in
batches, then each language's GIN index is built on its column under the name the expression
index had (built CONCURRENTLY under a new name and swapped in, as 0006 does, so that public pages
keep reading the table meanwhile). newsroom_fold and newsroom_arabic_text stay: nothing indexes
them any more, but an older release's queries may still call them during a rolling deploy.
Also the admin list's two indexes over every status (articles/models/search.py).
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models

import articles.models.search
from articles.search import article_vector, search_vector_sql

search_0006 = import_module("articles.migrations.0006_search_prefixes")

CODES = ("en", "ar")
BATCH = 1_000


def fill_vectors(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    manager = Article._base_manager.using(schema_editor.connection.alias)
    texts = [f"{field}_{code}" for code in CODES for field in ("title", "standfirst", "body")]
    last = 0
    while True:
        rows = list(manager.filter(pk__gt=last).order_by("pk").only(*texts)[:BATCH])
        if not rows:
            return
        for row in rows:
            for code in CODES:
                setattr(row, f"search_{code}", article_vector(row.__dict__, code))
        manager.bulk_update(rows, [f"search_{code}" for code in CODES])
        last = rows[-1].pk


def column_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for code in CODES:
            search_0006.swap_index(schema_editor, f"search_{code}", f"article_search_{code}_gin")


def expression_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for code in CODES:
            search_0006.swap_index(schema_editor, search_vector_sql(code), f"article_search_{code}_gin")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0016_article_slugs"),
        ("taxonomy", "0002_section_tag_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_ar",
            field=articles.models.search.SearchVectorField(code="ar", verbose_name="search vector (ar)"),
        ),
        migrations.AddField(
            model_name="article",
            name="search_en",
            field=articles.models.search.SearchVectorField(code="en", verbose_name="search vector (en)"),
        ),
        migrations.RunPython(fill_vectors, migrations.RunPython.noop),
        migrations.RunPython(column_indexes, expression_indexes),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.OrderBy(models.F("publish_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="article_admin_latest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.F("section"),
                models.OrderBy(models.F("publish_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="article_admin_section_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.OrderBy(models.F("publish_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("is_breaking", True)),
                name="article_admin_breaking_idx",
            ),
        ),
    ]

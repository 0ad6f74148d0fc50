"""Which languages an article can be read in, stored: one generated column per content language.

The edition queries (lists, counts, section, tag and author pages, feeds) filter on these small
indexed booleans instead of comparing every article's title and body.
"""

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from editorial.languages import language_codes, localized

# Article.Status.PUBLISHED's value: the indexes are built while the Article class is, before it exists.
PUBLISHED = "published"


def language_q(code):
    """The rule "readable in `code`": a headline and a body in that language. The database
    computes each in_<code> column from it; instances apply it in Python (available_languages)."""
    return Q(**{f"{localized('title', code)}__gt": ""}) & Q(**{f"{localized('body', code)}__gt": ""})


def readable_in(code):
    """The in_<code> column: stored by the database and computed by it from the row's own text,
    so no write path (save, QuerySet.update, bulk_create, bulk_update, loaddata's raw saves, raw
    SQL) can leave it stale. COALESCE because a missing translation is NULL, and NULL AND x is NULL.
    serialize=False: it is derived, so fixtures, dumps and revisions neither carry nor need it."""
    return models.GeneratedField(
        expression=Coalesce(language_q(code), Value(False), output_field=models.BooleanField()),
        output_field=models.BooleanField(),
        db_persist=True,
        serialize=False,
        verbose_name=format_lazy("{} ({})", _("language"), code),
    )


def edition_indexes(code):
    """The partial indexes an edition's lists and counts read: its published articles, newest
    first, site-wide (latest list, feeds) and per section (section pages). The id in both lets
    PostgreSQL count (COUNT(DISTINCT id)) and order (-publish_at, -pk) from the index alone."""
    published = Q(status=PUBLISHED, **{localized("in", code): True})
    newest = (F("publish_at").desc(), F("id").desc())
    return [
        models.Index(*newest, condition=published, name=f"article_{code}_latest_idx"),
        models.Index("section", *newest, condition=published, name=f"article_{code}_section_idx"),
    ]


def add_language_columns(model):
    """One in_<code> column per content language, added in a loop as modeltranslation adds
    title_<code>: a third language in settings.LANGUAGES needs only a migration (its columns and
    its edition_indexes)."""
    for code in language_codes():
        model.add_to_class(localized("in", code), readable_in(code))

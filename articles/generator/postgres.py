"""PostgreSQL's fast path: articles, bylines and tag links written with COPY, ids taken from the sequence.

bulk_create spends most of its time preparing ~40 model fields per row in Python; COPY takes the
rows as they are. It bypasses SanitizedHTMLField, so every HTML value goes through
clean_html_value() here, under plain_paragraphs_pass_as_clean(): the generated paragraphs match
PLAIN_PARAGRAPHS and are written as they are, anything else would be cleaned by bleach.
"""

import json

from django.conf import settings

from articles.models import Article, Byline
from editorial.fields import SanitizedHTMLField, clean_html_value, plain_paragraphs_pass_as_clean
from editorial.languages import language_codes
from taxonomy.models import TaggedArticle

# The untranslated columns modeltranslation keeps (title, body, ...): as it fills them on save,
# with the default language's text, or another language's when that one is empty.
UNTRANSLATED = ("title", "standfirst", "body", "dateline", "correction")


class Rows:
    """Article rows in the column order of `fields`: defaults and the HTML columns worked out once."""

    def __init__(self, fields):
        self.fields = fields
        self.names = [field.attname for field in fields]
        # Reading defaults through modeltranslation costs a language lookup each: once, not per row.
        self.defaults = {field.attname: field.get_default() for field in fields}
        self.html = {field.attname for field in fields if isinstance(field, SanitizedHTMLField)}
        self.codes = [settings.LANGUAGE_CODE, *(c for c in language_codes() if c != settings.LANGUAGE_CODE)]

    def row(self, values):
        for code in self.codes:
            # Each language's slug is the article's slug (Article.save() and bulk_create() do the same).
            values.setdefault(f"slug_{code}", values["slug"])
        for name in UNTRANSLATED:
            if name not in values:
                values[name] = next((v for v in (values.get(f"{name}_{c}") for c in self.codes) if v), "")
        values["language_edited_at"] = json.dumps(values["language_edited_at"])
        cleaned = {}
        for name in self.html:
            value = values.get(name)
            if value:
                # The untranslated column holds the same text as a translated one: checked once.
                if id(value) not in cleaned:
                    cleaned[id(value)] = clean_html_value(value)
                values[name] = cleaned[id(value)]
        defaults = self.defaults
        return [values[name] if name in values else defaults[name] for name in self.names]


def _fast_compression(cursor):
    """lz4 for this transaction's long values where the server has it: pglz, the default,
    compresses the ~14 KB of text per article at about half the rate of the whole load."""
    cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
    row = cursor.fetchone()
    if row and row[0]:
        cursor.execute("SET LOCAL default_toast_compression = 'lz4'")


def copy_batch(connection, articles, links):
    """Writes the articles (column values by attname) and their links ((bylines, tag ids) each)."""
    # Generated columns (the stored languages) are the database's to fill.
    fields = [f for f in Article._meta.concrete_fields if not f.primary_key and not f.generated]
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        _fast_compression(cursor)
        # Benchmark rows: a crash may lose the last batches, it need not wait for each flush.
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Article._meta.db_table, len(articles)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(["id", *(f.column for f in fields)])
        rows = Rows(fields)
        copy_articles = cursor.copy(f"COPY {Article._meta.db_table} ({columns}) FROM STDIN")
        with plain_paragraphs_pass_as_clean(), copy_articles as copy:
            for pk, values in zip(ids, articles, strict=True):
                copy.write_row([pk, *rows.row(values)])
        with cursor.copy(f"COPY {Byline._meta.db_table} (article_id, author_id, position, role) FROM STDIN") as copy:
            for pk, (bylines, _tags) in zip(ids, links, strict=True):
                for author, position, role in bylines:
                    copy.write_row((pk, author, position, role))
        with cursor.copy(f"COPY {TaggedArticle._meta.db_table} (content_object_id, tag_id) FROM STDIN") as copy:
            for pk, (_bylines, tags) in zip(ids, links, strict=True):
                for tag in tags:
                    copy.write_row((pk, tag))

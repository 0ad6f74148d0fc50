"""PostgreSQL's fast path: articles, bylines and tag links written with COPY, ids taken from the sequence.

bulk_create spends most of its time preparing ~40 model fields per row in Python; COPY takes the
rows as they are. It bypasses SanitizedHTMLField, so every HTML value goes through
clean_html_value() here, under plain_paragraphs_pass_as_clean(): the generated paragraphs match
PLAIN_PARAGRAPHS and are written as they are, anything else would be cleaned by bleach.
"""

import struct

from django.conf import settings
from psycopg.adapt import Dumper
from psycopg.pq import Format

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


class TsvectorDumper(Dumper):
    """A (headline lexemes, body lexemes) pair as the tsvector articles.search.vector_literal
    spells, in tsvector's binary form: parsing ~1,000 quoted lexemes of text per article cost
    PostgreSQL 0.18 ms of the 0.47 ms its COPY took (binary COPY of the same rows: 0.28 ms).

    The form tsvectorrecv reads: the count, then each lexeme NUL-terminated, its number of
    positions (1) and the position (weight in the top two bits); it sorts them itself.
    """

    format = Format.BINARY
    oid = 3614  # tsvector's, built in

    def dump(self, obj):
        head, body = obj
        body = body - head
        return b"".join(
            [_COUNT.pack(len(head) + len(body)), *map(_HEAD.__getitem__, head), *map(_BODY.__getitem__, body)]
        )


class _Entries(dict):
    """Each lexeme's binary entry at one position, made once per process."""

    def __init__(self, position):
        super().__init__()
        self.position = struct.pack(">HH", 1, position)

    def __missing__(self, lexeme):
        entry = self[lexeme] = lexeme.encode() + b"\0" + self.position
        return entry


_COUNT = struct.Struct(">i")
# Position 1 with weight A (3), position 2 with weight D (0): vector_literal's ":1A" and ":2".
_HEAD, _BODY = _Entries(3 << 14 | 1), _Entries(2)


def _column_types(cursor, table, columns):
    cursor.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0", [table])
    types = dict(cursor.fetchall())
    return [types[column] for column in columns]


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
        columns = ["id", *(f.column for f in fields)]
        rows = Rows(fields)
        types = _column_types(cursor, Article._meta.db_table, columns)
        # Binary: PostgreSQL reads the values as they are instead of parsing ~30 KB of text per article.
        cursor.adapters.register_dumper(None, TsvectorDumper)
        copy_articles = cursor.copy(f"COPY {Article._meta.db_table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)")
        with plain_paragraphs_pass_as_clean(), copy_articles as copy:
            copy.set_types(types)
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

"""PostgreSQL's fast path: articles, bylines and tag links written with COPY, ids taken from the sequence.

bulk_create spends most of its time preparing ~40 model fields per row in Python; COPY takes the
rows as they are. It bypasses SanitizedHTMLField, so every HTML value goes through
clean_html_value() here, under plain_paragraphs_pass_as_clean(): the generated paragraphs match
PLAIN_PARAGRAPHS and are written as they are, anything else would be cleaned by bleach.
"""

import struct
from bisect import bisect_left
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import IntegrityError
from psycopg.adapt import Dumper
from psycopg.pq import Format

from articles.models import Article, Byline
from editorial.fields import SanitizedHTMLField, clean_html_value, plain_paragraphs_pass_as_clean
from editorial.languages import language_codes
from taxonomy.models import TaggedArticle

# The models a load writes, and their tables.
MODELS = (Article, Byline, TaggedArticle)
TABLES = [model._meta.db_table for model in MODELS]

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
        codes = [settings.LANGUAGE_CODE, *(c for c in language_codes() if c != settings.LANGUAGE_CODE)]
        # The column names a row reads, spelled once (not twice per language per row).
        self.slugs = [f"slug_{code}" for code in codes]
        self.untranslated = [(name, [f"{name}_{code}" for code in codes]) for name in UNTRANSLATED]

    def row(self, values):
        for name in self.slugs:
            # Each language's slug is the article's slug (Article.save() and bulk_create() do the same).
            values.setdefault(name, values["slug"])
        for name, translated in self.untranslated:
            if name not in values:
                values[name] = next((value for value in map(values.get, translated) if value), "")
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
    """A text.Lexemes as the tsvector articles.search.vector_literal spells, in tsvector's binary
    form: parsing ~1,000 quoted lexemes of text per article cost PostgreSQL 0.18 ms of the 0.47 ms
    its COPY took (binary COPY of the same rows: 0.28 ms).

    The form tsvectorrecv reads: the count, then each lexeme NUL-terminated, its number of
    positions (1) and the position (weight in the top two bits). In the order it keeps them
    (text.Lexicon's): it sorts a vector that comes unsorted, a quarter of its COPY's CPU.
    """

    format = Format.BINARY
    oid = 3614  # tsvector's, built in

    def dump(self, obj):
        head, every, lexicon = obj
        head_entries, body_entries = _entries(lexicon)
        numbers = sorted(every)
        parts = list(map(body_entries.__getitem__, numbers))
        for number in head:
            parts[bisect_left(numbers, number)] = head_entries[number]
        return _COUNT.pack(len(numbers)) + b"".join(parts)


def _entries(lexicon):
    """The binary entries of a lexicon's lexemes, by number: at position 1 with weight A (3), and
    at position 2 with weight D (0), vector_literal's ":1A" and ":2". Made once per lexicon."""
    if lexicon not in _ENTRIES:
        words = [word.encode() + b"\0" for word in lexicon.words]
        _ENTRIES[lexicon] = tuple([word + struct.pack(">HH", 1, position) for word in words] for position in _POSITIONS)
    return _ENTRIES[lexicon]


_COUNT = struct.Struct(">i")
_POSITIONS = (3 << 14 | 1, 2)
_ENTRIES = WeakKeyDictionary()


def _column_types(cursor, table, columns):
    cursor.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0", [table])
    types = dict(cursor.fetchall())
    return [types[column] for column in columns]


def _load_settings(cursor):
    """This transaction's settings for the load.

    lz4 for the long values where the server has it: pglz, the default, compresses the ~14 KB of
    text per article at about half the rate of the whole load. Benchmark rows: a crash may lose
    the last batches, the commit need not wait for its flush. And no row-by-row foreign-key
    checks (~15 per article, 12 % of the COPY's CPU; they also lock the tag rows both processes
    share) when they are the tables' only triggers and the role may turn triggers off:
    check_references checks every reference once after the load instead.
    """
    cursor.execute(
        "SELECT (SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'),"
        " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT EXISTS (SELECT FROM pg_trigger t"
        " LEFT JOIN pg_constraint c ON c.oid = t.tgconstraint WHERE t.tgrelid = ANY(%s::regclass[])"
        " AND c.contype IS DISTINCT FROM 'f')",
        [TABLES],
    )
    lz4, foreign_keys_only = cursor.fetchone()
    if lz4:
        cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
    if foreign_keys_only:
        cursor.execute("SET LOCAL session_replication_role = replica")
    cursor.execute("SET LOCAL synchronous_commit = off")


def check_references(connection):
    """Raises if a row of the loaded tables references a row that does not exist: the
    foreign-key checks the load skipped, once for the whole tables (~0.6 s of CPU at 100,000
    articles, a hash anti-join per reference)."""
    with connection.cursor() as cursor:
        cursor.execute(
            # Names from the catalog, quoted by it: regclass's text and quote_ident.
            "SELECT conname, conrelid::regclass::text, quote_ident(a.attname), confrelid::regclass::text,"
            " quote_ident(b.attname)"
            " FROM pg_constraint JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = conkey[1]"
            " JOIN pg_attribute b ON b.attrelid = confrelid AND b.attnum = confkey[1]"
            " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) AND cardinality(conkey) = 1",
            [TABLES],
        )
        broken = []
        for name, table, column, target, key in cursor.fetchall():
            cursor.execute(
                f"SELECT count(*) FROM {table} r WHERE r.{column} IS NOT NULL"  # noqa: S608
                f" AND NOT EXISTS (SELECT FROM {target} t WHERE t.{key} = r.{column})"
            )
            missing = cursor.fetchone()[0]
            if missing:
                broken.append(f"{name}: {missing}")
    if broken:
        raise IntegrityError(f"Rows referencing missing rows after the load: {', '.join(broken)}")


def copy_batch(connection, articles, links):
    """Writes the articles (column values by attname) and their links ((bylines, tag ids) each)."""
    # Generated columns (the stored languages) are the database's to fill.
    fields = [f for f in Article._meta.concrete_fields if not f.primary_key and not f.generated]
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        _load_settings(cursor)
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
        # A batch inside a caller's transaction (a savepoint) would leave the triggers off for the
        # rest of it: SET LOCAL lasts until the outermost transaction ends.
        cursor.execute("SET LOCAL session_replication_role TO DEFAULT")

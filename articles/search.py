"""Search across headline, standfirst and body, in one edition's language.

Readers type Arabic without hamza or tashkeel and English without accents, so text and query
are both *folded* before they are compared: alef forms -> ا, ة -> ه, ى -> ي, tashkeel and tatweel
removed, Latin case and accents dropped, HTML tags dropped.

The SQL function `newsroom_fold(text)` does this inside the database:
- on SQLite it is `fold()` below, registered on every new connection (`register_sqlite_function`,
  connected to `connection_created` in articles.apps);
- on PostgreSQL it is an IMMUTABLE SQL function created by migration 0004, which also builds one GIN
  index per language on `to_tsvector(<arabic|english>, newsroom_fold(title || standfirst || body))`;
  the query below repeats that exact expression so the planner uses the index.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import BooleanField, Q, TextField
from django.db.models.expressions import Func, RawSQL, Value
from django.db.models.functions import Coalesce, Concat
from modeltranslation.utils import build_localized_fieldname

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8

ARABIC_MAP = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}
# Tashkeel (harakat, tanween, shadda, sukun, superscript alef, Quranic marks) and tatweel.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
TAGS = re.compile(r"<[^>]*>")
WORD = re.compile(r"\w+")


# Latin letters with accents (Latin-1 Supplement and Latin Extended-A), both cases, mapped to
# their lower-case base letter. Built from unicodedata so SQLite (fold below) and PostgreSQL
# (migration 0004 passes the same strings to translate()) fold alike.
def _latin_pairs():
    pairs = {}
    for c in range(0xC0, 0x180):
        ch = chr(c)
        base = unicodedata.normalize("NFKD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            pairs[ch] = base.lower()
    return pairs


LATIN_PAIRS = _latin_pairs()
FOLD_MAP = str.maketrans({**LATIN_PAIRS, **ARABIC_MAP})
TRANSLATE_FROM = "".join(LATIN_PAIRS) + "".join(ARABIC_MAP)
TRANSLATE_TO = "".join(LATIN_PAIRS.values()) + "".join(ARABIC_MAP.values())
# The same character class, in a form PostgreSQL's regexp_replace accepts.
ARABIC_MARKS_CLASS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"


def fold(text):
    if not text:
        return ""
    text = TAGS.sub(" ", text).lower()
    return ARABIC_MARKS.sub("", text).translate(FOLD_MAP)


def terms(query):
    """The folded words of a reader's query; [] for an empty, punctuation-only or absurd query."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    return WORD.findall(fold(query))[:MAX_TERMS]


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("newsroom_fold", 1, fold, deterministic=True)


class Fold(Func):
    function = "newsroom_fold"


TEXT_CONFIGS = {"ar": "arabic", "en": "english"}


def searchable_sql(code, table=""):
    """The indexed expression on PostgreSQL; the migration builds its GIN index from this string.

    The language's stemmed lexemes plus the plain words ('simple'): Snowball's Arabic stemmer
    does not always reduce a word with and without its article alike, the plain words catch that.
    """
    prefix = f'"{table}".' if table else ""
    columns = [prefix + build_localized_fieldname(f, code) for f in ("title", "standfirst", "body")]
    joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    text = f"newsroom_fold({joined})"
    return f"(to_tsvector('{TEXT_CONFIGS[code]}'::regconfig, {text}) || to_tsvector('simple'::regconfig, {text}))"


def word_tsquery(code):
    """SQL for one reader's word (its parameters: the word, repeated): any of its forms matches."""
    config = TEXT_CONFIGS[code]
    forms = [f"plainto_tsquery('{config}'::regconfig, %s)", "plainto_tsquery('simple'::regconfig, %s)"]
    if code == "ar":
        # The stem of the word as it would be written with the definite article.
        forms.append(f"plainto_tsquery('{config}'::regconfig, 'ال' || %s)")
    return "(" + " || ".join(forms) + ")", len(forms)


def search(queryset, query, code):
    """`queryset` narrowed to articles matching every word of `query` in language `code`."""
    words = terms(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql" and code in TEXT_CONFIGS:
        # Each word is passed as a separate lexeme source, ANDed: the reader's punctuation
        # never reaches tsquery syntax.
        one_word, repeats = word_tsquery(code)
        tsquery = " && ".join([one_word] * len(words))
        params = [word for word in words for _repeat in range(repeats)]
        vector = searchable_sql(code, queryset.model._meta.db_table)
        # The SQL is built from constants only; the reader's words travel as bound parameters.
        condition = RawSQL(f"{vector} @@ ({tsquery})", params, output_field=BooleanField())  # noqa: S611
        return queryset.filter(condition)
    if connection.vendor == "sqlite":
        # Connections opened before connection_created was hooked up have no function yet.
        connection.ensure_connection()
        register_sqlite_function(None, connection)
    fields = [build_localized_fieldname(f, code) for f in ("title", "standfirst", "body")]
    parts = []
    for field in fields:
        parts += [Coalesce(field, Value("")), Value(" ")]
    haystack = Fold(Concat(*parts), output_field=TextField())
    queryset = queryset.alias(search_text=haystack)
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition)

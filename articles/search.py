"""Search across headline, standfirst and body, in one edition's language.

Readers type Arabic without hamza or tashkeel and English without accents, so text and query
are both *folded* before they are compared: alef forms -> ا, ة -> ه, ى -> ي, tashkeel and tatweel
removed, Latin case and accents dropped, HTML tags dropped.

The SQL function `newsroom_fold(text)` does this inside the database:
- on SQLite it is `fold()` below, registered on every new connection (`register_sqlite_function`,
  connected to `connection_created` in articles.apps), and a word matches anywhere inside a
  folded word, so "السعودية" finds "والسعودية";
- on PostgreSQL it is an IMMUTABLE SQL function created by migration 0004 (made faster, with
  the same results, by 0009: `fold_function_sql`). Migration 0006 adds
  `newsroom_arabic_text(text)` and builds one GIN index per language on `search_vector_sql()`;
  the query below repeats that exact expression so the planner uses the index.

Arabic on PostgreSQL: Snowball's stemmer must see the text *unfolded* (it strips the attached
و/ب of "وإسرائيل" only while the hamza tells it the alef is not part of the prefix), and it keeps
"والسعودية" and "فالمدرسة" whole, so `newsroom_arabic_text` appends a copy of the text with the
conjunction/preposition detached from a following article or alef. The copy is folded for the
'simple' vector as well, so both databases find a word with its attached prefixes.

The reader's words get the same treatment (`query_variants`), on both databases: a query word
written with its prefix ("والكويت") matches itself or its detached form ("الكويت"), so it finds a
text that has the word without the prefix.
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer
from django.db import connection
from django.db.models import BooleanField, Q, TextField
from django.db.models.expressions import Func, RawSQL, Value
from django.db.models.functions import Coalesce, Concat
from modeltranslation.utils import build_localized_fieldname

from editorial.languages import language_codes, localized

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
# Letters per translate() call in PostgreSQL's newsroom_fold (see fold_function_sql).
FOLD_GROUP_SIZE = 16


def fold(text):
    if not text:
        return ""
    # Accents before and after case: Python lowers "İ" to "i" plus a combining dot, which the map
    # would miss, and the Angstrom sign to "å", which it maps.
    text = TAGS.sub(" ", text).translate(FOLD_MAP).lower().translate(FOLD_MAP)
    return ARABIC_MARKS.sub("", text)


def unmark(text):
    """Text as Arabic's stemmer wants it: no tags, tashkeel or tatweel, but hamza and ة kept."""
    return ARABIC_MARKS.sub("", TAGS.sub(" ", text or ""))


def query_words(query):
    """(unfolded, folded) pairs for each word of a reader's query, at most MAX_TERMS."""
    # Folding maps one character to one character, so both spellings split into the same words.
    words = WORD.findall(unmark((query or "")[:MAX_QUERY_LENGTH]))[:MAX_TERMS]
    return [(word, folded) for word in words for folded in [fold(word)] if folded]


def terms(query):
    """The folded words of a reader's query; [] for an empty, punctuation-only or absurd query."""
    return [folded for _word, folded in query_words(query)]


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("newsroom_fold", 1, fold, deterministic=True)


class Fold(Func):
    function = "newsroom_fold"


TEXT_CONFIGS = {"ar": "arabic", "en": "english"}


def _joined_columns(code, table):
    prefix = f'"{table}".' if table else ""
    columns = [prefix + build_localized_fieldname(f, code) for f in ("title", "standfirst", "body")]
    return " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)


def searchable_sql(code, table=""):
    """The expression migration 0004 indexed (it imports this function): kept unchanged for it.

    Superseded by `search_vector_sql()` since migration 0006.
    """
    text = f"newsroom_fold({_joined_columns(code, table)})"
    return f"(to_tsvector('{TEXT_CONFIGS[code]}'::regconfig, {text}) || to_tsvector('simple'::regconfig, {text}))"


# A conjunction (و ف) and/or preposition (ب ك ل) attached to a following definite article or alef,
# at the start of an Arabic word. Detaching it gives an *extra* copy of the word: the original
# stays indexed, so a word that merely starts like this (ولادة) is still found as written.
ARABIC_PREFIX_PATTERN = "(^|[^ء-ي])([وف][بكل]?|[بكل])(ال|[أإآا])"


# The same rule for a reader's query word, whole word only. The stem left after the article or
# alef must have at least three letters: a query alternative widens the results, and detaching a
# short one would turn "والي" (governor) into "الي" (every إلى) or "بالغ" into "الغ" (الغاز).
ARABIC_QUERY_PREFIX = re.compile("^(?:[وف][بكل]?|[بكل])((?:ال|[أإآا])[ء-ي]{3,})$")


def query_variants(word):
    """The forms of one (unfolded) query word any of which may match: itself, and without an
    attached conjunction/preposition, so "والكويت" also finds "الكويت" as the text side does."""
    detached = ARABIC_QUERY_PREFIX.match(word)
    return [word, detached[1]] if detached else [word]


def fold_function_sql():
    """`newsroom_fold(t)` for PostgreSQL, as migration 0009 defines it: the same result as fold().

    translate() costs, per character of the text, a scan of its whole from-list: with all ~200
    accented Latin letters at once, 8 ms for a 4 KB body that has a single "ü", most of an
    article's insert time, since every insert computes the index expressions. So the map is
    applied in small groups, each only to a text that has one of its letters (a regex character
    class, one cheap lookup per character): most texts have no accented letter, Arabic ones no
    Latin at all. The groups' letters and results are disjoint, so applying them one after the
    other equals one translate().
    """
    latin = list(LATIN_PAIRS.items())
    groups = [dict(latin[i : i + FOLD_GROUP_SIZE]) for i in range(0, len(latin), FOLD_GROUP_SIZE)]
    groups.append(ARABIC_MAP)
    # Dollar-quoting keeps the character lists free of escaping concerns; none contains "$".
    # PL/pgSQL and a variable, not nested SQL subqueries: the planner would pull those up and
    # repeat each step's expression at every use, three times a step, 3^14 times in all.
    steps = "".join(
        f"IF s ~ $c$[{letters}]$c$ THEN s := translate(s, $f${letters}$f$, $t${folded}$t$); END IF; "
        for letters, folded in (("".join(group), "".join(group.values())) for group in groups)
    )
    return (
        "CREATE OR REPLACE FUNCTION newsroom_fold(t text) RETURNS text "
        "LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fold$ "
        "DECLARE s text := regexp_replace(regexp_replace(lower(t), '<[^>]*>', ' ', 'g'), "
        f"$m${ARABIC_MARKS_CLASS}$m$, '', 'g'); "
        f"BEGIN {steps}RETURN s; END $fold$"
    )


def arabic_text_function_sql():
    """`newsroom_arabic_text(t)`: t without tags and marks, then the same with prefixes detached."""
    return (
        "CREATE OR REPLACE FUNCTION newsroom_arabic_text(t text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $arabic$ "
        "SELECT c || ' ' || regexp_replace(c, $p$" + ARABIC_PREFIX_PATTERN + "$p$, '\\1\\3', 'g') "
        "FROM (SELECT regexp_replace(regexp_replace(t, '<[^>]*>', ' ', 'g'), "
        f"$m${ARABIC_MARKS_CLASS}$m$, '', 'g') AS c) AS cleaned "
        "$arabic$"
    )


def search_vector_sql(code, table=""):
    """The indexed expression on PostgreSQL; migrations 0006 and 0009 build the GIN indexes from it.

    The language's stemmed lexemes plus the folded plain words ('simple'): the stemmer does not
    always reduce a word with and without its article alike, the plain words catch that.
    """
    joined = _joined_columns(code, table)
    if code == "ar":
        text = f"newsroom_arabic_text({joined})"
        return f"(to_tsvector('arabic'::regconfig, {text}) || to_tsvector('simple'::regconfig, newsroom_fold({text})))"
    return searchable_sql(code, table)


# -- the stored search vectors (PostgreSQL) ----------------------------------------------------
#
# Each language's text is indexed as a stored tsvector column (search_<code>, GIN-indexed), filled
# from lexemes computed here in Python, not by expression indexes over the SQL fold: those cost
# 14.5 ms of the database per inserted article, and any plan that filters rather than reads the
# index recomputed them for every row (bench/README.md has the measurements). The query side
# (query_lexemes) uses the same functions, so the index and the reader's words always agree.

SNOWBALL = {"en": "english", "ar": "arabic"}
# Longer "words" are not words (URLs, junk); PostgreSQL refuses lexemes over 2 KB.
MAX_LEXEME = 80
# Text side: a conjunction/preposition attached to a definite article or alef is also indexed
# detached (the rule of ARABIC_PREFIX_PATTERN, on one word).
ARABIC_TEXT_PREFIX = re.compile("^(?:[وف][بكل]?|[بكل])((?:ال|[أإآا])[ء-ي]+)$")
# ts_rank's weights for D, C, B, A: a headline or standfirst word (A) counts ten times a body word (D).
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"


@lru_cache(maxsize=8)
def stemmer(code):
    return Stemmer.Stemmer(SNOWBALL[code])


def stem(word, code):
    """The folded Snowball stem of one word: English is stemmed folded (no accents), Arabic as
    written (its stemmer needs the hamza to tell a prefix from the word)."""
    return fold(stemmer(code).stemWord(fold(word) if code == "en" else word))


@lru_cache(maxsize=500_000)
def word_lexemes(word, code, detach=True):
    """The lexemes a word of a text (tags and marks removed, otherwise as written) is indexed
    under: the word folded, its stem and, for an Arabic word with an attached prefix, both again
    without the prefix (not for a reader's word: query_variants has a stricter rule for those)."""
    forms = [word]
    if code == "ar" and detach and (detached := ARABIC_TEXT_PREFIX.match(word)):
        forms.append(detached[1])
    if code == "en":
        # The stem alone: a reader's word is stemmed the same way, and the folded word would
        # double the vector for nothing.
        lexemes = {stem(word, code)}
    else:
        # Arabic's stemmer reads the word as written: its stem of a word typed without hamza may
        # differ, so the folded word is indexed too.
        lexemes = {lexeme for form in forms for lexeme in (fold(form), stem(form, code))}
    return frozenset(lexeme for lexeme in lexemes if 0 < len(lexeme) <= MAX_LEXEME)


def text_lexemes(text, code):
    """Every lexeme of a text (HTML allowed), as a set."""
    return set().union(*(word_lexemes(word, code) for word in WORD.findall(unmark(text))))


def vector_literal(head, body):
    """A tsvector in PostgreSQL's input syntax: each lexeme once, at position 1 with weight A when
    it is in the headline or standfirst, else at 2 (D). One position per lexeme, not one per
    occurrence: the vector stays about the size of the text's vocabulary, and ranking still tells
    a headline match from a mention in the body. None for no text."""
    if not head and not body:
        return None
    return " ".join([*map(_head_entry, head), *map(_body_entry, body - head)])


# WORD's matches hold no quote or backslash: nothing to escape. Cached: the generator writes the
# same few thousand lexemes millions of times.
@lru_cache(maxsize=200_000)
def _head_entry(lexeme):
    return f"'{lexeme}':1A"


@lru_cache(maxsize=200_000)
def _body_entry(lexeme):
    return f"'{lexeme}':2"


def article_vector(values, code):
    """The search_<code> value of an article whose column values (by attname) are `values`."""
    title, standfirst, body = (
        values.get(build_localized_fieldname(f, code)) or "" for f in ("title", "standfirst", "body")
    )
    return vector_literal(text_lexemes(title + " " + standfirst, code), text_lexemes(body, code))


def query_lexemes(query, code):
    """For each word of the reader's query, the lexemes any of which may match it."""
    words = []
    for word, _folded in query_words(query):
        variants = query_variants(word) if code == "ar" else [word]
        lexemes = set().union(*(word_lexemes(variant, code, detach=False) for variant in variants))
        if code == "ar":
            # The stem of the word as it would be written with the definite article.
            lexemes |= {stem("ال" + variant, code) for variant in variants}
        if lexemes:
            words.append(sorted(lexemes))
    return words


def tsquery_literal(words):
    """Every word must match, any of its lexemes: `('a' | 'b') & ('c')`. The lexemes are bound
    as one parameter, never parsed by to_tsquery: the reader's punctuation reaches no syntax."""
    return " & ".join("(" + " | ".join(f"'{lexeme}'" for lexeme in lexemes) + ")" for lexemes in words)


def vector_column(code):
    return build_localized_fieldname("search", code)


def admin_condition(model, term, extra=None):
    """The admin's search on PostgreSQL: every word in any language's vector, or an exact slug,
    or `extra` ((sql, params) of one more condition); each a condition an index serves (the GIN
    indexes, the slug's unique index), so that the database ORs bitmaps. None elsewhere."""
    term = (term or "").strip()[:MAX_QUERY_LENGTH]
    if connection.vendor != "postgresql" or not term:
        return None
    table = model._meta.db_table
    # Each language's slug column has its own unique index.
    parts = [f'"{table}"."{localized("slug", code)}" = %s' for code in language_codes()]
    params = [term] * len(parts)
    if extra:
        parts.append(extra[0])
        params += extra[1]
    for code in SNOWBALL:
        words = query_lexemes(term, code)
        if words:
            parts.append(f'"{table}"."{vector_column(code)}" @@ %s::tsquery')
            params.append(tsquery_literal(words))
    # Constants only in the SQL; the term and the lexemes are bound parameters.
    return RawSQL("(" + " OR ".join(parts) + ")", params, output_field=BooleanField())  # noqa: S611


def search(queryset, query, code):
    """`queryset` narrowed to articles matching every word of `query` in language `code`."""
    if connection.vendor == "postgresql" and code in SNOWBALL:
        words = query_lexemes(query, code)
        if not words:
            return queryset.none()
        column = f'"{queryset.model._meta.db_table}"."{vector_column(code)}"'
        # Constants only in the SQL; the lexemes travel as one bound parameter.
        condition = RawSQL(f"{column} @@ %s::tsquery", [tsquery_literal(words)], output_field=BooleanField())  # noqa: S611
        return queryset.filter(condition)
    return _search_folded(queryset, query, code)


def _search_folded(queryset, query, code):
    """SQLite (development): every folded form as a substring of the folded text, no index."""
    words = reader_words(query, code)
    if not words:
        return queryset.none()
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
    for forms in words:
        any_form = Q()
        for _word, folded in forms:
            any_form |= Q(search_text__contains=folded)
        condition &= any_form
    return queryset.filter(condition)


def reader_words(query, code):
    """For each word of the query, the (unfolded, folded) forms any of which may match."""
    words = []
    for word, _folded in query_words(query):
        variants = query_variants(word) if code == "ar" else [word]
        words.append([(variant, fold(variant)) for variant in variants])
    return words

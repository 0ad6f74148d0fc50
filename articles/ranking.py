"""Ranked search results: the newest matches of a query, read by index however large the archive,
ranked by relevance and recency (PostgreSQL), newest first elsewhere.

The SQL here is built from Django-compiled querysets and this module's constants; the reader's
words only ever travel as bound parameters (articles.search.tsquery_literal), hence the S608 noqa.
"""

import contextlib
import hashlib

from django.db import connection
from django.db.models import F

from articles.search import RANK_WEIGHTS, SNOWBALL, query_lexemes, search, tsquery_literal, vector_column
from editorial.invalidation import CacheUnavailable, cache_call

# At most this many matches are ranked and counted ("500 or more results" beyond): the newest
# 500 matches of a common word cost ~0.1 ms each to check and rank (vectors read from TOAST).
RESULT_CAP = 500
# A match published now gets this much on top of its relevance, half of it after RECENCY_DAYS.
RECENCY_BONUS = 0.1
RECENCY_DAYS = 30
# The ranked ids of a query are kept in the shared cache this long, under the versions of what they
# depend on (see RankedResults): a repeated query costs a read instead of a search. The recency
# bonus drifts by less than 0.001 in that time. Only as many entries can be made as searches can be
# run (tens a second, each a few KB).
REMEMBER_SECONDS = 300


class RankedResults:
    """A search's matches, best first, as a Paginator's object list.

    The candidates are the newest RESULT_CAP matches: read from the edition's date index for a
    common word (its first few hundred rows hold as many matches), from windows of the newest
    articles through the GIN index for the others (see _candidates_sql); the database chooses,
    from the vectors' statistics. They are ranked by relevance
    (ts_rank: headline and standfirst words weigh ten times body words) plus a bonus for recency;
    on SQLite, newest first. count() is the number of candidates, so a common word counts
    RESULT_CAP (`capped`: the page says "500 or more results") and nothing ever counts all the matches.
    One query for the ranked ids, one (with the listing's prefetches) for a page's articles.
    """

    def __init__(self, queryset, query, code, cap=RESULT_CAP, versions=None):
        """`versions`: the versions of everything the matches depend on (the whole site's, and the
        latest list's, which every article's change and every scheduled article coming due move
        on); with them, the ranked ids are remembered in the shared cache (REMEMBER_SECONDS). Only
        for one listing of an edition (the search page's): the key does not tell listings apart."""
        self.queryset, self.query, self.code, self.cap, self.versions = queryset, query, code, cap, versions
        self._ids = None

    @property
    def ids(self):
        if self._ids is None:
            self._ids = self._remembered_ids() if self.versions else self._ranked_ids()
        return self._ids

    @property
    def capped(self):
        return len(self.ids) >= self.cap

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index]
        found = {article.pk: article for article in self.queryset.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def _remembered_ids(self):
        raw = "|".join(map(str, [self.code, self.cap, self.versions, self.query]))
        key = "search:ids:" + hashlib.sha256(raw.encode()).hexdigest()
        try:
            found = cache_call("get", key)
        except CacheUnavailable:
            return self._ranked_ids()
        if isinstance(found, list):
            return found
        ids = self._ranked_ids()
        with contextlib.suppress(CacheUnavailable):
            cache_call("set", key, ids, REMEMBER_SECONDS)
        return ids

    def _ranked_ids(self):
        matches = search(self.queryset.select_related(None).prefetch_related(None), self.query, self.code)
        newest = matches.order_by("-publish_at", "-pk")
        if connection.vendor != "postgresql" or self.code not in SNOWBALL:
            return list(newest.values_list("pk", flat=True)[: self.cap])
        words = query_lexemes(self.query, self.code)
        if not words:
            return []
        sql, params = self._candidates_sql(matches, newest, words)
        table, column = self.queryset.model._meta.db_table, vector_column(self.code)
        # Only the candidates' vectors are read, to rank them.
        sql = (
            f'SELECT c.cid FROM ({sql}) AS c JOIN "{table}" AS a ON a.id = c.cid '
            f'ORDER BY ts_rank(%s::float4[], a."{column}", %s::tsquery) '
            "+ %s / (1 + extract(epoch FROM now() - c.cat) / %s) DESC, c.cat DESC, c.cid DESC"
        )
        params = [*params, RANK_WEIGHTS, tsquery_literal(words), RECENCY_BONUS, RECENCY_DAYS * 86_400]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _candidates_sql(self, matches, newest, words):
        """(sql, params): the newest `cap` matches as (cid, cat), read so that no part reads many
        more rows than `cap` divided by the words' share of the articles.

        One of two ways runs, chosen in the query from the vectors' statistics (one-time filters):
        - common words: the edition's date index walked newest first, each row's vector checked
          (the first ~cap / share rows hold `cap` matches);
        - the others: the matches among the newest ~cap / share articles of the edition (the GIN
          index's bitmap ANDed with the date index's, so that only matching rows are read); when
          those are fewer than `cap` (a word rarer than its estimate), what they found measures the
          word: the older matches are read either from a second window made to hold the rest, or
          from the GIN index alone (every older match), whichever that measure says reads less.
        Reading every match of a word in a few percent of a million articles to sort them by date
        is what this avoids (tens of thousands of rows, about a second).
        """
        table, column = self.queryset.model._meta.db_table, vector_column(self.code)
        columns = {"cid": F("pk"), "cat": F("publish_at")}  # named: the SQL below reads them by name
        walk_sql, walk_params = newest.values(**columns)[: self.cap].query.sql_with_params()
        all_sql, all_params = matches.order_by().values(**columns).query.sql_with_params()
        dates = self.queryset.select_related(None).prefetch_related(None).order_by("-publish_at", "-pk")
        dates_sql, dates_params = dates.values(cat=F("publish_at")).query.sql_with_params()
        share, share_params = words_share_sql(table, column, words)
        rare = "(SELECT share FROM s) < %s"
        found = "(SELECT count(*) FROM part0)"
        # A window's oldest date: OFFSET into the edition's date index (an index-only scan).
        cut = f"coalesce((SELECT d.cat FROM ({dates_sql}) AS d OFFSET (SELECT size FROM {{}}) LIMIT 1), '-infinity')"
        ctes = [
            f"s AS MATERIALIZED (SELECT ({share}) AS share)",
            "w0 AS MATERIALIZED (SELECT least(ceil(%s / greatest(share, 1e-9)), 2e9)::bigint AS size FROM s)",
            f"cut0 AS MATERIALIZED (SELECT {cut.format('w0')} AS at)",
            f"part0 AS MATERIALIZED (SELECT m.cid, m.cat FROM ({all_sql}) AS m WHERE {rare} "
            "AND m.cat >= (SELECT at FROM cut0) ORDER BY m.cat DESC, m.cid DESC LIMIT %s)",
            # A second window only where it reads fewer index entries than HEAP_ROW_COST times the
            # older matches the first window's share foretells (each read from the table).
            f"w1 AS MATERIALIZED (SELECT CASE WHEN {found} > 0 AND %s * w0.size * w0.size "
            f"< %s * {found} * {found} * (SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = %s::regclass) "
            f"THEN least(ceil(%s * w0.size / {found}), 2e9)::bigint END AS size FROM w0)",
            "cut1 AS MATERIALIZED (SELECT CASE WHEN (SELECT size FROM w1) IS NOT NULL "
            f"THEN {cut.format('w1')} END AS at)",
            f"part1 AS MATERIALIZED (SELECT m.cid, m.cat FROM ({all_sql}) AS m WHERE {rare} AND {found} < %s "
            "AND m.cat >= (SELECT at FROM cut1) AND m.cat < (SELECT at FROM cut0) "
            "ORDER BY m.cat DESC, m.cid DESC LIMIT %s)",
        ]
        window = WINDOW_MARGIN * self.cap
        params = [*share_params, window, *dates_params, *all_params, COMMON_SHARE, self.cap]
        params += [window, HEAP_ROW_COST, table, window, *dates_params, *all_params, COMMON_SHARE, self.cap, self.cap]
        parts = [
            f"SELECT w.cid, w.cat FROM ({walk_sql}) AS w WHERE (SELECT share FROM s) >= %s",
            "SELECT cid, cat FROM part0",
            "SELECT cid, cat FROM part1",
            # OFFSET 0: planned on its own, from the GIN index (never a walk of the whole date index).
            f"(SELECT o.cid, o.cat FROM ({all_sql} OFFSET 0) AS o WHERE {rare} "
            f"AND {found} + (SELECT count(*) FROM part1) < %s "
            "AND o.cat < coalesce((SELECT at FROM cut1), (SELECT at FROM cut0)) "
            "ORDER BY o.cat DESC, o.cid DESC LIMIT %s)",
        ]
        params += [*walk_params, COMMON_SHARE, *all_params, COMMON_SHARE, self.cap, self.cap]
        sql = f"WITH {', '.join(ctes)} SELECT u.cid, u.cat FROM ({' UNION ALL '.join(parts)}) AS u "
        return sql + "ORDER BY u.cat DESC, u.cid DESC LIMIT %s", [*params, self.cap]


# The first window of the newest articles searched holds cap / share articles times this, so that an
# estimate a little high still finds `cap` matches in it; so does the second, by the first's share.
WINDOW_MARGIN = 1.25
# What reading one matching row from the table costs, in index entries read by a window (measured at
# 1,000,000 articles: ~0.75 microseconds an entry for the date index's bitmap and the OFFSET, 5-10
# a row read from the table; a word in 0.5 % of the articles took 116 ms with 25 here, 41 with 10).
HEAP_ROW_COST = 10


# Walk the date index when the query's words are in at least this share of the articles (by the
# column's statistics): the walk then reads about cap / share rows, checking each row's vector.
COMMON_SHARE = 0.2


def words_share_sql(table, column, words):
    """(sql, params): the estimated share of the articles holding every word of the query, from
    pg_stats (ANALYZE's most common lexemes and their frequencies): the product of each word's
    most frequent form's share. A form not among them is rarer than the least common of them
    (most_common_elem_freqs holds that minimum after the lexemes' own frequencies); with no
    statistics at all (never ANALYZEd) a word counts as rare."""
    # A tsvector's most_common_elem_freqs ends with the minimum and the maximum (no null share, as
    # arrays have): the minimum is the next to last.
    stats = (
        "SELECT greatest((SELECT max(e.freq) FROM unnest(s.most_common_elems::text::text[], "
        "s.most_common_elem_freqs) AS e (lexeme, freq) WHERE e.lexeme = ANY(%s)), "
        "s.most_common_elem_freqs[array_length(s.most_common_elem_freqs, 1) - 1]) "
        "FROM pg_stats s WHERE s.tablename = %s AND s.attname = %s"
    )
    shares = " * ".join(f"coalesce(({stats}), 0)" for _lexemes in words)
    return shares, [value for lexemes in words for value in (list(lexemes), table, column)]

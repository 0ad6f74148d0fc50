"""A large load's secondary indexes: dropped for it, built again after it (PostgreSQL).

Maintaining an index row by row costs more than building it once from the finished table: the
search GIN indexes most (~10 ms of one core per article when they were expressions, 0.36 ms at
10,000 articles and ~0.47 ms at 100,000 now),
then the ~20 b-trees of articles, bylines and tag links (~0.1 ms per article in all, measured on a
load of 10,000). Unique and primary-key indexes stay: they guard the slugs and the links while
the rows go in.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connections

from articles.models import Article
from articles.search import vector_column

from .postgres import MODELS, TABLES

# The full-text GIN indexes of migrations 0006/0009 (not declared on the model).
SEARCH_INDEXES = {code: f"article_search_{code}_gin" for code in ("en", "ar")}
# Per build, two at once. The English GIN index of 100,000 articles took the same CPU with 64 MB,
# 256 MB and 1 GB (14-17 s, noisy; again 13.0, 11.0 and 11.2 s), the Arabic one 27.9 s with 256 MB
# and 28.5 s with 1.5 GB: more buys nothing. The time is the accumulator's tree (a comparison
# through the operator class per lexeme and level), not its flushes.
BUILD_MEMORY = "256MB"
# The columns pages filter and sort on, and the search vectors (articles.ranking reads their most
# common lexemes); not the long text, which nothing filters on: at 100,000 articles 3.4 s of CPU
# (0.8 s without the vectors, 4.9 s the whole table).
UNANALYZED_PREFIXES = ("body", "standfirst")


def secondary_indexes(connection):
    """{name: CREATE INDEX statement} of the load's tables' indexes that are neither unique nor
    primary keys: those the database has, and those the models and migrations declare even when
    missing (a load killed before it built them again)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary"
            # An index behind a constraint (an exclusion) cannot be dropped alone.
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid)",
            [TABLES],
        )
        found = dict(cursor.fetchall())
    search = {
        index: f"CREATE INDEX {index} ON {Article._meta.db_table} USING gin ({vector_column(code)})"
        for code, index in SEARCH_INDEXES.items()
    }
    # The statements migrate would run for the fields' and Meta's indexes (Django's own, private).
    with connection.schema_editor(collect_sql=True) as editor:
        statements = [str(sql) for model in MODELS for sql in editor._model_indexes_sql(model)]
    declared = {match[1]: sql for sql in statements if (match := INDEX_NAME.match(sql))}
    # The search indexes first: the longest builds start first.
    return {**search, **declared, **found}


INDEX_NAME = re.compile(r'CREATE INDEX "?([^"\s]+)"?')


@contextmanager
def indexes_dropped(using, timing, alongside=()):
    """Drops the secondary indexes for the load and builds them again after it, also on error.

    The builds run two at a time on connections of their own, so that both cores work; then
    `alongside` (functions of a connection), on the core the Arabic index leaves free: the
    longest build, ~28 s of one core at 100,000 articles, ~15 s more than all the others.
    """
    statements = secondary_indexes(connections[using])
    with connections[using].cursor() as cursor:
        for index in statements:
            cursor.execute(f"DROP INDEX IF EXISTS {index}")
    try:
        yield
    finally:
        started = time.perf_counter()
        # The load's last transaction is committed: the other connections see its rows.
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [pool.submit(_on_own_connection, using, _build_index, sql) for sql in statements.values()]
            # Reading the tables waits for no build: CREATE INDEX lets readers in.
            jobs += [pool.submit(_on_own_connection, using, function) for function in alongside]
            for future in jobs:
                future.result()
        timing["rebuild"] = time.perf_counter() - started


def _build_index(connection, statement):
    with connection.cursor() as cursor:
        cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
        cursor.execute(statement.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))


def _on_own_connection(using, function, *args):
    # A thread has connections of its own (Django's are per thread): closed when done.
    try:
        return function(connections[using], *args)
    finally:
        connections[using].close()


def analyze(using, links=True):
    """Fresh planner statistics for the loaded tables (PostgreSQL): without them the public pages'
    plans were bad ones (bench/README.md), and search took every word for a rare one. `links`:
    the bylines' and tag links' too (analyze_links, which may have run alongside the builds)."""
    columns = [
        field.column for field in Article._meta.concrete_fields if not field.column.startswith(UNANALYZED_PREFIXES)
    ]
    with connections[using].cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table} ({', '.join(columns)})")
    if links:
        analyze_links(connections[using])


def analyze_links(connection):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(TABLES[1:])}")

"""PostgreSQL's statement_timeout for the queries of anonymous public pages, set once per connection.

A public page's queries run under NEWSROOM_STATEMENT_TIMEOUT_MS, so that a runaway query answers
503 in seconds instead of holding a worker. Setting it for each render took three round trips
(BEGIN, SET LOCAL, COMMIT) on a page of four queries. Instead the limit is set on the connection,
for the session, before the first query a public page sends on it, and stays: the next public
pages on that connection pay nothing. Everything else (the admin, logged-in users' pages,
commands) is not limited: a query outside a public page on a limited connection lifts the limit
first (one round trip, when a worker goes from a public page to an editor's request).

What the connection's session holds is remembered only when it cannot be undone: a setting made
in autocommit mode. Inside a transaction (a test's, or any atomic block) a public page's limit is
SET LOCAL, as before, and a lift is local too: neither outlives the transaction, and neither is
remembered, so a rolled-back transaction can never leave a public page unlimited (the price: a
transaction that is not a public page's, on a limited connection, lifts it before each query).
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# The session's value, remembered on the driver's connection itself: a new connection starts
# unlimited, and the value goes wherever that connection goes (a pool's next borrower included).
SESSION = "newsroom_statement_timeout"
# On Django's connection while a public page's queries run: (milliseconds, whether it is set for
# the transaction already).
PUBLIC = "newsroom_public_queries"


def _session_limit(db):
    return getattr(db.connection, SESSION, 0)


def _set(db, milliseconds):
    """Sets the limit: for the session in autocommit mode (remembered), else for the transaction."""
    local = not db.get_autocommit()
    # On the driver's own cursor: a setting of the connection, not one of the page's queries.
    with db.connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, %s)", [f"{int(milliseconds)}ms", local])
    if not local:
        setattr(db.connection, SESSION, milliseconds)


@contextmanager
def public_queries():
    """The queries run inside are a public page's: PostgreSQL cancels any of them that runs past
    NEWSROOM_STATEMENT_TIMEOUT_MS (the cancelled query's DatabaseError answers 503). Nothing is
    sent until a query is (a cache hit needs no database at all)."""
    milliseconds = int(getattr(settings, "NEWSROOM_STATEMENT_TIMEOUT_MS", 0) or 0)
    # The thread's connection itself, looked up once: every lookup through the proxy costs one of
    # asgiref's thread-local reads, and a cache hit passes here too.
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql" or not milliseconds or getattr(db, PUBLIC, None):
        yield
        return
    in_transaction = db.in_atomic_block
    if in_transaction:
        # A test's transaction: the limit lasts until that one ends, as a SET LOCAL does.
        db.ensure_connection()
        _set(db, milliseconds)
    setattr(db, PUBLIC, (milliseconds, in_transaction))
    try:
        yield
    finally:
        setattr(db, PUBLIC, None)


def limit_public_pages(execute, sql, params, many, context):
    """An execute wrapper (installed on every PostgreSQL connection): before a public page's query,
    the connection is limited unless it is already; before any other query, unlimited."""
    db = context["connection"]
    public = getattr(db, PUBLIC, None)
    if public is None:
        if _session_limit(db):
            _set(db, 0)
    elif not public[1] and _session_limit(db) != public[0]:
        _set(db, public[0])
    return execute(sql, params, many, context)


def install(sender, connection, **kwargs):
    """connection_created: the wrapper goes first in the list, so that a temporary execute_wrapper()
    (which removes the last one when it ends) never removes this one."""
    if connection.vendor == "postgresql" and limit_public_pages not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, limit_public_pages)

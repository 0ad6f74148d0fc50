"""The *state* every public page shares: the section menu and the next scheduled articles, read
in ONE query, stored in the cache under the versions of the whole site and of the schedule, and
kept in each process's memory under those versions (so a cache hit reads it with no round trip).

Scheduled articles come due without any write: the first request after that time moves on the
keys the article's pages depend on (remembered when it was saved, see articles.dependencies).
"""

import logging
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from editorial.invalidation import SITE, bump, cache_call, page_timeout
from editorial.languages import localized_names
from taxonomy.models import Section, menu_columns

from .dependencies import SCHEDULE, due_keys
from .models import Article
from .prepared import Prepared

logger = logging.getLogger(__name__)

STATE_KEY = "public:state:{site}:{schedule}"
DONE_KEY = "public:due-done:{}:{}"
# How many upcoming scheduled articles the state keeps: when one comes due, the state is the same
# minus that one, with no query.
UPCOMING = 20
# States kept in this process's memory (one per version pair; old ones are never read again).
MEMORY = 64
_memory = {}
# The state's two queries, compiled once per set of languages (articles.prepared).
MENU = Prepared(lambda columns: Section.objects.order_by().values_list("pk", *columns))
UPCOMING_TIMES = Prepared(lambda shape, at: Article.objects.upcoming_times(at, UPCOMING))


def read_state(now=None):
    """The shared state, in one query: the next scheduled articles and the sections.

    {"due": [[ISO time, article id], soonest first], "complete": whether that is every scheduled
    article, "sections": [{"pk", "slug", "name_<code>" for each language}, in menu order]}.
    """
    menu = MENU.compiled(tuple(menu_columns()))
    sections, due = _in_one_query(menu, UPCOMING_TIMES.compiled(None, now or timezone.now()))
    due = sorted((_as_datetime(row["publish_at"]), row["pk"]) for row in due)
    sections.sort(key=lambda section: (section.pop("position"), section["slug"]))
    for section in sections:
        section.update({name: section[name] or "" for name in localized_names("name")})
    return {
        "due": [[when.isoformat(), pk] for when, pk in due],
        "complete": len(due) < UPCOMING,
        "sections": sections,
    }


def _in_one_query(rows, pairs):
    """([row as a dict], [pair as a dict]) of a values_list() query and of a two-column one (its
    second column never NULL), each given as (query, sql, params), in one round trip: the two ORM
    queries as derived tables of a UNION, each padded with NULLs to the other's width. The rows'
    names come back from the database, the pairs' from their query (modeltranslation may reorder
    the columns of a values_list())."""
    rows_query, rows_sql, rows_params = rows
    pairs_query, pairs_sql, pairs_params = pairs
    width = len(rows_query.values_select) + len(rows_query.annotation_select)
    padding = ", ".join(["NULL"] * width)
    # Only the ORM's own SQL is put together here; values travel as parameters.
    sql = (
        f"SELECT rows_part.*, NULL, NULL FROM ({rows_sql}) AS rows_part "  # noqa: S608
        f"UNION ALL SELECT {padding}, pairs_part.* FROM ({pairs_sql}) AS pairs_part"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*rows_params, *pairs_params))
        names = [column[0] for column in cursor.description][:-2]
        found = cursor.fetchall()
    rows = [dict(zip(names, row[:-2], strict=True)) for row in found if row[-1] is None]
    pair_names = [*pairs_query.values_select, *pairs_query.annotation_select]
    return rows, [dict(zip(pair_names, row[-2:], strict=True)) for row in found if row[-1] is not None]


def _as_datetime(value):
    # SQLite hands back the stored UTC time naive (or as text), PostgreSQL an aware datetime.
    parsed = value if isinstance(value, datetime) else parse_datetime(str(value))
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def state_due(state):
    """When the next scheduled article comes due in this state (None: nothing scheduled)."""
    return datetime.fromisoformat(state["due"][0][0]) if state.get("due") else None


def _after(state, now):
    """The state once the articles due by `now` have come due, or None if it must be read again."""
    remaining = [entry for entry in state["due"] if datetime.fromisoformat(entry[0]) > now]
    if not remaining and not state["complete"]:
        return None
    return {**state, "due": remaining}


def state_for(versions):
    """The state of these (site, schedule) versions: from memory, else the cache, else the database."""
    key = STATE_KEY.format(site=versions[SITE], schedule=versions[SCHEDULE])
    state = _memory.get(key)
    if state is None:
        state = cache_call("get", key)
        if state is None:
            state = read_state()
            cache_call("set", key, state, page_timeout())
        if len(_memory) >= MEMORY:
            _memory.clear()
        _memory[key] = state
    return key, state


def come_due(key, state, now):
    """Moves on the pages of the articles that have come due; returns the state that follows."""
    due = [entry for entry in state["due"] if datetime.fromisoformat(entry[0]) <= now]
    if not due:
        return state
    # Each process sees it; the first one moves the keys on.
    fresh = [pk for at, pk in due if cache_call("add", DONE_KEY.format(pk, at), 1, page_timeout())]
    following = _after(state, now)
    if fresh:
        # Not the schedule's key unless the state must be read again: the state that follows is known.
        bump(*(due_keys(fresh) - {SCHEDULE}), *([SCHEDULE] if following is None else []))
    elif following is None:
        bump(SCHEDULE)
    if following is not None:
        _memory[key] = following
        cache_call("set", key, following, page_timeout())
    return following if following is not None else read_state()

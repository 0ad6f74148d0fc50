"""Who else has an article's change form open: each open form says so every 30 seconds (a
heartbeat), and whoever has not for a while is taken as gone. Kept in the cache only: losing
it loses nothing but the notice."""

from django.core.cache import cache
from django.utils import timezone
from django.utils.dateparse import parse_datetime

# A form that has missed two heartbeats (30 s apart) is taken as closed.
PRESENT_FOR = 75


def _key(article_pk):
    return f"articles:presence:{article_pk}"


def _fresh(entries, now):
    return {
        user_id: entry
        for user_id, entry in (entries or {}).items()
        if (seen := parse_datetime(entry.get("seen", ""))) is not None and (now - seen).total_seconds() < PRESENT_FOR
    }


def record_presence(article_pk, user, now=None):
    """`user` has the article's form open now; returns since when (their first heartbeat still fresh).

    A read and a write of one key: two heartbeats at the same moment may lose one of them, which
    the next heartbeat, 30 seconds on, puts back.
    """
    now = now or timezone.now()
    entries = _fresh(cache.get(_key(article_pk)), now)
    entry = entries.get(str(user.pk)) or {"since": now.isoformat()}
    entry.update({"seen": now.isoformat(), "name": user.get_full_name() or user.get_username()})
    entries[str(user.pk)] = entry
    cache.set(_key(article_pk), entries, PRESENT_FOR)
    return parse_datetime(entry["since"])


def leave(article_pk, user):
    """`user` closed the form (or left the page): others stop seeing them at once."""
    entries = cache.get(_key(article_pk)) or {}
    if entries.pop(str(user.pk), None) is not None:
        cache.set(_key(article_pk), entries, PRESENT_FOR)


def others_present(article_pk, user, now=None):
    """[(name, since)] of the other users with the form open, longest-present first."""
    now = now or timezone.now()
    entries = _fresh(cache.get(_key(article_pk)), now)
    others = [
        (entry["name"], parse_datetime(entry["since"])) for user_id, entry in entries.items() if user_id != str(user.pk)
    ]
    return sorted(others, key=lambda other: other[1])

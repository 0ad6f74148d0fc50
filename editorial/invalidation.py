"""Invalidation of the public page cache by *dependency*: every cached page records the keys of
what it shows ("article-12", "section-3", "list-latest", ... and "site", which every page shows)
with their versions when it was rendered; a change moves on the versions of the keys it touches,
so only the pages showing those things are rendered afresh, not the whole site.

A version is the time of the change in microseconds times 1,000 plus a random number under 1,000:
unique, and it tells when the page holding an older one became stale (the page cache serves it
for a few seconds more while one request renders the new one). Versions are kept in the shared
cache (Redis in production) without expiry; a version that is missing (evicted, flushed) counts
as changed.

Each app registers the models whose changes invalidate pages in its AppConfig.ready(), with
`invalidate_pages_on()` (everything, "site") or its own receivers calling `changed()`; writes that
bypass signals (QuerySet.update, bulk_create, raw SQL: e.g. the importer) call `content_changed()`.

The cache is an optimisation, never a dependency: when it fails in any way (server down, a
mistyped REDIS_URL, a backend error), saves still succeed (logged), so an editor never loses work
to a cache outage. An invalidation that fails is not forgotten: the process remembers its keys
and moves them on at its next successful contact with the cache (its next public page, save or
/healthz probe). The memory is per process: if a process whose bump failed exits before the cache
comes back, pages stored before the change may be served for up to CACHE_TIMEOUT seconds.
"""

import logging
import random
import threading
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.connection import ConnectionProxy
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

VERSION_KEY = "public:v:{}"
# What every page shows (the section menu, names of sections, tags and authors): moving it on
# renders the whole site afresh. Bulk writes and renames do.
SITE = "site"
# More keys than this left to retry after an outage: the whole site is moved on instead.
MAX_MISSED = 1_000


class CacheUnavailable(Exception):
    """The cache backend failed (e.g. Redis is down or misconfigured): serve uncached."""


def cache_call(method, *args, **kwargs):
    """`cache.<method>(...)`, every failure raised as CacheUnavailable: the one door to the shared cache."""
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception as error:
        # Any failure, ValueError included (a mistyped port in REDIS_URL raises one on every call).
        raise CacheUnavailable(f"{type(error).__name__}: {error}") from error


def read_many(names):
    """cache_call("get_many", names), cheaper on Redis: the page cache's hit is this one call.

    Django's RedisCache builds a redis.Redis client for every call and checks every key for
    memcached's sake; redis-py wraps each command in retries, pool bookkeeping and hooks. Here one
    connection of the backend's pool is kept for these reads (per thread, as Django's backends are;
    kept on the backend, so that a new CACHES, a test's or a deploy's, gets its own), our own keys
    are not checked, and a connection found broken (its server restarted) is retried once.
    Other backends (locmem, a replacement in a test) get the plain call.
    """
    backend = caches["default"] if isinstance(cache, ConnectionProxy) else None
    if not isinstance(backend, RedisCache) or len(backend._servers) != 1:
        return cache_call("get_many", names)
    keys = [backend.make_key(name) for name in names]
    try:
        pool, connection, serializer = backend.__dict__.get("_newsroom_reader") or _reader(backend)
        try:
            connection.send_command("MGET", *keys)
            found = connection.read_response()
        except (RedisConnectionError, RedisTimeoutError):
            # Half a reply may be left on it: a new socket, once.
            connection.disconnect()
            connection.send_command("MGET", *keys)
            found = connection.read_response()
        return {name: serializer.loads(value) for name, value in zip(names, found, strict=True) if value is not None}
    except Exception as error:
        if reader := backend.__dict__.pop("_newsroom_reader", None):
            reader[1].disconnect()
            reader[0].release(reader[1])
        raise CacheUnavailable(f"{type(error).__name__}: {error}") from error


def _reader(backend):
    # Private parts of Django's backend (its pool and serializer): tests/test_cache_hits.py checks
    # that read_many() reads what cache.get_many() does. The connection stays out of the pool.
    client = backend._cache
    pool = client._get_connection_pool(False)
    reader = (pool, pool.get_connection(), client._serializer)
    backend.__dict__["_newsroom_reader"] = reader
    return reader


def version_key(key):
    return VERSION_KEY.format(key)


def new_version():
    return time.time_ns() // 1_000 * 1_000 + random.randrange(1_000)  # noqa: S311 -- a tie-breaker, not a secret


def version_time(version):
    """The moment (seconds since the epoch) a version was made."""
    return version // 1_000 / 1_000_000


def current_version(key):
    """The version of `key`, made if missing; None when the backend keeps nothing (dummy://)."""
    name = version_key(key)
    version = cache_call("get", name)
    if version is None:
        cache_call("add", name, new_version(), None)
        version = cache_call("get", name)
    return version


def current_generation():
    """The version of what every page shows (kept under its old name for callers and probes)."""
    return current_version(SITE)


_missed = set()
_missed_lock = threading.Lock()
# How many changes this process has announced (or tried to): pages it keeps in its own memory
# (newsroom.pagecache) are not served past one.
_announced = [0]


def announced():
    return _announced[0]


def bump(*keys):
    """Moves the versions of `keys` on, in one round trip; raises CacheUnavailable (remembering
    the keys, to move them on at the next successful contact) when the cache fails."""
    with _missed_lock:
        keys = {*keys, *_missed}
        _missed.clear()
        _announced[0] += 1
    try:
        cache_call("set_many", {version_key(key): new_version() for key in keys}, None)
    except CacheUnavailable:
        with _missed_lock:
            _missed.update(keys if len(keys) + len(_missed) <= MAX_MISSED else {SITE})
        raise
    return keys


def bump_quietly(keys):
    """bump() that never raises: it runs inside editors' saves. A failure is logged and retried."""
    try:
        bump(*keys)
    except CacheUnavailable:
        logger.error(
            "The page cache is unavailable: public pages could not be invalidated now; this will be "
            "retried once the cache answers again.",
            exc_info=True,
        )


def bump_generation(**kwargs):
    """Moves the whole site on (a write behind the signals' back, a rename shown on every page)."""
    bump_quietly([SITE])


def missed_invalidation():
    return bool(_missed)


def forget_missed_invalidation():
    with _missed_lock:
        _missed.clear()


def retry_missed_invalidation():
    """Moves on what this process failed to earlier; raises CacheUnavailable if the cache still fails."""
    if _missed:
        bump()
        logger.warning("The page cache is back: a missed invalidation was applied.")


def changed(keys, using=None):
    """What pages with `keys` show has changed.

    Moved on now, so this process never serves what it just changed, and again when the
    transaction commits, so a page another process rendered from the not-yet-committed data is not kept.
    """
    keys = sorted(set(keys))
    if not keys:
        return
    bump_quietly(keys)
    transaction.on_commit(lambda: bump_quietly(keys), using=using)


def content_changed(using=None, **kwargs):
    """Anything may have changed (a bulk write that sent no signals): the whole site."""
    changed([SITE], using=using)


def page_timeout():
    return settings.CACHES["default"].get("TIMEOUT", 600) or 600


def everything(instance, created):
    return [SITE]


def renamed(instance, created):
    """For names shown on many pages (a tag's, an author's): a new one shows nothing yet, a change
    shows wherever it is."""
    return [] if created else [SITE]


def invalidate_pages_on(*models, keys=everything):
    """Every save or delete of these models moves on `keys(instance, created)` (by default the
    whole site: for things every page may show, such as section, tag and author names)."""
    for model in models:
        label = model._meta.label_lower

        def saved(sender, instance, created=False, using=None, **kwargs):
            changed(keys(instance, created), using=using)

        def deleted(sender, instance, using=None, **kwargs):
            changed(keys(instance, False), using=using)

        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"public-cache-save-{label}")
        post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"public-cache-delete-{label}")

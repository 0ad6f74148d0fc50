"""Invalidation of the public page cache: a *generation* counter in the shared cache (Redis in
production) that pages are stored under, moved on by any change to what pages show.

Each app registers the models whose changes invalidate pages, in its AppConfig.ready(), with
`invalidate_pages_on()`; writes that bypass signals (QuerySet.update, bulk_create, raw SQL: e.g.
the importer) call `content_changed()` themselves.

The cache is an optimisation, never a dependency: when it fails in any way (server down, a
mistyped REDIS_URL, a backend error), saves still succeed (logged), so an editor never loses work
to a cache outage. An invalidation that fails is not forgotten: the process remembers it and bumps
the generation at its next successful contact with the cache (its next public page, save or
/healthz probe). The memory is per process: if a process whose bump failed exits before the cache
comes back, pages stored before the change may be served for up to CACHE_TIMEOUT seconds.
"""

import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "public:generation"


class CacheUnavailable(Exception):
    """The cache backend failed (e.g. Redis is down or misconfigured): serve uncached."""


def cache_call(method, *args, **kwargs):
    """`cache.<method>(...)`, every failure raised as CacheUnavailable: the one door to the shared cache."""
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception as error:
        # Any failure, ValueError included (a mistyped port in REDIS_URL raises one on every call).
        raise CacheUnavailable(f"{type(error).__name__}: {error}") from error


def current_generation():
    """The generation pages are stored under; None when the backend keeps nothing (dummy://)."""
    generation = cache_call("get", GENERATION_KEY)
    if generation is None:
        # A fresh, flushed or evicted counter restarts from the clock in microseconds, so it
        # lands past every generation pages may still be stored under.
        cache_call("add", GENERATION_KEY, int(timezone.now().timestamp() * 1_000_000), None)
        generation = cache_call("get", GENERATION_KEY)
    return generation


# Set when this process failed to bump the generation; see the module docstring.
_missed_invalidation = threading.Event()


def bump():
    """Moves the generation on, raising CacheUnavailable (and remembering the miss) when the cache fails."""
    # Cleared first: a bump that succeeds from here on also covers any change made before it.
    _missed_invalidation.clear()
    try:
        try:
            return cache.incr(GENERATION_KEY)
        except ValueError as error:
            # incr() of a missing key raises ValueError, but so does a misconfigured backend on
            # every call: only a cache that answers a read is merely missing the key.
            cache_call("get", GENERATION_KEY)
            logger.debug("The generation counter was missing (%s): recreating it.", error)
            # Recreated from the clock, it is already past every generation pages were stored under.
            return current_generation()
        except Exception as error:
            raise CacheUnavailable(f"{type(error).__name__}: {error}") from error
    except CacheUnavailable:
        _missed_invalidation.set()
        raise


def bump_generation(**kwargs):
    """Moves every process to a new generation, returned (None if unknown).

    Never raises: it runs inside editors' saves. A failure is remembered and retried at the next
    successful contact with the cache.
    """
    try:
        return bump()
    except CacheUnavailable:
        logger.error(
            "The page cache is unavailable: public pages could not be invalidated now; this will be "
            "retried once the cache answers again.",
            exc_info=True,
        )
    return None


def retry_missed_invalidation():
    """Bumps the generation if this process failed to earlier; raises CacheUnavailable if it still fails."""
    if _missed_invalidation.is_set():
        bump()
        logger.warning("The page cache is back: a missed invalidation was applied.")


def content_changed(using=None, **kwargs):
    """Signal receiver: what pages show has changed.

    Bumped now, so this process never serves what it just changed, and again when the transaction
    commits, so a page another process rendered from the not-yet-committed data is not kept.
    """
    bump_generation()
    transaction.on_commit(bump_generation, using=using)




def page_timeout():
    return settings.CACHES["default"].get("TIMEOUT", 600) or 600


def invalidate_pages_on(*models):
    """Every save or delete of these models, and every change of their many-to-many rows when one
    is a through model, moves the generation on: pages showing them are rendered afresh."""
    for model in models:
        label = model._meta.label_lower
        post_save.connect(content_changed, sender=model, dispatch_uid=f"public-cache-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"public-cache-delete-{label}")
        m2m_changed.connect(content_changed, sender=model, dispatch_uid=f"public-cache-m2m-{label}")

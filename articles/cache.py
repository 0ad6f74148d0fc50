"""The anonymous page cache of the public site, and its invalidation.

A cached page is stored under a key that contains the current *generation*, a counter kept in
the shared cache (Redis in production), so bumping it makes every process miss at once. It is
bumped by `post_save`/`post_delete`/`m2m_changed` receivers on everything a page shows (Article,
Byline, Author, Section, Tag, TaggedArticle), connected by `connect_signals()`, which
articles.apps calls when the app registry is ready (web processes, commands and tests alike).

What every page of a generation shares is its *state*, read in ONE query and stored once per
generation: when the next scheduled article comes due (scheduled articles come due without any
write: the first request after that time bumps the generation) and the section menu. Pages hold
their own queries to three, so a page costs at most four queries even with an empty cache.
Writes that bypass signals (QuerySet.update, bulk_create, raw SQL: e.g. the importer) must call
`bump_generation()` themselves once committed.

The cache is an optimisation, never a dependency: when it fails in any way (server down, a
mistyped REDIS_URL, a backend error), pages are rendered uncached and saves still succeed (both
logged), so an editor never loses work to a cache outage.

An invalidation that fails (Redis down during a save) is not forgotten: the process remembers it
and bumps the generation at its next successful contact with the cache (its next public page,
save or /healthz probe, which load balancers send every few seconds). Because the generation lives
in the shared cache, that one bump moves every process off the pages stored before the change;
a process that did reach the cache bumped it then, so only processes that failed have anything to
retry, and each retries itself. The memory is per process: if a process whose bump failed exits
(a restart, a deploy, a crash) before the cache comes back, nothing retries its invalidation and
pages stored before the change may be served for up to CACHE_TIMEOUT seconds.
"""

import hashlib
import logging
import re
import threading
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "public:generation"
STATE_KEY = "public:state:{generation}"
PAGE_KEY = "public:page:{generation}:{digest}"
# Seconds a reverse proxy or browser may reuse an anonymous page without asking again: short,
# because invalidation reaches our cache but not theirs.
PUBLIC_MAX_AGE = 60


class CacheUnavailable(Exception):
    """The cache backend failed (e.g. Redis is down or misconfigured): serve uncached."""


def _cache(method, *args, **kwargs):
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception as error:
        # Any failure, ValueError included (a mistyped port in REDIS_URL raises one on every call).
        raise CacheUnavailable(f"{type(error).__name__}: {error}") from error


def page_timeout():
    return settings.CACHES["default"].get("TIMEOUT", 600) or 600


def current_generation():
    """The generation pages are stored under; None when the backend keeps nothing (dummy://)."""
    generation = _cache("get", GENERATION_KEY)
    if generation is None:
        # A fresh, flushed or evicted counter restarts from the clock in microseconds, so it
        # lands past every generation pages may still be stored under.
        _cache("add", GENERATION_KEY, int(timezone.now().timestamp() * 1_000_000), None)
        generation = _cache("get", GENERATION_KEY)
    return generation


# Set when this process failed to bump the generation; see the module docstring.
_missed_invalidation = threading.Event()


def _bump():
    """Moves the generation on, raising CacheUnavailable (and remembering the miss) when the cache fails."""
    # Cleared first: a bump that succeeds from here on also covers any change made before it.
    _missed_invalidation.clear()
    try:
        try:
            return cache.incr(GENERATION_KEY)
        except ValueError as error:
            # incr() of a missing key raises ValueError, but so does a misconfigured backend on
            # every call: only a cache that answers a read is merely missing the key.
            _cache("get", GENERATION_KEY)
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
        return _bump()
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
        _bump()
        logger.warning("The page cache is back: a missed invalidation was applied.")


def content_changed(using=None, **kwargs):
    """Signal receiver: what pages show has changed.

    Bumped now, so this process never serves what it just changed, and again when the transaction
    commits, so a page another process rendered from the not-yet-committed data is not kept.
    """
    bump_generation()
    transaction.on_commit(bump_generation, using=using)


# How many upcoming scheduled times the state keeps: when one comes due, the next generation's
# state is the same minus that time, with no query.
UPCOMING = 20


def read_state(now=None):
    """The generation's shared state, in one query: the next scheduled times and the sections.

    {"due": [ISO times, soonest first], "complete": whether that is every scheduled time,
    "sections": [{"slug", "name_en", "name_ar"}, in menu order]}.
    """
    from articles.models import Article
    from taxonomy.models import Section

    upcoming = Article.objects.scheduled(now).order_by("publish_at", "pk").values("publish_at")[:UPCOMING]
    due_sql, due_params = upcoming.query.sql_with_params()
    qn = connection.ops.quote_name
    section_columns = ", ".join(qn(f) for f in ("slug", "name_en", "name_ar", "position"))
    # Built from model metadata and the ORM's own compiled SQL; values travel as parameters.
    sql = (
        f"SELECT {qn('publish_at')}, NULL, NULL, NULL, NULL FROM ({due_sql}) AS upcoming "  # noqa: S608
        f"UNION ALL SELECT NULL, {section_columns} FROM {qn(Section._meta.db_table)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, due_params)
        rows = cursor.fetchall()
    due = sorted(_as_datetime(at) for at, slug, *_rest in rows if slug is None and at is not None)
    sections = sorted(
        ((position, slug, en or "", ar or "") for at, slug, en, ar, position in rows if slug is not None),
    )
    return {
        "due": [when.isoformat() for when in due],
        "complete": len(due) < UPCOMING,
        "sections": [{"slug": slug, "name_en": en, "name_ar": ar} for _position, slug, en, ar in sections],
    }


def _as_datetime(value):
    # SQLite hands back the stored UTC time naive (or as text), PostgreSQL an aware datetime.
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(str(value))
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def state_for(generation):
    key = STATE_KEY.format(generation=generation)
    state = _cache("get", key)
    if state is None:
        state = read_state()
        _cache("set", key, state, page_timeout())
    return state


def state_due(state):
    """When the next scheduled article comes due in this state (None: nothing scheduled)."""
    return datetime.fromisoformat(state["due"][0]) if state.get("due") else None


def _after(state, now):
    """The state once the times up to `now` have passed, or None if it must be read again."""
    remaining = [when for when in state["due"] if datetime.fromisoformat(when) > now]
    if not remaining and not state["complete"]:
        return None
    return {**state, "due": remaining}


def live_state():
    """(generation, state) pages are served from now, moving on if a scheduled article has come due.

    The generation is None when the cache is unavailable or keeps nothing (dummy://): pages are
    then rendered uncached.
    """
    try:
        retry_missed_invalidation()
        generation = current_generation()
        if generation is None:
            return None, read_state()
        state = state_for(generation)
        due = state_due(state)
        now = timezone.now()
        if due is not None and due <= now:
            bumped = _bump()
            following = _after(state, now)
            if bumped == generation + 1 and following is not None:
                # Nothing else changed in between (no one else moved the generation): the new
                # generation's state is known without a query.
                _cache("add", STATE_KEY.format(generation=bumped), following, page_timeout())
            generation = current_generation()
            if generation is None:
                return None, read_state()
            state = state_for(generation)
        return generation, state
    except CacheUnavailable:
        logger.warning("The page cache is unavailable: serving public pages uncached.", exc_info=True)
        return None, read_state()


def request_state(request):
    """The shared state for this request, read at most once per request."""
    state = getattr(request, "public_state", None)
    if state is None:
        request.public_generation, state = live_state()
        request.public_state = state
    return state


# The only query parameters public pages read. Others (utm_source, cache busters) change nothing on
# the page, so they neither make a separate cache entry nor reach links the page prints.
PAGE_PARAMETERS = ("page", "q")


# The page numbers paginated views accept; anything else is a 404 (see articles.views.paginate).
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


def page_path(request):
    """The request's path with only the query parameters that change the page, in a fixed order.

    A valid `page` is written canonically: ?page=1 and ?page=01 are the page without a number.
    Anything else (0, 00, -1, letters) is kept as sent, so it never shares page 1's cache entry:
    the view answers it 404 whether page 1 is cached or not.
    """
    kept = []
    for name in PAGE_PARAMETERS:
        value = request.GET.get(name)
        if name == "page" and value and PAGE_NUMBER.fullmatch(value) and int(value) >= 1:
            value = str(int(value)) if int(value) > 1 else ""
        if value:
            kept.append((name, value))
    return f"{request.path}?{urlencode(kept)}" if kept else request.path


def page_key(request, generation):
    raw = "|".join([request.scheme, request.get_host(), get_language() or "", page_path(request)])
    return PAGE_KEY.format(generation=generation, digest=hashlib.sha256(raw.encode()).hexdigest())


def _is_anonymous(request):
    # Reading request.user costs a session query: only done when a session cookie was sent.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def _private(response):
    patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
    return response


def public_page(view=None, *, store=True):
    """Caches a public view's answer for anonymous readers; logged-in users always get a fresh page.

    With store=False (search: any reader's words would fill the cache) the page is rendered every
    time but still answers conditional GETs by its ETag.
    """
    if view is None:
        return lambda view: public_page(view, store=store)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        generation, state = live_state()
        request.public_generation, request.public_state = generation, state
        if not _is_anonymous(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return _private(response)

        key = page_key(request, generation) if generation is not None and store else None
        stored = _cache_get(key) if key else None
        if stored is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            # Only full pages: a 404 for any made-up slug must not fill the cache.
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            stored = {
                "status": response.status_code,
                "content": response.content,
                "content_type": response["Content-Type"],
                "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
                "last_modified": int(timezone.now().timestamp()) if key else None,
            }
            if key:
                _cache_set(key, stored, _timeout(state, getattr(request, "public_expires", None)))
            served = "miss" if key else "off"
        else:
            served = "hit"

        response = get_conditional_response(request, etag=stored["etag"], last_modified=stored["last_modified"])
        if response is None:
            response = _response(stored)
        response["ETag"] = stored["etag"]
        if stored["last_modified"]:
            response["Last-Modified"] = http_date(stored["last_modified"])
        response["X-Cache"] = served
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE, s_maxage=PUBLIC_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


def _cache_get(key):
    try:
        return _cache("get", key)
    except CacheUnavailable:
        logger.warning("The page cache is unavailable: serving public pages uncached.", exc_info=True)
        return None


def _cache_set(key, value, timeout):
    try:
        _cache("set", key, value, timeout)
    except CacheUnavailable:
        logger.warning("The page cache is unavailable: a rendered page was not stored.", exc_info=True)


def _timeout(state, expires=None):
    """Seconds a page may stay cached: until the next scheduled article comes due, or until
    something on the page changes by itself (`expires`, e.g. a "Breaking" label running out)."""
    timeout = page_timeout()
    for moment in (state_due(state), expires):
        if moment is not None:
            timeout = max(1, min(timeout, int((moment - timezone.now()).total_seconds()) + 1))
    return timeout


def _response(stored):
    from django.http import HttpResponse

    return HttpResponse(stored["content"], status=stored["status"], content_type=stored["content_type"])


def never_cache_private(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return _private(view(request, *args, **kwargs))

    return wrapped


def connect_signals():
    from articles.models import Article, Author, Byline
    from taxonomy.models import Section, Tag, TaggedArticle

    for model in (Article, Byline, Author, Section, Tag, TaggedArticle):
        label = model._meta.label_lower
        post_save.connect(content_changed, sender=model, dispatch_uid=f"public-cache-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"public-cache-delete-{label}")
    for through in (Article.tags.through, Article.authors.through):
        m2m_changed.connect(
            content_changed, sender=through, dispatch_uid=f"public-cache-m2m-{through._meta.label_lower}"
        )

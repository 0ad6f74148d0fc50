"""The anonymous page cache of the public site: pages stored under the generation that
editorial.invalidation moves on, and the *state* every page of a generation shares.

The state is read in ONE query and stored once per generation: when the next scheduled article
comes due (scheduled articles come due without any write: the first request after that time moves
the generation on) and the section menu. Pages hold their own queries to three, so a page costs at
most four queries even with an empty cache. When the cache fails, pages are rendered uncached.
"""

import hashlib
import logging
import re
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language

from articles.models import Article
from editorial.invalidation import (
    CacheUnavailable,
    bump,
    cache_call,
    current_generation,
    page_timeout,
    retry_missed_invalidation,
)
from editorial.languages import localized_names
from taxonomy.models import Section, menu_columns

logger = logging.getLogger(__name__)

STATE_KEY = "public:state:{generation}"
PAGE_KEY = "public:page:{generation}:{digest}"
# Seconds a reverse proxy or browser may reuse an anonymous page without asking again: short,
# because invalidation reaches our cache but not theirs.
PUBLIC_MAX_AGE = 60


# How many upcoming scheduled times the state keeps: when one comes due, the next generation's
# state is the same minus that time, with no query.
UPCOMING = 20


def read_state(now=None):
    """The generation's shared state, in one query: the next scheduled times and the sections.

    {"due": [ISO times, soonest first], "complete": whether that is every scheduled time,
    "sections": [{"slug", "name_<code>" for each language}, in menu order]}.
    """
    sections, due = _in_one_query(
        Section.objects.menu(), len(menu_columns()), Article.objects.upcoming_times(now, UPCOMING)
    )
    due = sorted(_as_datetime(at) for at in due)
    sections.sort(key=lambda section: (section.pop("position"), section["slug"]))
    for section in sections:
        section.update({name: section[name] or "" for name in localized_names("name")})
    return {"due": [when.isoformat() for when in due], "complete": len(due) < UPCOMING, "sections": sections}


def _in_one_query(rows, width, values):
    """([row as a dict], [value]) of a values_list() queryset of `width` columns and of a one-column
    one, in one round trip: the two ORM queries as derived tables of a UNION, each padded with NULLs
    to the other's width. No model or column is named here: the rows' names come back from the
    database."""
    rows_sql, rows_params = rows.query.sql_with_params()
    values_sql, values_params = values.query.sql_with_params()
    padding = ", ".join(["NULL"] * width)
    # Only the ORM's own SQL is put together here; values travel as parameters.
    sql = (
        f"SELECT rows_part.*, NULL FROM ({rows_sql}) AS rows_part "  # noqa: S608
        f"UNION ALL SELECT {padding}, values_part.* FROM ({values_sql}) AS values_part"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*rows_params, *values_params))
        names = [column[0] for column in cursor.description][:-1]
        found = cursor.fetchall()
    rows = [dict(zip(names, row[:-1], strict=True)) for row in found if row[-1] is None]
    return rows, [row[-1] for row in found if row[-1] is not None]


def _as_datetime(value):
    # SQLite hands back the stored UTC time naive (or as text), PostgreSQL an aware datetime.
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(str(value))
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def state_for(generation):
    key = STATE_KEY.format(generation=generation)
    state = cache_call("get", key)
    if state is None:
        state = read_state()
        cache_call("set", key, state, page_timeout())
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
            bumped = bump()
            following = _after(state, now)
            if bumped == generation + 1 and following is not None:
                # Nothing else changed in between (no one else moved the generation): the new
                # generation's state is known without a query.
                cache_call("add", STATE_KEY.format(generation=bumped), following, page_timeout())
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


# Page numbers: the lists' `page`, and Django's sitemap views' `p`.
PAGINATION_PARAMETERS = ("page", "p")


# The page numbers paginated views accept; anything else is a 404 (see articles.views.paginate).
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


def page_path(request):
    """The request's path with only the query parameters its view reads (see public_page's
    `params`), in a fixed order. Others (utm_source, cache busters, made-up ones) change nothing on
    the page, so they neither make a cache entry of their own nor reach links the page prints.

    A valid page number is written canonically: ?page=1 and ?page=01 are the page without a number.
    Anything else (0, 00, -1, letters) is kept as sent, so it never shares page 1's cache entry:
    the view answers it 404 whether page 1 is cached or not.
    """
    kept = []
    for name in getattr(request, "public_params", ()):
        value = request.GET.get(name)
        if name in PAGINATION_PARAMETERS and value and PAGE_NUMBER.fullmatch(value) and int(value) >= 1:
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


def public_page(view=None, *, store=True, params=()):
    """Caches a public view's answer for anonymous readers; logged-in users always get a fresh page.

    `params` names the query parameters the view reads (`page` for a list): only they make pages
    differ, so an anonymous client can fill the cache with no more entries than there are real
    pages. With store=False (search: any reader's words would fill the cache) the page is rendered
    every time but still answers conditional GETs by its ETag.
    """
    if view is None:
        return lambda view: public_page(view, store=store, params=params)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        request.public_params = params
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
        return cache_call("get", key)
    except CacheUnavailable:
        logger.warning("The page cache is unavailable: serving public pages uncached.", exc_info=True)
        return None


def _cache_set(key, value, timeout):
    try:
        cache_call("set", key, value, timeout)
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
    return HttpResponse(stored["content"], status=stored["status"], content_type=stored["content_type"])


def never_cache_private(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return _private(view(request, *args, **kwargs))

    return wrapped

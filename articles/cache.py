"""The anonymous page cache of the public site.

A page is stored under its address with the versions of what it showed (its keys: see
articles.dependencies and editorial.invalidation). A hit costs ONE round trip to the cache: the
page, the versions of the whole site and of the schedule, and the versions of the keys that page
showed last time, in one get_many; no database, no session. A change moves on only its keys.
For anonymous readers the lookup is made by newsroom.pagecache before the session, locale, CSRF
and auth middleware, which answers a fresh hit with the finished response it stored (_defer,
store_finished); the view reuses that lookup otherwise. That middleware also keeps the fresh hits it
served in the process's memory for NEWSROOM_LOCAL_PAGE_MS (1 s): a hit within it makes no round trip.

A page found stale (something it shows changed, or its time ran out) is rendered again by one
request, which takes a lock in the cache (`add`, LOCK_SECONDS at most); meanwhile the others are
served the stale page (X-Cache: stale) if it went stale less than STALE_SECONDS ago, else render
it too. A page missing altogether is waited for up to WAIT_SECONDS when another request is
rendering it. Rendering runs under PostgreSQL's statement_timeout (NEWSROOM_STATEMENT_TIMEOUT_MS,
articles.timeout), so a runaway query answers 503 in seconds. When the cache fails, pages are
rendered uncached.
"""

import hashlib
import logging
import re
import time
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language

from articles.pagestate import SCHEDULE, come_due, read_state, state_due, state_for
from articles.timeout import public_queries
from editorial.invalidation import (
    SITE,
    CacheUnavailable,
    cache_call,
    current_version,
    page_timeout,
    read_many,
    retry_missed_invalidation,
    version_key,
    version_time,
)

logger = logging.getLogger(__name__)

PAGE_KEY = "public:page:{digest}"
LOCK_KEY = "public:lock:{digest}"
# Seconds a reverse proxy or browser may reuse an anonymous page without asking again (short:
# invalidation reaches our cache, and a CDN only if it purges by the Surrogate-Key header), and may
# serve it stale while it asks again.
PUBLIC_MAX_AGE = 60
PUBLIC_STALE = 30
# A page that went stale at most this many seconds ago is served while one request renders it anew.
STALE_SECONDS = 10
LOCK_SECONDS = 15
# What a page shows in passing (the related articles under an article) may lag their changes by
# this much: an edit of a story every minute would otherwise render again every page it is related
# to, hundreds, each time. Whether they may be shown at all is never late (see dependencies.shown_key).
LAG_SECONDS = 120
WAIT_SECONDS = 3
WAIT_STEP = 0.05
# Pages whose keys this process remembers, to read their versions with the page (one round trip).
REMEMBERED = 20_000
_remembered = {}

# Page numbers: the lists' `page`, and the sitemap's `p`.
PAGINATION_PARAMETERS = ("page", "p")
# The page numbers paginated views accept; anything else is a 404.
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


def shows(request, *keys, depends=True, lagging=False):
    """Says what the page being rendered shows: its keys go into its Surrogate-Key header and,
    with depends=True, into what invalidates its cached copy; lagging=True, only LAG_SECONDS
    after they change (what a page shows in passing, such as related articles' headlines)."""
    if not hasattr(request, "public_keys"):
        request.public_keys, request.public_tags, request.public_lagging = {SITE}, {SITE}, set()
    request.public_tags.update(keys)
    if depends:
        request.public_keys.update(keys)
    if lagging:
        request.public_lagging.update(keys)


def live_state(versions=None):
    """(versions, state) pages are served from now, moving scheduled articles that came due on.

    versions is None when the cache is unavailable or keeps nothing (dummy://): pages are then
    rendered uncached.
    """
    try:
        retry_missed_invalidation()
        if versions is None:
            versions = {key: current_version(key) for key in (SITE, SCHEDULE)}
        if versions.get(SITE) is None or versions.get(SCHEDULE) is None:
            return None, read_state()
        key, state = state_for(versions)
        due = state_due(state)
        now = timezone.now()
        if due is not None and due <= now:
            come_due(key, state, now)
            versions = {key: current_version(key) for key in (SITE, SCHEDULE)}
            key, state = state_for(versions)
            versions["moved"] = True
        return versions, state
    except CacheUnavailable:
        logger.warning("The page cache is unavailable: serving public pages uncached.", exc_info=True)
        return None, read_state()


def request_state(request):
    """The shared state for this request, read at most once per request."""
    state = getattr(request, "public_state", None)
    if state is None:
        request.public_versions, state = live_state()
        request.public_state = state
    return state


def page_path(request):
    """The request's path with only the query parameters its view reads (see public_page's
    `params`), in a fixed order. Others (utm_source, cache busters, made-up ones) change nothing on
    the page, so they neither make a cache entry of their own nor reach links the page prints.

    A valid page number is written canonically: ?page=1 and ?page=01 are the page without a number.
    Anything else (0, 00, -1, letters) is kept as sent, so it never shares page 1's cache entry.
    """
    kept = []
    for name in getattr(request, "public_params", ()):
        value = request.GET.get(name)
        if name in PAGINATION_PARAMETERS and value and PAGE_NUMBER.fullmatch(value) and int(value) >= 1:
            value = str(int(value)) if int(value) > 1 else ""
        if value:
            kept.append((name, value))
    return f"{request.path}?{urlencode(kept)}" if kept else request.path


def page_digest(request):
    return digest_of(request, get_language() or "", page_path(request))


def digest_of(request, language, path):
    """The cache digest of a page: its scheme, host, language and path (with its query, if any)."""
    raw = "|".join([request.scheme, request.get_host(), language, path])
    return hashlib.sha256(raw.encode()).hexdigest()


def _is_anonymous(request):
    # Reading request.user costs a session query: only done when a session cookie was sent.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def _made_for_reader(request):
    """Whether the page holds or sends something of this reader's own (a CSRF token, a session
    written, a message queued or shown): the middleware sets their cookies only after the view, so
    the response cannot tell yet."""
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or getattr(messages, "added_new", False)
        or (getattr(messages, "used", False) and len(messages) > 0)
    )


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
        shows(request)
        if not _is_anonymous(request):
            request.public_versions, request.public_state = live_state()
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return _private(response)
        return _serve(request, view, args, kwargs, store)

    return wrapped


def _serve(request, view, args, kwargs, store):
    digest = page_digest(request) if store else None
    versions, entry, stale_since = _looked_up(request, digest)
    if versions is None or digest is None:
        return _render(request, view, args, kwargs, None, {})
    if entry is not None and stale_since is None:
        # Not served early (its finished response is not stored yet): this one's is, once finished.
        _defer(request, digest, entry, max(1, int(entry["fresh_until"] - time.time())), rendered=False)
        return _answer(request, entry, "hit")
    lock = LOCK_KEY.format(digest=digest)
    if not _try(lambda: cache_call("add", lock, 1, LOCK_SECONDS)):
        if entry is not None and time.time() - stale_since <= STALE_SECONDS:
            return _answer(request, entry, "stale")
        if entry is None and (waited := _wait_for(digest)) is not None:
            return _answer(request, waited, "hit")
    try:
        return _render(request, view, args, kwargs, digest, versions)
    finally:
        _try(lambda: cache_call("delete", lock))


def lookup(request, digest, kept=None):
    """(versions, entry, stale_since) of the page at `digest`, in one round trip: stale_since is
    None when the entry is fresh; versions None when the cache fails or keeps nothing. Sets the
    request's shared state as well.

    `kept`, a copy of the page this process holds (newsroom.pagecache): only the versions are
    read, and the copy is the entry if they show it fresh (a page of tens of KB not read again);
    else the page is read too (a second round trip, once the page has changed)."""
    # Before the versions are read: a change this process failed to announce is announced first.
    _try(retry_missed_invalidation)
    versions, entry = _read(digest, page=kept is None)
    # The shared state is read for an anonymous reader's page: under that page's time limit.
    with public_queries():
        versions, request.public_state = live_state(versions)
    request.public_versions = versions
    if versions is None or digest is None:
        return versions, None, None
    if versions.pop("moved", False):
        versions, entry = _read(digest)
    elif kept is not None:
        if _stale_since(kept, versions, digest) is None:
            return versions, kept, None
        versions, entry = _read(digest)
        if versions is None:
            return None, None, None
    return versions, entry, _stale_since(entry, versions, digest)


def _looked_up(request, digest):
    """lookup(), reusing what the early middleware (newsroom.pagecache) read for this request."""
    early = getattr(request, "public_lookup", None)
    if early is None or (early[0] != digest and digest is not None):
        return lookup(request, digest)
    versions, entry, stale_since = early[1:]
    return (versions, entry, stale_since) if digest is not None else (versions, None, None)


def _defer(request, digest, entry, timeout, rendered):
    """Stores the entry now, or leaves it to the early middleware (newsroom.pagecache) when it
    looked this page up: it stores the entry with the finished response's headers."""
    if getattr(request, "public_early", None) == digest:
        request.public_pending = (digest, entry, timeout, rendered)
    elif rendered:
        _cache_set(PAGE_KEY.format(digest=digest), entry, timeout)


def store_finished(pending, response, finished):
    """Stores a page the early middleware looked up, with `finished` (the response's headers as
    the whole middleware stack made them) when the response is the page in full."""
    digest, entry, timeout, rendered = pending
    whole = (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("X-Cache") in ("hit", "miss")
        and response.content == entry["content"]
    )
    if whole:
        entry = {**entry, "finished": finished}
    if whole or (rendered and not response.cookies):
        _cache_set(PAGE_KEY.format(digest=digest), entry, timeout)


def _read(digest, page=True):
    """One round trip: the versions of the site and the schedule, the page (unless page=False),
    and the versions of the keys it showed last time. ({key: version}, entry or None); versions
    None if the cache fails."""
    remembered = _remembered.get(digest, ()) if digest else ()
    keys = [SITE, SCHEDULE, *remembered]
    names = [version_key(key) for key in keys] + ([PAGE_KEY.format(digest=digest)] if digest and page else [])
    found = _try(lambda: read_many(names))
    if found is None:
        return None, None
    versions = {key: found.get(version_key(key)) for key in keys}
    for key in (SITE, SCHEDULE):
        if versions[key] is None:
            versions[key] = _try(lambda key=key: current_version(key))
    return versions, found.get(PAGE_KEY.format(digest=digest)) if digest else None


def _stale_since(entry, versions, digest):
    """None if the entry is fresh; else the moment (epoch seconds) it went stale."""
    if entry is None:
        return time.time()
    missing = [key for key in entry["versions"] if key not in versions]
    if missing:
        found = _try(lambda: cache_call("get_many", [version_key(key) for key in missing])) or {}
        versions.update({key: found.get(version_key(key)) for key in missing})
    _remember(digest, entry["versions"])
    now = time.time()
    moments = [entry["fresh_until"]] if entry["fresh_until"] <= now else []
    lagging = entry.get("lagging", ())
    for key, version in entry["versions"].items():
        if versions.get(key) != version:
            moment = version_time(versions[key]) if versions.get(key) else now
            if key in lagging:
                moment += LAG_SECONDS
            if moment <= now:
                moments.append(moment)
    return min(moments) if moments else None


def _remember(digest, keys):
    if len(_remembered) >= REMEMBERED:
        _remembered.clear()
    _remembered[digest] = tuple(key for key in keys if key not in (SITE, SCHEDULE))


def _wait_for(digest):
    """The page another request is rendering, once stored (None after WAIT_SECONDS)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        entry = _try(lambda: cache_call("get", PAGE_KEY.format(digest=digest)))
        if entry is not None and entry["fresh_until"] > time.time():
            return entry
    return None


def _render(request, view, args, kwargs, digest, before):
    """Renders the page and stores it with the versions of what it showed. `before` holds the
    versions read before rendering: a key that moved on since, or (one not read before) whose
    version is newer than the render, changed while it was rendered."""
    started = time.time()
    with public_queries():
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
    if _made_for_reader(request):
        return _private(response)
    # Only full pages: a 404 for any made-up slug must not fill the cache.
    if response.status_code != 200 or response.streaming or response.cookies:
        return response
    entry = {
        "status": response.status_code,
        "content": response.content,
        "content_type": response["Content-Type"],
        "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
        "last_modified": int(started) if digest else None,
        "tags": sorted(request.public_tags),
    }
    if digest is None:
        return _answer(request, entry, "off")
    timeout = _timeout(getattr(request, "public_expires", None))
    versions, made = _versions_of(request.public_keys)
    if versions is not None:
        # Something it shows changed while it was rendered: stored, but stale at once.
        changed = any(
            version != before[key] if before.get(key) is not None else version_time(version) >= started
            for key, version in versions.items()
            if key not in made
        )
        entry.update(versions=versions, fresh_until=started if changed else started + timeout)
        entry["lagging"] = sorted(request.public_lagging & set(versions))
        _defer(request, digest, entry, timeout, rendered=True)
        _remember(digest, versions)
    return _answer(request, entry, "miss")


def _versions_of(keys):
    """({key: current version} of `keys`, the keys whose versions were missing and made now);
    (None, ()) if the cache fails."""
    names = {version_key(key): key for key in keys}
    found = _try(lambda: cache_call("get_many", list(names)))
    if found is None:
        return None, ()
    versions = {names[name]: value for name, value in found.items()}
    made = set(keys) - set(versions)
    for key in made:
        versions[key] = _try(lambda key=key: current_version(key))
    return (None, ()) if None in versions.values() else (versions, made)


def _answer(request, entry, served):
    response = get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"])
    if response is None:
        response = HttpResponse(entry["content"], status=entry["status"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    if entry["last_modified"]:
        response["Last-Modified"] = http_date(entry["last_modified"])
    response["X-Cache"] = served
    # What the page shows, for a CDN to purge by (Fastly's Surrogate-Key, Cloudflare's Cache-Tag).
    response["Surrogate-Key"] = " ".join(entry["tags"])
    response["Cache-Tag"] = ",".join(entry["tags"])
    patch_cache_control(
        response, public=True, max_age=PUBLIC_MAX_AGE, s_maxage=PUBLIC_MAX_AGE, stale_while_revalidate=PUBLIC_STALE
    )
    patch_vary_headers(response, ["Cookie"])
    return response


def _try(call):
    try:
        return call()
    except CacheUnavailable:
        logger.warning("The page cache is unavailable: serving public pages uncached.", exc_info=True)
        return None


def _cache_set(key, value, timeout):
    _try(lambda: cache_call("set", key, value, timeout))


def _timeout(expires=None):
    """Seconds a page may stay cached: at most CACHE_TIMEOUT, and not past a moment when something
    on it changes by itself (`expires`, e.g. a "Breaking" label running out)."""
    timeout = page_timeout()
    if expires is not None:
        timeout = max(1, min(timeout, int((expires - timezone.now()).total_seconds()) + 1))
    return timeout


def never_cache_private(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return _private(view(request, *args, **kwargs))

    return wrapped

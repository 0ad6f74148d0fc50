"""Cache hits served before the session, locale, CSRF, auth and messages middleware run.

articles.cache caches anonymous pages inside the view; a hit there still pays for the whole
middleware stack. This middleware, placed just inside SecurityMiddleware, RejectBadBytesMiddleware
and WhiteNoise, looks the page up first (the same one round trip, reused by the view on a miss) and
answers a fresh hit itself with the response the full stack made when the page was stored: every
header the inner middleware added (Vary, Content-Language, Content-Length, X-Frame-Options, the
CSP), so an early hit cannot differ from a late one but for X-Cache.

Only requests that the full stack answers the same for every anonymous reader are served early,
and only they store a finished response:
- GET or HEAD on a language-prefixed page (the language comes from the path alone, not from a
  cookie or Accept-Language: a page without a prefix, such as the API with its rate limit, the
  sitemaps or robots.txt, always takes the full stack);
- no session, CSRF or messages cookie (a logged-in editor, or anyone the stack might answer with a
  cookie or a message, is never served nor stores a shared page: articles.cache decides for them);
- a query string exactly as the view's page is cached (`?page=2`, not `?utm_source=x&page=2`,
  which the view maps onto the same entry the slow way).
The finished headers carry the settings they were made with (the CSP, X-Frame-Options): a page
stored under other settings is answered by the full stack and stored again.

Each process also keeps the pages it served as fresh hits in its own memory (LocalPages) for
NEWSROOM_LOCAL_PAGE_MS (1 s): within that time a hit costs no round trip at all. A change is then
seen up to that much later by readers of other processes (never by this one: every change it
announces drops them); the busiest pages, read hundreds of times a second, cost one read of the
cache a second per process instead of one per reader.
"""

import threading
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language_from_path

from articles.cache import digest_of, lookup, store_finished
from articles.pagestate import state_due
from editorial.invalidation import announced
from newsroom.middleware import PUBLIC_POLICY

# Set per answer, so never stored with the finished headers.
PER_ANSWER = {"x-cache"}
# Cookies that make a request one the shared page may not answer (nor be stored from).
MESSAGES_COOKIE = "messages"


def _settings_mark():
    """What the stored headers depend on besides the page: the inner middleware's settings."""
    return f"{getattr(settings, 'NEWSROOM_CSP', PUBLIC_POLICY)}|{settings.X_FRAME_OPTIONS}"


def early_digest(request):
    """The page's cache digest when this request may be served early, else None."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or settings.CSRF_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return None
    # CommonMiddleware's refusals and redirects apply to the request, not the page: not served early.
    if settings.DISALLOWED_USER_AGENTS or settings.PREPEND_WWW:
        return None
    path = request.path_info
    code = get_language_from_path(path)
    # The admin caches nothing: looking its pages up would only cost a round trip.
    if code is None or not path.startswith(f"/{code}/") or path.startswith(f"/{code}/admin/"):
        return None
    query = request.META.get("QUERY_STRING", "")
    try:
        return digest_of(request, code, f"{request.path}?{query}" if query else request.path)
    except DisallowedHost:
        return None  # the full stack answers it (400)


def _answer(request, entry):
    """The stored finished response, or a 304 as the full stack sends it; None if neither fits
    (a precondition failed: the full stack answers)."""
    conditional = get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"])
    headers = entry["finished"][1]
    if conditional is None:
        response = HttpResponse(entry["content"], status=entry["status"], headers=headers)
    elif conditional.status_code == 304:
        response = HttpResponseNotModified()
        for name, value in headers.items():
            if name.lower() not in ("content-type", "content-length"):
                response[name] = value
        response["Content-Length"] = "0"
    else:
        return None
    response["X-Cache"] = "hit"
    return response


class LocalPages:
    """Fresh hits this process served, for NEWSROOM_LOCAL_PAGE_MS, at most NEWSROOM_LOCAL_PAGE_MB
    of page bodies (the oldest go first). Shared by the worker's threads."""

    def __init__(self):
        self._pages = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def find(self, digest, mark):
        """(entry, whether its time here is not over) of the page kept at `digest`; (None, False)
        when nothing is kept or what is kept cannot be right any more: a change announced by this
        process, other settings, its time in the shared cache over, a scheduled article come due.
        A page whose time here is over may still be confirmed by its versions alone."""
        found = self._pages.get(digest)
        if found is None:
            return None, False
        until, due, changes, entry_mark, entry = found
        if changes != announced() or entry_mark != mark or entry["fresh_until"] <= time.time():
            return None, False
        # A scheduled article coming due is never late by this memory: it moves the pages on then.
        if due is not None and due <= timezone.now():
            return None, False
        return entry, until >= time.monotonic()

    def get(self, digest, mark):
        entry, current = self.find(digest, mark)
        return entry if current else None

    def put(self, digest, entry, mark, state):
        seconds = settings.NEWSROOM_LOCAL_PAGE_MS / 1000
        room = settings.NEWSROOM_LOCAL_PAGE_MB * 1024 * 1024
        size = len(entry["content"])
        if seconds <= 0 or size > room:
            return
        with self._lock:
            self._drop(digest)
            now = time.monotonic()
            # Insertion order is age order: the oldest go first, until it fits. Pages whose time is
            # over stay until then: their versions alone may confirm them (articles.cache.lookup).
            for old in list(self._pages):
                if self._bytes + size <= room:
                    break
                self._drop(old)
            self._pages[digest] = (now + seconds, state_due(state or {}), announced(), mark, entry)
            self._bytes += size

    def clear(self):
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def _drop(self, digest):
        found = self._pages.pop(digest, None)
        if found is not None:
            self._bytes -= len(found[-1]["content"])


local_pages = LocalPages()


class EarlyHitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        digest = early_digest(request)
        if digest is None:
            return self.get_response(request)
        mark = _settings_mark()
        kept, current = local_pages.find(digest, mark)
        if current and (response := _answer(request, kept)) is not None:
            return response
        try:
            versions, entry, stale_since = found = lookup(request, digest, kept)
        except DatabaseError:
            # The shared state could not be read: the whole stack answers, with its 503 page in the
            # reader's language (the locale middleware has not run yet here).
            return self.get_response(request)
        fresh = versions is not None and entry is not None and stale_since is None
        if fresh and entry.get("finished", ("",))[0] == mark:
            response = _answer(request, entry)
            if response is not None:
                local_pages.put(digest, entry, mark, getattr(request, "public_state", None))
                return response
        # The view reuses this lookup, and leaves storing what it serves to this middleware, once the
        # inner middleware has finished the response.
        request.public_lookup, request.public_early = (digest, *found), digest
        response = self.get_response(request)
        pending = getattr(request, "public_pending", None)
        if pending is not None:
            finished = {name: value for name, value in response.items() if name.lower() not in PER_ANSWER}
            store_finished(pending, response, (mark, finished))
        return response

"""The anonymous page cache of the public site, and its invalidation.

A cached page is stored under a key that contains the current *generation*, a counter kept in
the shared cache (Redis in production), so bumping it makes every process miss at once. It is
bumped by `post_save`/`post_delete`/`m2m_changed` receivers on everything a page shows (Article,
Byline, Author, Section, Tag, TaggedArticle), connected by `connect_signals()`, which
articles.apps calls when the app registry is ready (web processes, commands and tests alike).

Scheduled articles come due without any write, so the generation also records the time the next
scheduled article comes due (`next_due`); the first request after that time bumps the generation.
Writes that bypass signals (QuerySet.update, bulk_create, raw SQL: e.g. the importer) must call
`bump_generation()` themselves once committed.
"""

import hashlib
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language

GENERATION_KEY = "public:generation"
NEXT_DUE_KEY = "public:next-due:{generation}"
PAGE_KEY = "public:page:{generation}:{digest}"
NOTHING_SCHEDULED = "none"
# Seconds a reverse proxy or browser may reuse an anonymous page without asking again: short,
# because invalidation reaches our cache but not theirs.
PUBLIC_MAX_AGE = 60


def page_timeout():
    return settings.CACHES["default"].get("TIMEOUT", 600) or 600


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh, flushed or evicted counter restarts from the clock in microseconds, so it
        # lands past every generation pages may still be stored under.
        cache.add(GENERATION_KEY, int(timezone.now().timestamp() * 1_000_000), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation(**kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # The counter was evicted: recreating it from the clock already moves it past every
        # generation pages were stored under.
        current_generation()


def content_changed(using=None, **kwargs):
    """Signal receiver: what pages show has changed.

    Bumped now, so this process never serves what it just changed, and again when the transaction
    commits, so a page another process rendered from the not-yet-committed data is not kept.
    """
    bump_generation()
    transaction.on_commit(bump_generation, using=using)


def next_due(generation):
    """When the next scheduled article comes due, as seen by this generation (None: nothing scheduled)."""
    from articles.models import Article

    key = NEXT_DUE_KEY.format(generation=generation)
    stored = cache.get(key)
    if stored is None:
        when = Article.objects.scheduled().aggregate(at=Min("publish_at"))["at"]
        stored = when.isoformat() if when else NOTHING_SCHEDULED
        cache.set(key, stored, page_timeout())
    return None if stored == NOTHING_SCHEDULED else datetime.fromisoformat(stored)


def shared(name, generation, compute):
    """A value every page of a generation shares (e.g. the section menu), computed once per generation."""
    key = f"public:shared:{generation}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, page_timeout())
    return value


def live_generation():
    """The generation pages are served from now, moving on if a scheduled article has come due."""
    generation = current_generation()
    due = next_due(generation)
    if due is not None and due <= timezone.now():
        bump_generation()
        generation = current_generation()
    return generation


# The only query parameters public pages read. Others (utm_source, cache busters) change nothing on
# the page, so they neither make a separate cache entry nor reach links the page prints.
PAGE_PARAMETERS = ("page", "q")


def page_path(request):
    """The request's path with only the query parameters that change the page, in a fixed order."""
    kept = [(name, request.GET[name]) for name in PAGE_PARAMETERS if request.GET.get(name)]
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


def public_page(view):
    """Caches a public view's answer for anonymous readers; logged-in users always get a fresh page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if not _is_anonymous(request):
            request.public_generation = live_generation()
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return _private(response)

        generation = request.public_generation = live_generation()
        key = page_key(request, generation)
        stored = cache.get(key)
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
                "last_modified": int(timezone.now().timestamp()),
            }
            cache.set(key, stored, _timeout(generation))
            served_from_cache = False
        else:
            served_from_cache = True

        response = get_conditional_response(request, etag=stored["etag"], last_modified=stored["last_modified"])
        if response is None:
            response = _response(stored)
        response["ETag"] = stored["etag"]
        response["Last-Modified"] = http_date(stored["last_modified"])
        response["X-Cache"] = "hit" if served_from_cache else "miss"
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE, s_maxage=PUBLIC_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


def _timeout(generation):
    timeout = page_timeout()
    due = next_due(generation)
    if due is not None:
        timeout = max(1, min(timeout, int((due - timezone.now()).total_seconds()) + 1))
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

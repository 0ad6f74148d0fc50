"""The API's door: open to every origin for reading (CORS), and a rate limit per client.

The limit is counted in the shared cache (Redis in production), per client address as login
throttling reads it (AXES_CLIENT_IP_CALLABLE, newsroom.middleware.client_ip: the proxies in front
are trusted only as configured),
in fixed windows: NEWSROOM_API_RATE_LIMIT requests per NEWSROOM_API_RATE_WINDOW seconds. Over
it, 429 with Retry-After. It stands before the page cache, so cached answers count too. When the
cache is down the API answers unlimited rather than not at all.
"""

import logging
import time
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

from editorial.invalidation import CacheUnavailable, cache_call

logger = logging.getLogger(__name__)

RATE_KEY = "api:rate:{client}:{window}"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    # Conditional requests from a browser need these allowed (they are not "simple" headers).
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
    "Access-Control-Max-Age": "86400",
}


def rate_limit():
    """(requests, seconds) a client may make per window."""
    return (
        getattr(settings, "NEWSROOM_API_RATE_LIMIT", 120),
        max(1, getattr(settings, "NEWSROOM_API_RATE_WINDOW", 60)),
    )


def retry_after(request):
    """Seconds the client must wait if it is over its limit, else None (and the request counted)."""
    limit, window = rate_limit()
    now = time.time()
    start = int(now // window)
    client = import_string(settings.AXES_CLIENT_IP_CALLABLE)(request)
    key = RATE_KEY.format(client=client, window=start)
    try:
        cache_call("add", key, 0, window + 1)
        count = cache_call("incr", key)
    except CacheUnavailable:
        logger.warning("The cache is unavailable: the API's rate limit is not applied.", exc_info=True)
        return None
    if count <= limit:
        return None
    return max(1, int((start + 1) * window - now) + 1)


def open_for_reading(view):
    """CORS for every origin, reading only (no credentials); the rate limit; English messages
    (the content's language is the `language` parameter, not the reader's browser)."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)  # a preflight: nothing to count or compute
        elif (wait := retry_after(request)) is not None:
            response = JsonResponse({"detail": "Too many requests: slow down."}, status=429)
            response["Retry-After"] = str(wait)
        else:
            with translation.override(settings.LANGUAGE_CODE):
                response = view(request, *args, **kwargs)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    return wrapped

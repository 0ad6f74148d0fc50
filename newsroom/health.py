"""`/healthz`, for load balancers and uptime monitors.

Cheap on purpose: one trivial query and one cache read, so probing it every few seconds costs
nothing, and the answer names what failed.

Only the database decides the status: without it no page can be served (503). The cache is an
optimisation (pages render uncached without it), so a cache outage answers 200 with the cache
reported as degraded: failing the probe then would make every app server fail at once and the load
balancer take the whole site down over a Redis outage.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from editorial import invalidation

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    database_ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer")
        database_ok = False
    cache_ok = True
    try:
        cache.get("healthz")
        # Probes reach every process every few seconds: the soonest a process whose page
        # invalidation failed during an outage can apply it.
        invalidation.retry_missed_invalidation()
    except Exception:
        logger.warning("Health check: the cache does not answer; pages are served uncached", exc_info=True)
        cache_ok = False
    lines = ([] if database_ok else ["unavailable: database"]) + ([] if cache_ok else ["degraded: cache"])
    body = "\n".join(lines or ["ok"]) + "\n"
    return HttpResponse(body, status=200 if database_ok else 503, content_type="text/plain")

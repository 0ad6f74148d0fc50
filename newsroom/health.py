"""`/healthz`, for load balancers and uptime monitors.

Cheap on purpose: one trivial query and one cache read, so probing it every few seconds costs
nothing, and a failure names what failed.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    failed = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer")
        failed.append("database")
    try:
        cache.get("healthz")
    except Exception:
        logger.exception("Health check: the cache does not answer")
        failed.append("cache")
    if failed:
        return HttpResponse(f"unavailable: {', '.join(failed)}\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")

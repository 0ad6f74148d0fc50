"""Deployment checks (`manage.py check --deploy`) for settings that work but are wrong in production.

Both defaults below are right on a developer's machine and silently wrong behind gunicorn, so
they are warnings only when DEBUG is off.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


@register(Tags.caches, "newsroom", deploy=True)
def check_shared_cache(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    return [
        Warning(
            f"The cache {alias!r} lives in each process ({config['BACKEND']}): a page published or "
            "changed stays stale in the other workers' caches until it expires.",
            hint="Set REDIS_URL (or CACHE_URL) to a Redis server shared by every worker, e.g. redis://host:6379/0.",
            id="newsroom.W001",
        )
        for alias, config in settings.CACHES.items()
        if config.get("BACKEND") in PER_PROCESS_CACHES
    ]


# Not Tags.database: that tag is for checks that connect, run only with --database; this reads settings.
@register("newsroom", deploy=True)
def check_production_database(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    return [
        Warning(
            f"The database {alias!r} is SQLite ({config.get('NAME')}): production runs on PostgreSQL.",
            hint="Set DATABASE_URL=postgres://user:password@host:5432/name.",
            id="newsroom.W002",
        )
        for alias, config in settings.DATABASES.items()
        if config.get("ENGINE") == "django.db.backends.sqlite3"
    ]

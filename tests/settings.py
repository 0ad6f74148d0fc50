"""Settings for the test suite: the project's own settings, as a developer runs them.

DATABASE_URL and CACHE_URL still come from the environment, so the same suite runs on
SQLite (the default) and on PostgreSQL and Redis (as CI does).
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from newsroom.settings import *  # noqa: E402,F403

# Hashing passwords slowly is a production property, not a tested one.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The suite does not run collectstatic, so there is no manifest to read: pages link the
# unhashed files, found by the finders. tests/test_deploy.py checks the real storage on a
# collected tree.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# A Redis cache shared with another test run (same machine, same REDIS_URL) must not see or
# clear this run's keys: see tests/cache.py.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":  # noqa: F405
    from tests.cache import OwnKeysRedisCache, run_prefix  # noqa: E402

    CACHES = {  # noqa: F405
        **CACHES,  # noqa: F405
        "default": {
            **CACHES["default"],  # noqa: F405
            "BACKEND": f"{OwnKeysRedisCache.__module__}.{OwnKeysRedisCache.__qualname__}",
            "KEY_PREFIX": run_prefix(CACHES["default"]["KEY_PREFIX"]),  # noqa: F405
        },
    }

"""A Redis cache for the test suite that keeps to its own keys.

Django's RedisCache.clear() empties the whole Redis database (FLUSHDB). Tests clear the cache
around every test, so two runs sharing a Redis database (two checkouts, a developer's run during
CI) would wipe each other's pages mid-test. This backend clears only the keys of its own prefix,
and tests/settings.py gives every run a prefix of its own.
"""

import uuid

from django.core.cache.backends.redis import RedisCache


def run_prefix(base):
    return f"{base}-test-{uuid.uuid4().hex[:12]}"


class OwnKeysRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True

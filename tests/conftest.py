import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: pages cached by one test must not answer another."""
    from django.core.cache import cache

    from newsroom.pagecache import local_pages

    cache.clear()
    local_pages.clear()
    yield
    cache.clear()
    local_pages.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language.

    A request to /ar/ activates Arabic for the thread and Django leaves it active afterwards, so
    without this a command run by a later test would speak Arabic.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()

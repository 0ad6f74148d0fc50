"""Pages a process keeps in its own memory for NEWSROOM_LOCAL_PAGE_MS after serving them as fresh
hits (newsroom.pagecache.LocalPages): a hit within that time costs no round trip, a change this
process announces is seen at once, one made elsewhere within that bound, and the memory is capped."""

from contextlib import contextmanager
from unittest import mock

import pytest

from articles import cache as page_cache
from articles.dependencies import article_key
from articles.models import Article
from editorial import invalidation
from newsroom import pagecache
from newsroom.pagecache import LocalPages
from tests.factories import make_article, make_section
from tests.test_cache import cache_backend  # noqa: F401 -- a fixture: each test with each cache

pytestmark = pytest.mark.django_db

URL = "/en/articles/story/"


@pytest.fixture
def story(cache_backend):  # noqa: F811 -- the imported fixture, by name
    return make_article("story", title_en="First headline", section=make_section("news", name_en="News"))


def served(client, url=URL):
    """(X-Cache, whether the cache was read, the headline shown) of one request."""
    counting = mock.MagicMock(wraps=invalidation.cache)
    with mock.patch.object(invalidation, "cache", counting):
        response = client.get(url)
    headline = "Second headline" if "Second headline" in response.content.decode() else "First headline"
    return response["X-Cache"], bool(counting.method_calls), headline


def changed_elsewhere(story):
    """What another process's save does here: the row and the article's version, no signal."""
    Article.objects.filter(pk=story.pk).update(title_en="Second headline")
    invalidation.cache_call("set", invalidation.version_key(article_key(story.pk)), invalidation.new_version(), None)


def test_a_change_made_elsewhere_is_served_once_the_kept_page_expires(client, story):
    assert served(client)[0] == "miss"
    assert served(client) == ("hit", True, "First headline")  # read from the cache, then kept
    changed_elsewhere(story)
    assert served(client) == ("hit", False, "First headline")  # within NEWSROOM_LOCAL_PAGE_MS
    later = pagecache.time.monotonic() + 1.001
    with mock.patch.object(pagecache.time, "monotonic", return_value=later):
        assert served(client)[1:] == (True, "Second headline")


def test_a_change_this_process_announces_is_seen_at_once(client, story):
    served(client)
    served(client)
    assert served(client) == ("hit", False, "First headline")
    story.title_en = "Second headline"
    story.save()
    assert served(client) == ("miss", True, "Second headline")


def test_zero_milliseconds_keeps_nothing(client, story, settings):
    settings.NEWSROOM_LOCAL_PAGE_MS = 0
    served(client)
    for _ in range(3):
        assert served(client) == ("hit", True, "First headline")


def test_headers_made_under_other_settings_are_not_served_from_memory(client, story, settings):
    served(client)
    served(client)
    settings.NEWSROOM_CSP = "default-src 'none'"
    assert client.get(URL)["Content-Security-Policy"] == "default-src 'none'"


def entry(size):
    return {"content": b"x" * size, "fresh_until": pagecache.time.time() + 60}


def test_the_oldest_pages_go_first_once_the_memory_is_full(settings):
    settings.NEWSROOM_LOCAL_PAGE_MB = 1
    pages = LocalPages()
    for name in ("a", "b", "c"):
        pages.put(name, entry(400 * 1024), "mark", None)
    assert [pages.get(name, "mark") is not None for name in ("a", "b", "c")] == [False, True, True]
    pages.put("huge", entry(2 * 1024 * 1024), "mark", None)  # larger than the memory: never kept
    assert pages.get("huge", "mark") is None
    assert pages.get("c", "mark") is not None


def test_pages_whose_time_is_over_stay_until_room_is_needed(settings):
    settings.NEWSROOM_LOCAL_PAGE_MB = 1
    pages = LocalPages()
    pages.put("old", entry(600 * 1024), "mark", None)
    pages.put("stale", {**entry(100), "fresh_until": 0}, "mark", None)
    assert pages.get("stale", "mark") is None  # stale in the cache: never served from memory
    later = pagecache.time.monotonic() + 2
    with mock.patch.object(pagecache.time, "monotonic", return_value=later):
        # Over its time: not served as it is, but kept to be confirmed by its versions.
        assert pages.find("old", "mark") == (pages._pages["old"][-1], False)
        pages.put("new", entry(600 * 1024), "mark", None)
        assert pages.find("new", "mark")[1] is True
    assert "old" not in pages._pages  # the oldest went to make room
    assert pages._bytes == 600 * 1024 + 100


@contextmanager
def its_second_over():
    """Runs the requests inside once the kept pages' second is over; yields the names each read
    of the cache asked for."""
    reads = mock.MagicMock(wraps=page_cache.read_many)
    later = pagecache.time.monotonic() + 1.001
    asked = []
    with (
        mock.patch.object(pagecache.time, "monotonic", return_value=later),
        mock.patch.object(page_cache, "read_many", reads),
    ):
        yield asked
    asked.extend(call.args[0] for call in reads.call_args_list)


def reads_page(names):
    return any(name.startswith("public:page:") for name in names)


def test_a_page_whose_time_is_over_is_confirmed_by_its_versions_alone(client, story):
    served(client)
    served(client)
    with its_second_over() as asked:
        assert served(client) == ("hit", True, "First headline")
        # Confirmed now: served from memory again, no read.
        assert served(client) == ("hit", False, "First headline")
    assert len(asked) == 1 and asked[0] and not reads_page(asked[0])


def test_a_page_changed_elsewhere_is_read_again_after_its_versions(client, story):
    served(client)
    served(client)
    changed_elsewhere(story)
    with its_second_over() as asked:
        assert served(client) == ("miss", True, "Second headline")
    assert not reads_page(asked[0]) and reads_page(asked[1])

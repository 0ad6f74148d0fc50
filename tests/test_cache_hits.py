"""A cache hit is answered before the session, locale, CSRF, auth and messages middleware
(newsroom.pagecache), with exactly the response the whole stack gives, to anonymous readers only.

Each test runs with the configured cache and with Redis (as tests/test_cache.py does). The early
path is told apart from the whole stack by SessionMiddleware: it must not run for an early hit.
"""

import socket
from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils.translation import get_language_from_path

from articles import cache as page_cache
from articles.models import Article
from editorial import invalidation
from newsroom.pagecache import local_pages
from tests.factories import make_article, make_editor, make_section
from tests.test_cache import REDIS_CACHES

pytestmark = pytest.mark.django_db

EARLY = "newsroom.pagecache.EarlyHitMiddleware"


@page_cache.public_page
def token_page(request):
    return HttpResponse(f"<form>{get_token(request)}</form>")


@page_cache.public_page
def message_page(request):
    messages.info(request, "Welcome back")
    return HttpResponse("<p>A page that queued a message.</p>")


@page_cache.public_page
def messages_shown_page(request):
    return HttpResponse("".join(f"<p>{message}</p>" for message in messages.get_messages(request)) or "<p>None</p>")


@page_cache.public_page(params=("page",))
def numbered_page(request):
    return HttpResponse(f"<p>Page {request.GET.get('page', '1')}</p>")


urlpatterns = [
    path("en/token/", token_page),
    path("en/message/", message_page),
    path("en/numbered/", numbered_page),
    path("en/shown/", messages_shown_page),
]


@pytest.fixture(params=["configured", "redis"])
def story(request):
    def make():
        section = make_section("news", name_en="News")
        return make_article("story", title_en="First headline", section=section)

    if request.param == "configured":
        yield make()
        return
    with override_settings(CACHES=REDIS_CACHES):
        cache.clear()
        yield make()
        cache.clear()


@pytest.fixture
def own_urls(settings):
    settings.ROOT_URLCONF = __name__


@contextmanager
def whole_stack_runs(times):
    """Asserts how many of the requests inside reached SessionMiddleware (0: all served early)."""
    real = SessionMiddleware.process_request
    with mock.patch.object(SessionMiddleware, "process_request", autospec=True, side_effect=real) as spy:
        yield
    assert spy.call_count == times


def stored(url):
    request, language = RequestFactory().get(url), get_language_from_path(url) or ""
    return cache.get(page_cache.PAGE_KEY.format(digest=page_cache.digest_of(request, language, url)))


def warm(client, url):
    """A miss, then a hit through the whole stack that stores the finished response."""
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    assert "finished" in stored(url)


def test_a_hit_is_answered_early_with_no_query_no_session_and_one_round_trip(client, story, django_assert_num_queries):
    warm(client, "/en/articles/story/")
    local_pages.clear()  # as in a process that has not served it yet
    counting = mock.MagicMock(wraps=invalidation.cache)
    with whole_stack_runs(0), django_assert_num_queries(0), mock.patch.object(invalidation, "cache", counting):
        response = client.get("/en/articles/story/")
    assert response["X-Cache"] == "hit"
    assert "First headline" in response.content.decode()
    assert [call[0] for call in counting.method_calls] == ["get_many"]
    # Within NEWSROOM_LOCAL_PAGE_MS the same process answers it from its own memory: no round trip.
    with whole_stack_runs(0), django_assert_num_queries(0), mock.patch.object(invalidation, "cache", counting):
        again = client.get("/en/articles/story/")
    assert (again["X-Cache"], again.content) == ("hit", response.content)
    assert [call[0] for call in counting.method_calls] == ["get_many"]


def whole_stack_client():
    with override_settings(MIDDLEWARE=[name for name in settings.MIDDLEWARE if name != EARLY]):
        reference = Client()
        assert reference.get("/").status_code == 302  # loads the middleware chain while overridden
    return reference


@pytest.mark.parametrize("url", ["/en/", "/ar/", "/en/articles/story/", "/en/feeds/latest/rss/"])
@pytest.mark.parametrize(
    "method, extra",
    [
        ("get", {}),
        ("head", {}),
        ("get", {"HTTP_IF_NONE_MATCH": "etag"}),
        ("get", {"HTTP_IF_MODIFIED_SINCE": "last_modified"}),
        ("get", {"HTTP_ACCEPT_LANGUAGE": "ar", "HTTP_COOKIE": "django_language=ar; _ga=1"}),
    ],
)
def test_an_early_hit_sends_what_a_hit_through_the_whole_stack_sends(client, story, url, method, extra):
    warm(client, url)
    first = client.get(url)
    extra = {key: first["ETag"] if value == "etag" else value for key, value in extra.items()}
    extra = {key: first["Last-Modified"] if value == "last_modified" else value for key, value in extra.items()}
    whole = getattr(whole_stack_client(), method)(url, **extra)
    with whole_stack_runs(0):
        early = getattr(client, method)(url, **extra)
    assert early.status_code == whole.status_code
    assert early.status_code == (304 if "HTTP_IF_NONE_MATCH" in extra or "HTTP_IF_MODIFIED_SINCE" in extra else 200)
    assert dict(early.items()) == dict(whole.items())
    assert early["X-Cache"] == "hit"
    assert early.content == whole.content


def test_a_logged_in_editor_is_never_served_the_shared_page_nor_changes_it(client, story):
    make_article("draft", title_en="Not yet", status=Article.Status.DRAFT, section=story.section)
    warm(client, "/en/articles/story/")
    before = stored("/en/articles/story/")
    editor = Client()
    editor.force_login(make_editor())
    with whole_stack_runs(2):
        page = editor.get("/en/articles/story/")
        assert editor.get("/en/articles/draft/").status_code == 404
    assert "X-Cache" not in page and "private" in page["Cache-Control"]
    assert stored("/en/articles/story/") == before
    assert stored("/en/articles/draft/") is None
    with whole_stack_runs(1):
        assert client.get("/en/articles/draft/").status_code == 404


@pytest.mark.parametrize("cookie", [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"])
def test_a_request_with_a_session_csrf_or_messages_cookie_takes_the_whole_stack(client, story, cookie):
    warm(client, "/en/articles/story/")
    before = stored("/en/articles/story/")
    client.cookies[cookie] = "x" * 32
    with whole_stack_runs(2):
        assert client.get("/en/articles/story/").status_code == 200
        assert client.get("/en/articles/story/").status_code == 200
    assert stored("/en/articles/story/") == before


def test_a_page_holding_the_readers_csrf_token_is_neither_stored_nor_public(story, own_urls):
    pages = [Client().get("/en/token/") for _reader in range(2)]
    assert pages[0].content != pages[1].content
    for page in pages:
        assert "X-Cache" not in page and "private" in page["Cache-Control"]
        assert settings.CSRF_COOKIE_NAME in page.cookies
    assert stored("/en/token/") is None


def test_a_page_that_queued_a_message_is_neither_stored_nor_public(client, story, own_urls):
    page = client.get("/en/message/")
    assert "private" in page["Cache-Control"] and "messages" in page.cookies
    assert stored("/en/message/") is None


def test_a_page_showing_a_readers_message_is_neither_stored_nor_public(client, story, own_urls):
    reader = Client()
    reader.get("/en/message/")  # queues "Welcome back" in the reader's messages cookie
    page = reader.get("/en/shown/")
    assert b"Welcome back" in page.content and "private" in page["Cache-Control"]
    assert stored("/en/shown/") is None
    # A page that shows no message is the same for every reader: cached as usual.
    assert client.get("/en/shown/")["X-Cache"] == "miss"
    assert client.get("/en/shown/").content == b"<p>None</p>"
    assert "finished" in stored("/en/shown/")


def test_only_the_cached_form_of_a_query_is_answered_early(client, story, own_urls):
    warm(client, "/en/numbered/?page=2")
    with whole_stack_runs(0):
        assert client.get("/en/numbered/?page=2").content == b"<p>Page 2</p>"
    with whole_stack_runs(2):
        # Other spellings of page 2: the whole stack maps them onto its entry.
        for url in ("/en/numbered/?utm_source=x&page=2", "/en/numbered/?page=02"):
            response = client.get(url)
            assert (response["X-Cache"], response.content) == ("hit", b"<p>Page 2</p>")
    assert stored("/en/numbered/?utm_source=x&page=2") is None


@pytest.mark.parametrize("url", ["/sitemap.xml", "/api/v1/articles/?language=en", "/robots.txt"])
def test_pages_without_a_language_prefix_always_take_the_whole_stack(client, story, url):
    client.get(url)
    with whole_stack_runs(1):
        assert client.get(url).status_code == 200


def test_a_change_is_never_answered_early_from_the_old_page(client, story):
    warm(client, "/en/articles/story/")
    story.title_en = "Second headline"
    story.save()
    digest = page_cache.digest_of(RequestFactory().get("/"), "en", "/en/articles/story/")
    lock = page_cache.LOCK_KEY.format(digest=digest)
    cache.add(lock, 1, 30)  # another request is rendering it: the stale page is served, the slow way
    with whole_stack_runs(1):
        stale = client.get("/en/articles/story/")
    assert stale["X-Cache"] == "stale" and "First headline" in stale.content.decode()
    cache.delete(lock)
    fresh = client.get("/en/articles/story/")
    assert fresh["X-Cache"] == "miss" and "Second headline" in fresh.content.decode()
    client.get("/en/articles/story/")
    with whole_stack_runs(0):
        assert "Second headline" in client.get("/en/articles/story/").content.decode()


def test_headers_made_under_other_settings_are_made_again(client, story, settings):
    warm(client, "/en/")
    settings.NEWSROOM_CSP = "default-src 'none'"
    with whole_stack_runs(1):
        assert client.get("/en/")["Content-Security-Policy"] == "default-src 'none'"
        assert client.get("/en/")["Content-Security-Policy"] == "default-src 'none'"


def test_read_many_reads_what_get_many_does(story):
    cache.set_many({"a": 12, "b": {"content": b"<p>x</p>", "tags": ["site"]}})
    assert invalidation.read_many(["a", "b", "missing"]) == cache.get_many(["a", "b", "missing"])
    assert invalidation.read_many(["a", "b"]) == {"a": 12, "b": {"content": b"<p>x</p>", "tags": ["site"]}}


def test_read_many_reports_a_dead_redis_as_unavailable(story):
    dead = {"default": {**REDIS_CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=dead), pytest.raises(invalidation.CacheUnavailable):
        invalidation.read_many(["a"])


def test_read_many_survives_a_dropped_connection_once(story):
    if not isinstance(caches["default"], RedisCache):
        pytest.skip("the kept connection is Redis's")
    cache.set("a", 12)
    assert invalidation.read_many(["a"]) == {"a": 12}
    # The server restarted, say: the kept connection's socket is gone.
    caches["default"].__dict__["_newsroom_reader"][1]._sock.shutdown(socket.SHUT_RDWR)
    assert invalidation.read_many(["a"]) == {"a": 12}

"""Anonymous pages are cached, invalidated by any change they show, and never cached for staff.

Each test runs twice: with the configured cache (locmem, or Redis when CI sets REDIS_URL) and with
Redis explicitly (REDIS_URL, or database 15 on localhost), so invalidation is proven on a cache
that several processes share. Its keys carry a prefix of this run's own (tests/cache.py).
"""

import os
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from articles import cache as page_cache
from articles import workflow
from articles.dependencies import DUE_KEY
from articles.models import Article, Byline
from editorial import invalidation
from tests.cache import run_prefix
from tests.factories import make_article, make_author, make_editor, make_section, make_tag

pytestmark = pytest.mark.django_db

REDIS_CACHES = {
    "default": {
        "BACKEND": "tests.cache.OwnKeysRedisCache",
        "LOCATION": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": run_prefix("newsroom-public"),
        "TIMEOUT": 600,
    }
}


@pytest.fixture(autouse=True)
def _no_missed_invalidation_left_over():
    # The memory of a failed invalidation is per process: one test's outage must not reach the next.
    invalidation.forget_missed_invalidation()
    yield
    invalidation.forget_missed_invalidation()


def next_due():
    """When the next scheduled article comes due, as the pages about to be served see it."""
    return page_cache.state_due(page_cache.live_state()[1])


@pytest.fixture(params=["configured", "redis"])
def cache_backend(request):
    if request.param == "configured":
        yield request.param
        return
    with override_settings(CACHES=REDIS_CACHES):
        cache.clear()
        yield request.param
        cache.clear()


@pytest.fixture
def story(cache_backend):
    section = make_section("news", name_en="News")
    return make_article("story", title_en="First headline", section=section)


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def test_second_request_is_served_from_cache(client, story, django_assert_num_queries):
    first = get(client, "/en/articles/story/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client, "/en/articles/story/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "s-maxage" in second["Cache-Control"]


def test_edit_invalidates(client, story):
    get(client, "/en/articles/story/")
    get(client, "/en/")
    story.title_en = "Second headline"
    story.save()
    assert "Second headline" in get(client, "/en/articles/story/").content.decode()
    assert "Second headline" in get(client, "/en/").content.decode()


def test_publish_and_unpublish_invalidate(client, story):
    editor = make_editor()
    draft = make_article("later", title_en="Fresh news", status=Article.Status.DRAFT, section=story.section)
    assert "Fresh news" not in get(client, "/en/").content.decode()
    workflow.publish(draft, editor)
    assert "Fresh news" in get(client, "/en/").content.decode()
    assert get(client, "/en/articles/later/").status_code == 200
    workflow.unpublish(draft, editor)
    assert "Fresh news" not in get(client, "/en/").content.decode()
    assert client.get("/en/articles/later/").status_code == 404


def test_related_models_invalidate(client, story):
    author = make_author("writer", name_en="Old Name")
    Byline.objects.create(article=story, author=author)
    assert "Old Name" in get(client, "/en/articles/story/").content.decode()
    author.name_en = "New Name"
    author.save()
    assert "New Name" in get(client, "/en/articles/story/").content.decode()
    tag = make_tag("energy", name_en="Energy")
    story.tags.add(tag)
    assert "/en/tags/energy/" in get(client, "/en/articles/story/").content.decode()
    story.section.name_en = "Renamed section"
    story.section.save()
    assert "Renamed section" in get(client, "/en/articles/story/").content.decode()


def test_scheduled_article_appears_when_due(client, story):
    due = timezone.now() + timedelta(hours=2)
    make_article("scheduled", title_en="Scheduled story", publish_at=due, section=story.section)
    assert "Scheduled story" not in get(client, "/en/").content.decode()
    assert get(client, "/en/")["X-Cache"] == "hit"
    assert next_due() == due
    # The clock moves past the due time; nothing is written to the database.
    later = due + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = get(client, "/en/")
        assert response["X-Cache"] == "miss"
        assert "Scheduled story" in response.content.decode()
        assert get(client, "/en/articles/scheduled/").status_code == 200
        assert next_due() is None


def test_a_scheduled_article_coming_due_refreshes_its_lists_and_leaves_other_pages_cached(client, story):
    other = make_section("sport", name_en="Sport")
    make_article("match", title_en="Match report", section=other)
    due = timezone.now() + timedelta(hours=2)
    make_article("scheduled", title_en="Scheduled story", publish_at=due, section=story.section)
    for url in ("/en/", "/en/sections/news/", "/en/sections/sport/", "/en/articles/match/"):
        assert get(client, url)["X-Cache"] == "miss"
    with mock.patch("django.utils.timezone.now", return_value=due + timedelta(seconds=1)):
        assert "Scheduled story" in get(client, "/en/sections/news/").content.decode()
        assert "Scheduled story" in get(client, "/en/").content.decode()
        assert get(client, "/en/sections/sport/")["X-Cache"] == "hit"
        assert get(client, "/en/articles/match/")["X-Cache"] == "hit"


def test_a_scheduled_article_whose_keys_were_forgotten_still_refreshes_only_its_pages(client, story):
    # Written in bulk (the generator, an import) or the cache emptied since: nothing remembered.
    other = make_section("sport", name_en="Sport")
    make_article("match", title_en="Match report", section=other)
    due = timezone.now() + timedelta(hours=2)
    scheduled = make_article("scheduled", title_en="Scheduled story", publish_at=due, section=story.section)
    cache.delete(DUE_KEY.format(scheduled.pk))
    for url in ("/en/", "/en/sections/news/", "/en/sections/sport/", "/en/articles/match/"):
        assert get(client, url)["X-Cache"] == "miss"
    with mock.patch("django.utils.timezone.now", return_value=due + timedelta(seconds=1)):
        assert "Scheduled story" in get(client, "/en/sections/news/").content.decode()
        assert "Scheduled story" in get(client, "/en/").content.decode()
        assert get(client, "/en/sections/sport/")["X-Cache"] == "hit"
        assert get(client, "/en/articles/match/")["X-Cache"] == "hit"


def test_conditional_get_answers_304(client, story):
    first = get(client, "/en/articles/story/")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get("/en/articles/story/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/en/articles/story/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get("/en/articles/story/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_logged_in_users_get_fresh_private_pages(client, story):
    get(client, "/en/articles/story/")  # cached for anonymous readers
    client.force_login(make_editor())
    response = get(client, "/en/articles/story/")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response
    Article.objects.filter(pk=story.pk).update(title_en="Changed behind the cache's back")
    assert "Changed behind the cache" in get(client, "/en/articles/story/").content.decode()


def test_editions_are_cached_separately(client, story):
    story.title_ar = "عنوان"
    story.body_ar = "<p>نص</p>"
    story.save()
    assert "First headline" in get(client, "/en/articles/story/").content.decode()
    assert "عنوان" in get(client, "/ar/articles/story/").content.decode()


def test_change_is_invalidated_again_on_commit(story, django_capture_on_commit_callbacks):
    # A page rendered by another process between the save and the commit saw the old data:
    # the generation moves once more when the transaction commits.
    key = f"article-{story.pk}"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        story.title_en = "Edited"
        story.save()
    after_save = invalidation.current_version(key)
    assert callbacks
    for callback in callbacks:
        callback()
    assert invalidation.current_version(key) > after_save


def test_an_evicted_version_counts_as_changed(client, story):
    assert get(client, "/en/articles/story/")["X-Cache"] == "miss"
    cache.delete(invalidation.version_key(f"article-{story.pk}"))
    assert get(client, "/en/articles/story/")["X-Cache"] == "miss"
    assert get(client, "/en/articles/story/")["X-Cache"] == "hit"


def test_head_and_post(client, story):
    assert client.head("/en/articles/story/").status_code == 200
    assert client.get("/en/articles/story/")["X-Cache"] == "hit"  # HEAD filled the cache with the full page
    assert client.post("/en/articles/story/").status_code == 405


def test_tracking_parameters_share_the_cache_entry_and_stay_out_of_links(client, story):
    first = get(client, "/en/articles/story/?utm_source=newsletter")
    assert first["X-Cache"] == "miss"
    second = get(client, "/en/articles/story/?utm_source=social&x=1")
    assert second["X-Cache"] == "hit"
    assert "utm_source" not in first.content.decode()


def test_parameters_that_change_the_page_get_their_own_entry(client, story):
    for n in range(25):
        make_article(f"more-{n}", title_en=f"More {n}")
    assert get(client, "/en/articles/")["X-Cache"] == "miss"
    assert get(client, "/en/articles/?page=2")["X-Cache"] == "miss"
    assert get(client, "/en/articles/?page=2&utm_source=x")["X-Cache"] == "hit"


def test_page_one_is_the_page_without_a_number(client, story):
    assert get(client, "/en/articles/")["X-Cache"] == "miss"
    assert get(client, "/en/articles/?page=1")["X-Cache"] == "hit"
    assert get(client, "/en/articles/?page=01")["X-Cache"] == "hit"


@pytest.mark.parametrize("page", ["0", "00", "0000000001", "-1"])
@pytest.mark.parametrize("page_one_cached_first", [True, False])
def test_an_invalid_page_number_is_404_whether_page_one_is_cached_or_not(client, story, page, page_one_cached_first):
    if page_one_cached_first:
        assert get(client, "/en/articles/")["X-Cache"] == "miss"
    assert client.get("/en/articles/", {"page": page}).status_code == 404
    if not page_one_cached_first:
        assert get(client, "/en/articles/")["X-Cache"] == "miss"
    assert client.get("/en/articles/", {"page": page}).status_code == 404


@pytest.mark.parametrize("page", ["zz1", "0", "-1", "9999", "1.5", "٢"])
def test_bad_page_numbers_are_404_and_never_cached(client, story, page):
    before = _page_keys()
    response = client.get("/en/articles/", {"page": page})
    assert response.status_code == 404
    assert "X-Cache" not in response
    assert client.get("/en/articles/", {"page": page}).status_code == 404
    assert _page_keys() == before


def _page_keys():
    # Only locmem can list its keys; on Redis the 404's missing X-Cache header proves the same.
    store = getattr(cache, "_cache", None)
    return sorted(key for key in store if "public:page:" in key) if isinstance(store, dict) else []


def test_search_results_are_not_stored_but_answer_conditional_gets(client, story):
    first = get(client, "/en/search/?q=headline")
    assert first["X-Cache"] == "off"
    assert "ETag" in first
    assert get(client, "/en/search/?q=headline")["X-Cache"] == "off"
    assert client.get("/en/search/?q=headline", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


class BrokenCache:
    """A cache whose server is gone: every call raises, as django-redis/RedisCache do."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

        return fail


DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Port 1 (tcpmux) is closed on any machine that runs this suite.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }
}


@pytest.fixture
def dead_cache():
    # Pages and signals use articles.cache's reference to the default cache.
    with override_settings(CACHES=DEAD_REDIS), mock.patch.object(invalidation, "cache", BrokenCache()):
        yield


@pytest.mark.parametrize("url", ["/en/", "/ar/", "/en/articles/story/", "/sitemap.xml", "/en/feeds/latest/rss/"])
def test_pages_render_uncached_when_the_cache_is_down(client, story, dead_cache, url, caplog):
    story.title_ar, story.body_ar = "عنوان", "<p>نص</p>"
    story.save()
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "off"
    assert "unavailable" in caplog.text


def test_saves_succeed_when_the_cache_is_down(story, dead_cache, caplog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story.title_en = "Saved anyway"
        story.save()
    assert Article.objects.get(pk=story.pk).title_en == "Saved anyway"
    assert any(record.levelname == "ERROR" and "invalidated" in record.getMessage() for record in caplog.records)


MISTYPED_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # A mistyped port: redis-py raises ValueError on every call, not a connection error.
        "LOCATION": "redis://127.0.0.1:63a79/0",
    }
}


@pytest.mark.parametrize("caches", [DEAD_REDIS, MISTYPED_REDIS], ids=["dead", "mistyped"])
def test_a_real_broken_redis_server_is_survived(client, story, caplog, caches):
    with override_settings(CACHES=caches):
        from django.core.cache import caches

        with mock.patch.object(invalidation, "cache", caches["default"]):
            with transaction.atomic():
                story.title_en = "Saved with Redis down"
                story.save()
            response = client.get("/en/articles/story/")
    assert Article.objects.get(pk=story.pk).title_en == "Saved with Redis down"
    assert response.status_code == 200
    assert response["X-Cache"] == "off"
    assert "Saved with Redis down" in response.content.decode()


class ValueErrorCache:
    """A backend that raises ValueError for every call, as redis-py does for a malformed URL."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ValueError("Port could not be cast to integer value as '63a79'")

        return fail


@pytest.mark.parametrize("url", ["/en/", "/en/articles/story/", "/en/feeds/latest/rss/"])
def test_a_backend_raising_value_error_is_an_unavailable_cache(client, story, caplog, url):
    with mock.patch.object(invalidation, "cache", ValueErrorCache()):
        with transaction.atomic():
            story.title_en = "Saved despite a ValueError"
            story.save()
        response = client.get(url)
    assert Article.objects.get(pk=story.pk).title_en == "Saved despite a ValueError"
    assert response.status_code == 200
    assert response["X-Cache"] == "off"
    assert any(record.levelname == "ERROR" and "invalidated" in record.getMessage() for record in caplog.records)


def test_an_invalidation_missed_during_an_outage_is_applied_when_the_cache_is_back(client, story):
    assert get(client, "/en/articles/story/")["X-Cache"] == "miss"
    assert get(client, "/en/articles/story/")["X-Cache"] == "hit"
    with mock.patch.object(invalidation, "cache", BrokenCache()):
        story.title_en = "Edited during the outage"
        story.save()
    # The cache is back and still holds the page stored before the edit.
    response = get(client, "/en/articles/story/")
    assert response["X-Cache"] == "miss"
    assert "Edited during the outage" in response.content.decode()
    assert get(client, "/en/articles/story/")["X-Cache"] == "hit"


def test_a_health_probe_applies_a_missed_invalidation(client, story):
    get(client, "/en/articles/story/")
    before = invalidation.current_version(f"article-{story.pk}")
    with mock.patch.object(invalidation, "cache", BrokenCache()):
        story.title_en = "Edited during the outage"
        story.save()
    assert client.get("/healthz").content == b"ok\n"
    assert invalidation.current_version(f"article-{story.pk}") > before
    assert not invalidation.missed_invalidation()


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_a_scheduled_article_coming_due_mid_request_with_the_dummy_cache(client, story):
    due = timezone.now() + timedelta(hours=1)
    make_article("scheduled", title_en="Scheduled story", publish_at=due, section=story.section)
    assert "Scheduled story" not in get(client, "/en/").content.decode()
    real_read_state = page_cache.read_state
    racing = [lambda: real_read_state(now=due - timedelta(milliseconds=1))]

    def read_state(now=None):
        # The request's state is read a moment before the article comes due, then the clock passes it.
        return racing.pop()() if racing else real_read_state(now)

    with (
        mock.patch("django.utils.timezone.now", return_value=due + timedelta(seconds=1)),
        mock.patch.object(page_cache, "read_state", read_state),
    ):
        response = get(client, "/en/")
    assert response["X-Cache"] == "off"
    assert "Scheduled story" in response.content.decode()


def test_a_scheduled_article_coming_due_costs_the_page_no_extra_query(client, story, django_assert_max_num_queries):
    first = timezone.now() + timedelta(hours=1)
    second = first + timedelta(hours=1)
    make_article("first-due", title_en="First due story", publish_at=first, section=story.section)
    make_article("second-due", title_en="Second due story", publish_at=second, section=story.section)
    get(client, "/en/")
    with mock.patch("django.utils.timezone.now", return_value=first + timedelta(seconds=1)):
        # The home page's own three queries: the new generation's state needs none.
        with django_assert_max_num_queries(3):
            response = get(client, "/en/")
        assert response["X-Cache"] == "miss"
        assert "First due story" in response.content.decode()
        assert "Second due story" not in response.content.decode()
        assert next_due() == second


@pytest.mark.parametrize("url", ["/en/", "/en/articles/", "/en/articles/story/", "/en/sections/news/"])
def test_a_page_with_a_breaking_label_is_not_cached_past_its_end(client, story, url):
    # Breaking for 12 hours; published 11h59m ago: the label ends in a minute.
    story.is_breaking = True
    story.publish_at = story.first_published_at = timezone.now() - timedelta(hours=11, minutes=59)
    story.save()
    with mock.patch.object(page_cache, "_cache_set") as stored:
        assert "label--breaking" in get(client, url).content.decode()
    timeout = stored.call_args.args[2]
    assert 1 <= timeout <= 61


def test_clearing_the_test_cache_leaves_other_runs_keys_alone():
    with override_settings(CACHES=REDIS_CACHES):
        client = cache._cache.get_client(write=True)
        client.set("another-run:1:page", b"kept")
        cache.set("page", "ours")
        try:
            cache.clear()
            assert cache.get("page") is None
            assert client.get("another-run:1:page") == b"kept"
        finally:
            client.delete("another-run:1:page")

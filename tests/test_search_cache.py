"""A search's ranked ids are remembered in the shared cache (articles.ranking.RankedResults) under
the versions of the whole site and of the latest list: a repeated query runs no search, and a
change to any article (published, withdrawn, edited) or a bulk write is seen by the next search."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from editorial import invalidation
from tests.factories import make_article
from tests.test_cache import cache_backend  # noqa: F401 -- a fixture: each test with each cache

pytestmark = pytest.mark.django_db

URL = "/en/search/?q=harbour"


@pytest.fixture
def harbour(cache_backend):  # noqa: F811 -- the imported fixture, by name
    return make_article("harbour-one", title_en="Harbour cranes stand idle", body_en="<p>The harbour.</p>")


def searched(client, url=URL):
    """(the article addresses found, the number of queries run)."""
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return {slug for slug in ("harbour-one", "harbour-two") if f"/en/articles/{slug}/" in html}, len(queries)


def test_a_repeated_search_runs_one_query_fewer_and_finds_the_same(client, harbour):
    client.get("/en/search/?q=warm")  # the shared state, read once and then kept in memory
    found, first = searched(client)
    again, second = searched(client)
    assert found == again == {"harbour-one"}
    assert second == first - 1


def test_another_query_is_searched_for(client, harbour):
    searched(client)
    assert searched(client, "/en/search/?q=cranes")[0] == {"harbour-one"}
    assert searched(client, "/en/search/?q=desert")[0] == set()


def test_a_new_article_is_found_by_the_next_search(client, harbour):
    searched(client)
    make_article("harbour-two", title_en="Harbour reopens", body_en="<p>Ships return.</p>")
    assert searched(client)[0] == {"harbour-one", "harbour-two"}


def test_a_withdrawn_article_leaves_the_next_search(client, harbour):
    second = make_article("harbour-two", title_en="Harbour reopens", body_en="<p>Ships return.</p>")
    assert searched(client)[0] == {"harbour-one", "harbour-two"}
    second.status = Article.Status.DRAFT
    second.save()
    html = client.get(URL).content.decode()
    assert "/en/articles/harbour-two/" not in html
    assert "/en/articles/harbour-one/" in html


def test_a_bulk_write_is_seen_by_the_next_search(client, harbour):
    searched(client)
    Article.objects.filter(pk=harbour.pk).update(status=Article.Status.DRAFT)
    invalidation.content_changed()
    assert searched(client)[0] == set()


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_without_a_cache_every_search_is_run(client, harbour):
    client.get("/en/search/?q=warm")
    found, first = searched(client)
    again, second = searched(client)
    assert found == again == {"harbour-one"}
    assert second == first

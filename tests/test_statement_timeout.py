"""A runaway query of a public page is cancelled by PostgreSQL's statement_timeout and the reader
gets the short 503 page, instead of a worker held until gunicorn kills it."""

from unittest import mock

import pytest
from django.db import connection, transaction
from django.test import override_settings

from articles import views
from tests.factories import make_article, make_user

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


def slow_alternates(request, languages=None):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(30)")
    return {}


@pytest.fixture
def reader(client):
    client.raise_request_exception = False
    return client


@override_settings(NEWSROOM_STATEMENT_TIMEOUT_MS=300)
def test_a_slow_query_answers_503(reader):
    make_article("story")
    with mock.patch.object(views, "alternate_urls", slow_alternates):
        response = reader.get("/en/articles/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "X-Cache" not in response
    # The connection is usable again for the next reader.
    assert reader.get("/en/articles/").status_code == 200


@override_settings(NEWSROOM_STATEMENT_TIMEOUT_MS=300)
def test_the_timeout_holds_only_for_the_render(reader):
    make_article("story")
    assert reader.get("/en/articles/story/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def briefly_slow_alternates(request, languages=None):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.6)")
    return {}


@override_settings(NEWSROOM_STATEMENT_TIMEOUT_MS=300)
def test_logged_in_pages_are_not_limited(client):
    make_article("story")
    client.force_login(make_user(superuser=True))
    with mock.patch.object(views, "alternate_urls", briefly_slow_alternates):
        assert client.get("/en/articles/").status_code == 200
        client.logout()
        client.raise_request_exception = False
        assert client.get("/en/articles/").status_code == 503


def current_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@override_settings(NEWSROOM_STATEMENT_TIMEOUT_MS=300)
def test_the_limit_set_once_still_holds_for_the_next_public_page(reader):
    # The limit stays on the connection between public pages: the next one is limited without
    # setting it again, even after a query of its own outside any page.
    make_article("story")
    assert reader.get("/en/articles/story/").status_code == 200
    with mock.patch.object(views, "alternate_urls", slow_alternates):
        assert reader.get("/en/articles/").status_code == 503


@override_settings(NEWSROOM_STATEMENT_TIMEOUT_MS=300)
def test_an_editor_after_a_reader_on_the_same_connection_is_not_limited(client):
    make_article("story")
    assert client.get("/en/articles/").status_code == 200
    client.force_login(make_user(superuser=True))
    with mock.patch.object(views, "alternate_urls", briefly_slow_alternates):
        assert client.get("/en/articles/").status_code == 200
    assert client.get("/en/admin/").status_code == 200


@override_settings(NEWSROOM_STATEMENT_TIMEOUT_MS=300)
def test_a_transaction_after_a_public_page_is_not_limited(reader):
    make_article("story")
    assert reader.get("/en/articles/story/").status_code == 200
    with transaction.atomic():
        assert current_timeout() == "0"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.6)")
    assert current_timeout() == "0"


@override_settings(NEWSROOM_STATEMENT_TIMEOUT_MS=300)
def test_a_new_connection_is_limited_afresh(reader):
    make_article("story")
    assert reader.get("/en/articles/story/").status_code == 200
    connection.close()
    with mock.patch.object(views, "alternate_urls", slow_alternates):
        assert reader.get("/en/articles/").status_code == 503
    assert current_timeout() == "0"


@override_settings(NEWSROOM_STATEMENT_TIMEOUT_MS=300)
def test_a_cache_hit_needs_no_connection_for_the_limit(reader):
    make_article("story")
    assert reader.get("/en/articles/story/")["X-Cache"] == "miss"
    connection.close()
    assert reader.get("/en/articles/story/")["X-Cache"] == "hit"
    assert connection.connection is None

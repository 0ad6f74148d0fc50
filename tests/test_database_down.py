"""When the database does not answer, readers get a short 503 page in their language, pages
already cached keep being served, and the site recovers by itself once the database is back."""

import socket
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    # Like a browser: the server's error page, not the exception the test client would re-raise.
    client.raise_request_exception = False
    return client


def database_down():
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    return mock.patch.object(connections["default"], "cursor", side_effect=refused)


@pytest.mark.parametrize(
    ("url", "text", "direction"),
    [
        ("/en/", "Temporarily unavailable", "ltr"),
        ("/ar/", "غير متاح مؤقتاً", "rtl"),
        ("/ar/articles/story/", "غير متاح مؤقتاً", "rtl"),
        ("/en/search/?q=port", "Temporarily unavailable", "ltr"),
    ],
)
def test_readers_get_a_short_503_page_in_their_language(reader, url, text, direction):
    make_article("story", title_ar="خبر", body_ar="<p>نص</p>")
    with database_down():
        response = reader.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert text in html
    assert f'dir="{direction}"' in html
    assert "Traceback" not in html and "OperationalError" not in html and "5432" not in html
    assert "X-Cache" not in response  # an outage page is never stored


def test_a_cached_page_is_still_served_while_the_database_is_down(reader):
    make_article("story")
    assert reader.get("/en/articles/story/")["X-Cache"] == "miss"
    with database_down():
        response = reader.get("/en/articles/story/")
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"


def test_the_site_recovers_by_itself_when_the_database_is_back(reader):
    make_article("story")
    with database_down():
        assert reader.get("/en/").status_code == 503
        assert reader.get("/healthz").content == b"unavailable: database\n"
    assert reader.get("/en/").status_code == 200
    assert reader.get("/healthz").content == b"ok\n"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again on leaving: nothing listens there


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server at a real address: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_postgresql_unreachable_then_back(reader):
    make_article("story")
    database = connections["default"]
    port = database.settings_dict["PORT"]
    database.close()
    database.settings_dict["PORT"] = closed_port()
    try:
        assert reader.get("/en/articles/story/").status_code == 503
        assert reader.get("/healthz").status_code == 503
    finally:
        database.close()
        database.settings_dict["PORT"] = port
    assert reader.get("/en/articles/story/").status_code == 200
    assert reader.get("/healthz").status_code == 200

"""/healthz: what a load balancer asks before sending readers to this server."""

import pytest
from django.db import OperationalError

from newsroom import health


class BrokenConnection:
    def cursor(self):
        raise OperationalError("connection refused")


@pytest.mark.django_db
def test_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_is_never_cached(client):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_answers_503_naming_the_database_when_it_fails(client, monkeypatch):
    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable: database\n"


DEAD_CACHES = {
    # Nothing listens on port 1: the connection is refused at once.
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.mark.django_db
@pytest.mark.parametrize("location", ["redis://127.0.0.1:1/0", "redis://127.0.0.1:63a79/0"])
def test_a_cache_outage_is_reported_degraded_but_keeps_the_server_in(client, settings, location):
    # Pages render uncached without the cache: a 503 here would take every app server out at once.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"degraded: cache\n"


def test_names_both_when_database_and_cache_fail(client, settings, monkeypatch):
    settings.CACHES = DEAD_CACHES
    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable: database\ndegraded: cache\n"


@pytest.mark.django_db
def test_is_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/en/").status_code == 301
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_has_no_language_prefix(client):
    assert client.get("/en/healthz").status_code == 404


def test_accepts_only_reads(client):
    assert client.post("/healthz").status_code == 405

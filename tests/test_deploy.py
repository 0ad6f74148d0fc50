"""The site as production runs it: collected static files with DEBUG off, deployment checks, gunicorn.

The rest of the suite links unhashed static files through the finders (tests/settings.py), so
a page naming a file that `collectstatic` did not collect would pass there and answer 500 in
production. These tests render pages from a real manifest instead. CI collects the files with
production settings and points NEWSROOM_COLLECTED_STATIC at them; otherwise the tests collect
them the way a developer would, with a bare `manage.py collectstatic`.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import path

from newsroom import checks
from newsroom import urls as project_urls

from .factories import make_article, make_section
from .processes import ROOT, run_manage

# Production as far as settings go, on this machine's SQLite and per-process cache.
PRODUCTION_SETTINGS = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x9!k2-production-like-secret-key-for-tests-only-0c4f8a7e1d2b3c4d5e6f7a8b9c",
    "DJANGO_ALLOWED_HOSTS": "news.example.com",
}
STATIC_URL_RE = re.compile(r"""(?:href|src)="(/static/[^"]+)\"""")


def boom(request):
    raise RuntimeError("a view failed")


# This module doubles as a URLconf: the project's URLs plus one view that fails, to reach the
# 500 page through Django's own error handling.
urlpatterns = [*project_urls.urlpatterns, path("boom/", boom)]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    given = os.environ.get("NEWSROOM_COLLECTED_STATIC")
    if given:
        return Path(given)
    static_root = tmp_path_factory.mktemp("staticfiles")
    # The command exactly as a developer types it: manage.py defaults to debug.
    result = run_manage("collectstatic", "--noinput", "-v0", env={"DJANGO_STATIC_ROOT": str(static_root)}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return static_root


@pytest.fixture
def production_static(settings, collected_static):
    settings.DEBUG = False
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return collected_static


def test_collectstatic_writes_the_manifest_even_from_a_debug_shell(collected_static):
    assert (collected_static / "staticfiles.json").is_file()
    assert list((collected_static / "css").glob("public.*.css.gz"))


def assert_static_files_are_served(client, html):
    urls = STATIC_URL_RE.findall(html)
    assert urls, "the page links no static file"
    for url in urls:
        # Hashed names, so browsers and proxies may keep them forever.
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert "immutable" in response["Cache-Control"], url
        response.close()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/ar/", "/en/articles/hello/", "/en/admin/login/"])
def test_pages_render_with_the_collected_manifest_and_debug_off(production_static, url):
    section = make_section(slug="world", name_ar="العالم")
    make_article(slug="hello", title_ar="مرحبا", body_ar="<p>نص.</p>", section=section)
    client = Client()
    response = client.get(url, secure=True)
    assert response.status_code == 200
    assert_static_files_are_served(client, response.content.decode())


@pytest.mark.django_db
def test_not_found_page_renders_with_the_collected_manifest(production_static):
    client = Client()
    response = client.get("/en/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_static_files_are_served(client, response.content.decode())


@pytest.mark.django_db
def test_server_error_page_renders_with_the_collected_manifest(production_static, settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", secure=True)
    assert response.status_code == 500
    assert_static_files_are_served(client, response.content.decode())


# Deployment checks: settings that work on one machine and break behind several workers.

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache:6379/0"}}
SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
POSTGRES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "newsroom"}}


def deploy_warnings(monkeypatch, *, debug, caches, databases):
    # A stand-in for the settings: overriding DATABASES under a live test database is unsafe.
    monkeypatch.setattr(checks, "settings", SimpleNamespace(DEBUG=debug, CACHES=caches, DATABASES=databases))
    messages = checks.check_shared_cache(None) + checks.check_production_database(None)
    return [m.id for m in messages]


def test_per_process_cache_and_sqlite_are_flagged_in_production(monkeypatch):
    warnings = deploy_warnings(monkeypatch, debug=False, caches=LOCMEM, databases=SQLITE)
    assert warnings == ["newsroom.W001", "newsroom.W002"]


def test_redis_and_postgresql_pass_the_production_checks(monkeypatch):
    assert deploy_warnings(monkeypatch, debug=False, caches=REDIS, databases=POSTGRES) == []


def test_developer_defaults_are_not_flagged_with_debug_on(monkeypatch):
    assert deploy_warnings(monkeypatch, debug=True, caches=LOCMEM, databases=SQLITE) == []


def test_check_deploy_flags_the_developer_defaults_with_debug_off():
    env = PRODUCTION_SETTINGS
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr
    assert "Set REDIS_URL" in result.stderr
    assert "newsroom.W002" in result.stderr


# gunicorn's configuration file.


def gunicorn_config(tmp_path, **env):
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "newsroom/gunicorn.conf.py", "--print-config", "newsroom.wsgi"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **PRODUCTION_SETTINGS, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    values = dict(line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    return result, {name.strip(): value.strip() for name, value in values.items()}


def test_gunicorn_reads_its_numbers_from_the_environment_and_opens_no_control_socket(tmp_path):
    result, config = gunicorn_config(tmp_path, GUNICORN_WORKERS="3", GUNICORN_THREADS="4", GUNICORN_TIMEOUT="20")
    assert result.returncode == 0, result.stderr
    assert (config["workers"], config["threads"], config["timeout"]) == ("3", "4", "20")
    assert config["control_socket_disable"] == "True"


def test_gunicorn_refuses_a_number_that_is_not_one_naming_the_variable(tmp_path):
    result, _ = gunicorn_config(tmp_path, GUNICORN_WORKERS="four")
    assert result.returncode != 0
    assert "GUNICORN_WORKERS must be a whole number; got 'four'." in result.stderr


@pytest.mark.parametrize(("entry_point", "conn_max_age"), [("newsroom.wsgi", 60), ("newsroom.asgi", 0)])
def test_only_the_wsgi_entry_point_keeps_database_connections_open(entry_point, conn_max_age):
    code = f"import {entry_point}; from django.conf import settings as s; print(s.DATABASES['default']['CONN_MAX_AGE'])"
    env = {
        "PATH": os.environ.get("PATH", ""),
        **PRODUCTION_SETTINGS,
        "DATABASE_URL": "postgres://newsroom@db.internal:5432/newsroom",
    }
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(conn_max_age)

"""The settings module: what it reads from the environment and what it refuses."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from .processes import ROOT, run_manage

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x9!k2-production-like-secret-key-for-tests-only-0c4f8a7e1d2b3c4d5e6f7a8b9c",
    "DJANGO_ALLOWED_HOSTS": "news.example.com",
    "DATABASE_URL": "postgres://newsroom:pw@db.internal:5432/newsroom",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def run_python(code, env):
    """Runs code in a fresh interpreter with only `env` (plus PATH) as its environment."""
    base = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60
    )


def settings_values(env, *names):
    code = "import json; from newsroom import settings as s; print(json.dumps({n: getattr(s, n) for n in %r}))"
    result = run_python(code % (names,), env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_python("import django; django.setup()", {"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_defaults_to_off():
    result = run_python("import django; django.setup()", {})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_web_entry_point_refuses_to_start_without_secret_key():
    result = run_python("import newsroom.wsgi", {})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_manage_py_defaults_to_debug_for_developers():
    result = run_manage("check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_starts_without_secret_key_in_debug():
    values = settings_values({"DJANGO_DEBUG": "1"}, "DEBUG", "SECRET_KEY")
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"].startswith("django-insecure")


def test_invalid_boolean_is_refused_with_the_variable_name():
    result = run_python("import django; django.setup()", {"DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_default_database_is_a_sqlite_file_in_the_project():
    db = settings_values({"DJANGO_DEBUG": "1"}, "DATABASES")["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(ROOT / "db.sqlite3")


def test_database_url_postgres_is_parsed_for_psycopg():
    env = {"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://editor:s3cret@db.example.com:6543/news"}
    db = settings_values(env, "DATABASES")["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "editor",
        "s3cret",
        "db.example.com",
        6543,
        "news",
    )
    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True


def test_postgres_connections_turn_jit_off_and_raise_work_mem_unless_asked():
    env = {"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://editor:s3cret@db.example.com:6543/news"}
    options = settings_values(env, "DATABASES")["DATABASES"]["default"]["OPTIONS"]["options"]
    assert options == "-c jit=off -c work_mem=16MB"
    kept = {**env, "NEWSROOM_PG_JIT": "1", "NEWSROOM_PG_WORK_MEM": ""}
    assert "options" not in settings_values(kept, "DATABASES")["DATABASES"]["default"].get("OPTIONS", {})
    bad = run_python("import newsroom.settings", {**env, "NEWSROOM_PG_WORK_MEM": "lots"})
    assert bad.returncode != 0 and "NEWSROOM_PG_WORK_MEM" in bad.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_the_live_connection_has_jit_off(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "16MB"


def test_empty_database_url_means_the_default_sqlite_file():
    db = settings_values({"DJANGO_DEBUG": "1", "DATABASE_URL": ""}, "DATABASES")["DATABASES"]["default"]
    assert db["NAME"] == str(ROOT / "db.sqlite3")


def database_url_error(url):
    result = run_python("import django; django.setup()", {"DJANGO_DEBUG": "1", "DATABASE_URL": url})
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]


def test_database_url_without_a_scheme_is_refused_with_the_variable_name():
    error = database_url_error("foo")
    assert "ImproperlyConfigured: DATABASE_URL must start with postgres://" in error


def test_database_url_with_a_bad_port_is_refused_without_showing_the_password():
    error = database_url_error("postgres://editor:s3cret@db.example.com:54x2/news")
    assert "ImproperlyConfigured: DATABASE_URL is not a valid URL" in error
    assert "postgres://editor:***@db.example.com:54x2/news" in error
    assert "s3cret" not in error


def test_database_url_without_a_database_name_is_refused():
    error = database_url_error("postgres://editor:s3cret@db.example.com:5432/")
    assert "ImproperlyConfigured: DATABASE_URL names no database" in error
    assert "s3cret" not in error


def test_redis_url_selects_the_redis_cache_and_default_is_local_memory():
    default = settings_values({"DJANGO_DEBUG": "1"}, "CACHES")["CACHES"]["default"]
    assert default["BACKEND"].endswith("LocMemCache")
    redis = settings_values({"DJANGO_DEBUG": "1", "REDIS_URL": "redis://cache:6379/2"}, "CACHES")["CACHES"]["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache:6379/2"


def test_unknown_cache_url_is_refused():
    result = run_python("import django; django.setup()", {"DJANGO_DEBUG": "1", "CACHE_URL": "memcached://x"})
    assert result.returncode != 0
    assert "CACHE_URL/REDIS_URL must start with" in result.stderr


def test_pages_kept_in_process_memory_default_to_one_second_and_refuse_negatives():
    values = settings_values({"DJANGO_DEBUG": "1"}, "NEWSROOM_LOCAL_PAGE_MS", "NEWSROOM_LOCAL_PAGE_MB")
    assert values == {"NEWSROOM_LOCAL_PAGE_MS": 1000, "NEWSROOM_LOCAL_PAGE_MB": 32}
    result = run_python("import django; django.setup()", {"DJANGO_DEBUG": "1", "NEWSROOM_LOCAL_PAGE_MS": "-1"})
    assert "NEWSROOM_LOCAL_PAGE_MS and NEWSROOM_LOCAL_PAGE_MB must be 0 or more" in result.stderr


def test_time_zone_and_languages(settings):
    values = settings_values({"DJANGO_DEBUG": "1"}, "TIME_ZONE", "USE_TZ")
    assert values["TIME_ZONE"] == "Asia/Kuwait"
    assert values["USE_TZ"] is True
    assert [code for code, _ in settings.LANGUAGES] == ["en", "ar"]
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE


def test_modeltranslation_is_installed_before_the_admin():
    apps = settings_values({"DJANGO_DEBUG": "1"}, "INSTALLED_APPS")["INSTALLED_APPS"]
    assert apps.index("modeltranslation") < apps.index("django.contrib.admin")


@pytest.mark.django_db
def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_debug_in_production():
    env = {**PRODUCTION_ENV, "DJANGO_DEBUG": "1"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_suite_runs_on_the_database_it_was_given():
    # CI's PostgreSQL run sets NEWSROOM_REQUIRE_POSTGRES, so a run that silently fell back to
    # SQLite fails here instead of passing for the wrong database.
    wants_postgres = os.environ.get("NEWSROOM_REQUIRE_POSTGRES") or os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    )
    assert connection.vendor == ("postgresql" if wants_postgres else "sqlite")


LOG_SOME_LINES = """
import django, logging
django.setup()
logging.getLogger("django").warning("from django")
logging.getLogger("django.request").error("from django.request")
logging.getLogger("articles").warning("from the app")
logging.getLogger("django.server").info('"GET /en/ HTTP/1.1" 200 5')
"""


@pytest.mark.parametrize("debug", ["1", "0"])
def test_each_log_record_is_one_line_with_time_level_and_logger(debug):
    result = run_python(LOG_SOME_LINES, {**PRODUCTION_ENV, "DJANGO_DEBUG": debug})
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 4, lines
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"
    assert re.fullmatch(stamp + " WARNING django: from django", lines[0])
    assert re.fullmatch(stamp + r" ERROR django\.request: from django\.request", lines[1])
    assert re.fullmatch(stamp + " WARNING articles: from the app", lines[2])
    # runserver's request lines stay as Django prints them.
    assert re.fullmatch(r'\[.+\] "GET /en/ HTTP/1\.1" 200 5', lines[3])


def test_hsts_is_on_in_production_but_subdomains_and_preload_are_opt_in():
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    assert settings_values(PRODUCTION_ENV, *names) == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
    }
    opted_in = {**PRODUCTION_ENV, "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1", "DJANGO_HSTS_PRELOAD": "1"}
    assert settings_values(opted_in, *names) == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
    }


def test_breaking_window_and_page_policy_come_from_the_environment():
    env = {"DJANGO_DEBUG": "1", "NEWSROOM_BREAKING_HOURS": "6", "NEWSROOM_CSP": "default-src 'self'"}
    values = settings_values(env, "NEWSROOM_BREAKING_HOURS", "NEWSROOM_CSP")
    assert values == {"NEWSROOM_BREAKING_HOURS": 6, "NEWSROOM_CSP": "default-src 'self'"}
    # Unset, the middleware's strict default applies.
    result = run_python("from newsroom import settings as s; print(hasattr(s, 'NEWSROOM_CSP'))", {"DJANGO_DEBUG": "1"})
    assert result.stdout.strip() == "False"

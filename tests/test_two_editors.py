"""Two editors in two real processes save the same article at the same moment: exactly one save
wins, the other editor is shown the conflict with their own text kept, and nothing is lost."""

import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

from tests.processes import ROOT, run_manage


@pytest.fixture
def database_url(tmp_path):
    """A database of their own for the two processes (the suite's own may live in memory)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'race.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"newsroom_race_{uuid.uuid4().hex[:12]}"
    server = f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def editor(database_url, *args):
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": database_url, "CACHE_URL": "dummy://"}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.race.editor", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process):
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1]) if out.strip() else None


def test_two_processes_saving_one_article_at_once(database_url, tmp_path):
    env = {"DATABASE_URL": database_url, "CACHE_URL": "dummy://", "DJANGO_DEBUG": "1"}
    migrated = run_manage("migrate", "--noinput", "-v0", env=env, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    finished(editor(database_url, "setup"))
    barrier = tmp_path / "barrier"
    barrier.mkdir()

    first, second = (
        editor(database_url, "save", str(barrier), "first"),
        editor(database_url, "save", str(barrier), "second"),
    )
    results = {result["name"]: result for result in (finished(first), finished(second))}

    winners = [name for name, result in results.items() if result["status"] == 302]
    losers = [name for name, result in results.items() if result["status"] == 200]
    assert len(winners) == 1 and len(losers) == 1, results
    loser = results[losers[0]]
    assert loser["conflict"] and loser["kept_text"], loser
    stored = finished(editor(database_url, "show"))
    assert stored["title"] == f"Headline by {winners[0]}"
    assert stored["body"] == f"<p>Body written by {winners[0]}.</p>"
    assert stored["version"] == 2

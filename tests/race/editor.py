"""One editor, in a process of their own, saving an article through the admin's change form.

    python -m tests.race.editor setup                 -> creates the editor and the article
    python -m tests.race.editor save BARRIER NAME     -> saves it, once both editors are ready
    python -m tests.race.editor show                  -> prints the stored article

The environment names the database (DATABASE_URL). `save` waits (a few seconds at most), just
before the model's version check takes its row lock, until the other editor's process has got
there too, so the two saves really meet; everything else is the code that runs in production.
"""

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Article  # noqa: E402
from editorial import versioning  # noqa: E402
from tests.factories import article_form_data, make_article, make_editor  # noqa: E402

SLUG = "contested"


def setup():
    make_editor("first")
    make_editor("second")
    make_article(SLUG, title_en="The original headline", body_en="<p>The original body.</p>")


def wait_for_each_other(barrier, name):
    original = versioning.VersionedModel._save_checking_version

    def at_the_same_moment(self, *args, **kwargs):
        (barrier / name).touch()
        # Not forever: on SQLite the other editor may be waiting for this one's write lock, taken
        # when the admin's transaction began, and reaches this point only after this save.
        deadline = time.monotonic() + 3
        while len(list(barrier.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.002)
        return original(self, *args, **kwargs)

    versioning.VersionedModel._save_checking_version = at_the_same_moment


def save(barrier, name):
    article = Article.objects.get(slug=SLUG)
    headline, body = f"Headline by {name}", f"<p>Body written by {name}.</p>"
    data = article_form_data(article, title_en=headline, body_en=body)
    wait_for_each_other(Path(barrier), name)
    client = Client(raise_request_exception=False, HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username=name))
    response = client.post(f"/en/admin/articles/article/{article.pk}/change/", data)
    html = response.content.decode()
    print(
        json.dumps(
            {
                "name": name,
                "status": response.status_code,
                "conflict": "Someone else saved this article" in html,
                "kept_text": headline in html and f"Body written by {name}." in html,
            }
        )
    )


def show():
    article = Article.objects.get(slug=SLUG)
    print(json.dumps({"title": article.title_en, "body": article.body_en, "version": article.version}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"setup": setup, "save": save, "show": show}[command](*args)

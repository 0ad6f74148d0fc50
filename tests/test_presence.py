"""Presence on the article form: whoever else has the same article open is named, with since
when, through a heartbeat kept in the cache (the per-process cache in tests)."""

import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.workflow import presence
from tests.factories import make_article, make_editor, make_reporter

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def presence_url(article):
    return reverse("admin:articles_article_presence", args=[article.pk])


@pytest.fixture
def huda():
    return make_editor("huda")


@pytest.fixture
def amal():
    return make_editor("amal")


def test_the_form_names_whoever_else_has_the_article_open_and_since_when(huda, amal):
    article = make_article()
    huda.first_name = "Huda"
    huda.save()
    logged_in(huda).get(reverse("admin:articles_article_change", args=[article.pk]))
    since = presence.others_present(article.pk, amal)[0][1]

    response = logged_in(amal).get(reverse("admin:articles_article_change", args=[article.pk]))

    html = response.content.decode()
    expected = f"Also open by Huda (editing since {date_format(timezone.localtime(since), 'TIME_FORMAT')})"
    assert response.context["presence_message"] == expected
    assert expected in html
    assert f'data-presence-url="{presence_url(article)}"' in html
    assert "articles/admin/presence.js" in html
    # Nobody else: the notice is there for the script to fill, hidden and empty.
    alone = logged_in(huda).get(reverse("admin:articles_article_change", args=[make_article().pk]))
    assert alone.context["presence_message"] == ""


def test_the_heartbeat_records_and_answers_who_else_is_there(huda, amal):
    article = make_article()
    first = logged_in(huda).post(presence_url(article))
    assert first.status_code == 200
    assert first.json() == {"others": [], "message": ""}

    answer = logged_in(amal).post(presence_url(article)).json()
    assert [other["name"] for other in answer["others"]] == ["huda"]
    assert answer["message"].startswith("Also open by huda (editing since ")


def test_since_is_kept_across_heartbeats_and_a_silent_editor_is_gone(huda, amal):
    article = make_article()
    start = timezone.now() - timedelta(seconds=50)
    presence.record_presence(article.pk, huda, now=start)
    presence.record_presence(article.pk, huda, now=start + timedelta(seconds=30))
    assert presence.others_present(article.pk, amal, now=start + timedelta(seconds=40)) == [("huda", start)]
    # Two heartbeats missed: no longer shown.
    assert presence.others_present(article.pk, amal, now=start + timedelta(seconds=30 + 80)) == []


def test_leaving_removes_the_editor_at_once(huda, amal):
    article = make_article()
    client = logged_in(huda)
    client.post(presence_url(article))
    assert presence.others_present(article.pk, amal)
    client.post(presence_url(article), {"leave": "1"})
    assert presence.others_present(article.pk, amal) == []


def test_the_heartbeat_is_post_only_and_only_for_who_may_see_the_article(huda):
    article = make_article(status="draft", created_by=make_reporter())
    assert logged_in(huda).get(presence_url(article)).status_code == 405
    assert logged_in(make_reporter()).post(presence_url(article)).status_code == 404
    assert Client().post(presence_url(article)).status_code == 302  # to the login page
    csrf_checked = Client(enforce_csrf_checks=True)
    csrf_checked.force_login(huda)
    assert csrf_checked.post(presence_url(article)).status_code == 403


def test_the_heartbeat_script_waits_for_the_notice_it_fills(huda):
    """The admin puts its scripts in the page's head, before the notice and the form: a script
    that looked for them as it loaded found nothing, and no heartbeat was ever sent."""
    article = make_article()
    html = logged_in(huda).get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    script = re.search(r'<script[^>]*src="[^"]*articles/admin/presence\.js"[^>]*>', html)
    assert script is not None
    if script.start() < html.index("data-presence-url=") and " defer" not in script.group():
        source = finders.find("articles/admin/presence.js")
        with open(source, encoding="utf-8") as file:
            code = file.read()
        assert 'addEventListener("DOMContentLoaded"' in code, "presence.js runs before the notice exists"

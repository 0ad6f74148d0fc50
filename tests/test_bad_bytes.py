"""A NUL or bytes that are not UTF-8, in the path, the query or a form, are refused with 400, never a 500.

On PostgreSQL a NUL reaching a query fails it (DataError); SQLite merely finds nothing. Every
public URL pattern is tried, so that a page added later is covered too.
"""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import make_article, make_author, make_editor, make_section, make_tag

pytestmark = pytest.mark.django_db

BAD = ["%00", "%ff", "a%00b", "%c3%28"]
PARAMETER = re.compile(r"<(?:\w+:)?\w+>")


def public_patterns(patterns=None, prefix=""):
    """Every public URL pattern as a path template (parameters as <...>), the admin's left out."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).replace("^", "").replace("$", "")
        if isinstance(pattern, URLResolver):
            if "admin/" in route or "i18n/" in route:
                continue
            yield from public_patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not route.startswith(("en/admin", "admin")):
            yield route


def bad_urls(bad):
    """Each public page with `bad` in its parameters, or, with none, in a query parameter's value and name."""
    for route in public_patterns():
        # The i18n patterns come back with the default language's prefix, en/.
        editions = ("/en", "/ar") if route.startswith("en/") else ("",)
        route = "/" + route.removeprefix("en/")
        for edition in editions:
            if PARAMETER.search(route):
                yield edition + PARAMETER.sub(bad, route)
            else:
                yield f"{edition}{route}?q={bad}&page={bad}"
                yield f"{edition}{route}?{bad}=1"


@pytest.fixture
def content():
    section, tag, author = make_section("world"), make_tag("oil"), make_author("sara")
    make_article("story", section=section, tags=[tag], authors=[author])


def test_the_public_patterns_are_all_found():
    routes = set(public_patterns())
    for expected in ("articles/<str:slug>/", "feeds/authors/<str:slug>/atom/", "sitemap-<str:section>.xml"):
        assert any(route.endswith(expected) for route in routes), expected


@pytest.mark.parametrize("bad", BAD)
def test_every_public_page_refuses_bad_bytes_with_400(client, content, bad):
    answers = {url: client.get(url).status_code for url in bad_urls(bad)}
    assert answers and set(answers.values()) == {400}, {url: code for url, code in answers.items() if code != 400}


@pytest.mark.parametrize("bad", BAD)
def test_a_form_with_bad_bytes_is_refused_with_400(client, bad):
    client.force_login(make_editor())
    url = reverse("admin:articles_article_changelist")
    assert client.post(url, f"q={bad}", content_type="application/x-www-form-urlencoded").status_code == 400
    assert client.post(url, f"{bad}=1", content_type="application/x-www-form-urlencoded").status_code == 400


def test_a_multipart_form_with_a_nul_is_refused_with_400(client):
    client.force_login(make_editor())
    assert client.post(reverse("admin:articles_article_add"), {"title_en": "A\x00B"}).status_code == 400


def test_good_text_still_passes(client, content):
    assert client.get("/ar/search/", {"q": "النفط"}).status_code == 200
    assert client.get("/en/articles/story/", {"utm": "a+b%20c"}).status_code == 200


@pytest.mark.parametrize("bad", BAD)
def test_admin_autocomplete_refuses_bad_bytes_with_400(client, bad):
    make_section("world")
    client.force_login(make_editor())
    query = f"term={bad}&app_label=articles&model_name=article&field_name=section"
    assert client.get(f"{reverse('admin:autocomplete')}?{query}").status_code == 400


@pytest.mark.parametrize("model", ["article", "author"])
@pytest.mark.parametrize("selected", ["None", "", "1.5", "-"])
def test_an_action_on_ids_that_are_not_ids_changes_nothing_and_answers_cleanly(client, model, selected):
    article = make_article("kept")
    client.force_login(make_editor())
    action = {"article": "unpublish_action", "author": "delete_selected"}[model]
    response = client.post(
        reverse(f"admin:articles_{model}_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [selected], "index": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert "The selection was not understood, so nothing was changed." in response.content.decode()
    article.refresh_from_db()
    assert article.status == "published"


@pytest.mark.parametrize("model", ["section", "tag"])
@pytest.mark.parametrize("selected", ["None", "1.5"])
def test_taxonomy_actions_on_ids_that_are_not_ids_change_nothing(client, model, selected):
    kept = {"section": make_section, "tag": make_tag}[model]("kept")
    client.force_login(make_editor())
    response = client.post(
        reverse(f"admin:taxonomy_{model}_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [selected], "index": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert "The selection was not understood, so nothing was changed." in response.content.decode()
    assert type(kept).objects.filter(pk=kept.pk).exists()

"""A tag typed into an article's tag box is created there, for whoever may add tags, and only for them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from taxonomy.models import Tag
from tests.factories import make_reporter, make_tag, make_user

pytestmark = pytest.mark.django_db


def create_url(language="en"):
    with translation.override(language):
        return reverse("admin:taxonomy_tag_create_from_form")


def test_a_reporter_creates_a_tag_named_in_the_admins_language(client):
    client.force_login(make_reporter())
    response = client.post(create_url("ar"), {"name": "  طاقة   شمسية "})
    assert response.status_code == 201
    tag = Tag.objects.get(pk=response.json()["id"])
    assert (tag.name_ar, tag.name_en) == ("طاقة شمسية", None)
    assert response.json()["text"] == "طاقة شمسية"
    assert tag.slug


def test_a_name_a_tag_already_has_gives_that_tag(client):
    existing = make_tag("elections", name_en="Elections", name_ar="انتخابات")
    client.force_login(make_reporter())
    for name in ("elections", "ELECTIONS", "انتخابات"):
        response = client.post(create_url(), {"name": name})
        assert (response.status_code, response.json()["id"]) == (200, existing.pk)
    assert Tag.objects.count() == 1


def test_without_the_permission_to_add_tags_nothing_is_created(client):
    user = make_user("no-tags")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_article", "view_article", "view_tag"]))
    client.force_login(user)
    assert client.post(create_url(), {"name": "Weather"}).status_code == 403
    assert not Tag.objects.exists()


def test_the_form_offers_creation_only_to_those_allowed(client):
    user = make_user("no-tags")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_article", "view_article", "view_tag"]))
    client.force_login(user)
    assert b"data-create-url" not in client.get(reverse("admin:articles_article_add")).content
    client.force_login(make_reporter())
    assert b"data-create-url" in client.get(reverse("admin:articles_article_add")).content


def test_an_empty_or_overlong_name_or_a_get_is_refused(client):
    client.force_login(make_reporter())
    assert client.post(create_url(), {"name": "   "}).status_code == 400
    assert client.post(create_url(), {"name": "x" * 101}).status_code == 400
    assert client.get(create_url()).status_code == 405
    assert not Tag.objects.exists()

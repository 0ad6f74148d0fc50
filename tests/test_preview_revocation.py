"""Preview links die when an editor revokes them, and when the article is unpublished, archived or deleted.

Each token carries the article's preview generation; revoking moves it on, without touching the
optimistic-locking version (an editor's open form stays current).
"""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import signing
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import Article
from articles.workflow.previews import PREVIEW_SALT
from tests.factories import article_form_data, make_article, make_editor, make_reporter

pytestmark = pytest.mark.django_db

DRAFT, REVIEW = Article.Status.DRAFT, Article.Status.IN_REVIEW


def preview(client, token):
    return client.get(f"/en/preview/{token}/")


def revoke_url(article):
    return reverse("admin:articles_article_revoke_previews", args=[article.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def fresh(article):
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


def test_an_editor_revokes_from_the_change_page_and_a_new_link_works(client, editor):
    article = make_article(status=DRAFT, title_en="Secret draft")
    old = workflow.preview_token(article)
    assert preview(client, old).status_code == 200
    page = client.get(change_url(article)).content.decode()
    assert revoke_url(article) in page and "Revoke preview links" in page
    response = client.post(revoke_url(article), follow=True)
    assert response.status_code == 200
    assert "Preview links revoked" in response.content.decode()
    assert preview(client, old).status_code == 404
    shown = re.search(r"/en/preview/([^/]+)/", response.content.decode()).group(1)
    assert shown != old
    assert "Secret draft" in preview(client, shown).content.decode()


def test_revoking_keeps_the_version_so_an_open_form_still_saves(client, editor):
    article = make_article(status=DRAFT)
    opened = article_form_data(article, body_en="<p>Edited after the revoke.</p>")
    client.post(revoke_url(article))
    assert fresh(article).version == article.version
    assert client.post(change_url(article), opened).status_code == 302
    assert fresh(article).body_en == "<p>Edited after the revoke.</p>"


def test_a_stale_instance_or_a_revert_does_not_bring_revoked_links_back(editor):
    article = make_article(status=DRAFT)
    old = workflow.preview_token(article)
    workflow.save_revision(fresh(article), editor, "first")
    loaded_before = fresh(article)
    workflow.revoke_previews(fresh(article), editor)
    loaded_before.save()
    assert workflow.article_for_preview_token(old) is None
    current = fresh(article)
    workflow.revert_to_version(current, workflow.article_versions(current).last(), editor)
    assert workflow.article_for_preview_token(old) is None


def test_revoking_needs_a_post_with_a_csrf_token(editor):
    article = make_article(status=DRAFT)
    old = workflow.preview_token(article)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(revoke_url(article)).status_code == 405
    assert client.post(revoke_url(article)).status_code == 403
    assert workflow.article_for_preview_token(old) is not None


def test_a_reporter_revokes_their_own_draft_but_not_what_they_may_not_edit(client):
    reporter = make_reporter()
    client.force_login(reporter)
    own = make_article(status=DRAFT, created_by=reporter)
    in_review = make_article(status=REVIEW, created_by=reporter)
    tokens = {article.pk: workflow.preview_token(article) for article in (own, in_review)}
    assert "Revoke preview links" not in client.get(change_url(in_review)).content.decode()
    assert client.post(revoke_url(in_review)).status_code == 403
    assert preview(client, tokens[in_review.pk]).status_code == 200
    assert client.post(revoke_url(own)).status_code == 302
    assert preview(client, tokens[own.pk]).status_code == 404


def test_unpublishing_revokes(client, editor):
    article = make_article()
    old = workflow.preview_token(article)
    workflow.unpublish(article, editor)
    assert preview(client, old).status_code == 404
    assert preview(client, workflow.preview_token(article)).status_code == 200


def test_unpublishing_from_the_list_or_the_form_revokes(client, editor):
    listed, edited = make_article(), make_article()
    old = {article.pk: workflow.preview_token(article) for article in (listed, edited)}
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish_action", ACTION_CHECKBOX_NAME: [listed.pk], "index": "0"},
    )
    assert client.post(change_url(edited), article_form_data(edited, status="draft")).status_code == 302
    assert {fresh(article).status for article in (listed, edited)} == {DRAFT}
    assert all(preview(client, token).status_code == 404 for token in old.values())


def test_archiving_revokes(client, editor):
    article = make_article()
    old = workflow.preview_token(article)
    workflow.archive(article, editor)
    assert preview(client, old).status_code == 404
    assert preview(client, workflow.preview_token(article)).status_code == 200


def test_deleting_revokes(client, editor):
    article = make_article(status=DRAFT)
    old = workflow.preview_token(article)
    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert preview(client, old).status_code == 404


def test_a_link_from_before_generations_is_refused(client):
    article = make_article(status=DRAFT)
    legacy = signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(article.pk))
    assert preview(client, legacy).status_code == 404

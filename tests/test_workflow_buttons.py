"""The workflow as buttons at the top of the change form, by role, each checked on the server;
notes go with the step's revision into the history, and publishing says where the article is live."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles import workflow
from articles.models import Article
from tests.factories import article_form_data, make_article, make_editor, make_reporter

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.PUBLISHED


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def buttons(response):
    return [action for action, _label in response.context["workflow_actions"]]


@pytest.fixture
def reporter():
    return make_reporter("rana")


@pytest.fixture
def editor():
    return make_editor("huda")


def test_a_reporter_gets_save_draft_and_submit_and_no_breaking_news(reporter):
    article = make_article(status=DRAFT, created_by=reporter)
    response = logged_in(reporter).get(change_url(article))
    html = response.content.decode()
    assert buttons(response) == ["save_draft", "submit"]
    assert 'value="submit"' in html and 'value="publish"' not in html
    assert 'name="is_breaking"' not in html
    add = logged_in(reporter).get(reverse("admin:articles_article_add"))
    assert buttons(add) == ["save_draft", "submit"]


def test_a_reporters_tick_on_breaking_news_is_ignored(reporter):
    article = make_article(status=DRAFT, created_by=reporter)
    data = article_form_data(article, is_breaking="on", standfirst_en="New.")
    assert logged_in(reporter).post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.standfirst_en == "New."
    assert article.is_breaking is False


def test_an_editor_may_set_breaking_news(editor):
    article = make_article(status=DRAFT)
    assert 'name="is_breaking"' in logged_in(editor).get(change_url(article)).content.decode()
    assert logged_in(editor).post(change_url(article), article_form_data(article, is_breaking="on")).status_code == 302
    article.refresh_from_db()
    assert article.is_breaking is True


def test_a_reporter_submits_with_a_note_kept_in_the_history(reporter, editor):
    article = make_article(status=DRAFT, created_by=reporter)
    data = article_form_data(article, standfirst_en="Ready.", _workflow="submit", workflow_note="Check the quotes.")
    response = logged_in(reporter).post(change_url(article), data, follow=True)
    assert "Submitted for review" in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.standfirst_en) == (REVIEW, "Ready.")
    # The text and the step are one save: one new version, one revision.
    assert article.version == 2
    revision = workflow.article_versions(article).first().revision
    assert "Submitted for review." in revision.comment and "Check the quotes." in revision.comment
    history = logged_in(editor).get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Check the quotes." in history.content.decode()


def test_a_note_sent_with_submit_from_the_add_form_is_kept_in_the_history(reporter, editor):
    data = article_form_data(
        None, title_en="New story", slug_en="new-story", body_en="<p>Text.</p>", _workflow="submit"
    )
    data["workflow_note"] = "Photos to follow."
    response = logged_in(reporter).post(reverse("admin:articles_article_add"), data, follow=True)
    assert "Submitted for review" in response.content.decode()
    article = Article.objects.get(title_en="New story")
    assert article.status == REVIEW
    revision = workflow.article_versions(article).first().revision
    assert "Submitted for review." in revision.comment and "Photos to follow." in revision.comment
    history = logged_in(editor).get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Photos to follow." in history.content.decode()


def test_a_reporter_cannot_publish_with_a_forged_button(reporter):
    article = make_article(status=DRAFT, created_by=reporter)
    data = article_form_data(article, standfirst_en="Mine.", _workflow="publish")
    response = logged_in(reporter).post(change_url(article), data, follow=True)
    assert "You cannot do that to this article." in response.content.decode()
    article.refresh_from_db()
    assert article.status == DRAFT
    assert article.standfirst_en == "Mine."  # the text is saved all the same


def test_an_editor_gets_the_editors_buttons(editor):
    client = logged_in(editor)
    in_review = client.get(change_url(make_article(status=REVIEW)))
    assert buttons(in_review) == ["publish", "schedule", "send_back", "archive"]
    assert buttons(client.get(change_url(make_article(status=PUBLISHED)))) == ["schedule", "unpublish", "archive"]
    html = client.get(change_url(make_article(status=DRAFT))).content.decode()
    # The schedule's time picker sits next to its button.
    assert 'name="workflow_at_0"' in html and 'name="workflow_at_1"' in html


def test_publish_now_says_it_is_live_with_a_link_in_each_language(editor):
    article = make_article(status=REVIEW, title_ar="عنوان", body_ar="<p>نص</p>", slug="oil")
    data = article_form_data(article, _workflow="publish")
    response = logged_in(editor).post(change_url(article), data, follow=True)
    assert response.redirect_chain[-1][0] == change_url(article)
    html = response.content.decode()
    article.refresh_from_db()
    message = next(str(m) for m in response.context["messages"] if "is now live" in str(m))
    for code in ("en", "ar"):
        with translation.override(code):
            assert f'href="{article.get_absolute_url()}"' in message
        assert f'href="{article.get_absolute_url()}"'.replace("/en/", f"/{code}/") in html
    assert article.is_published()
    assert "Published." in workflow.article_versions(article).first().revision.comment


def test_schedule_needs_a_time_and_takes_it(editor):
    article = make_article(status=REVIEW)
    client = logged_in(editor)
    response = client.post(change_url(article), article_form_data(article, _workflow="schedule"), follow=True)
    assert "Choose the time to publish at" in response.content.decode()
    article.refresh_from_db()
    assert article.status == REVIEW
    at = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    data = article_form_data(
        article, _workflow="schedule", workflow_at_0=at.strftime("%Y-%m-%d"), workflow_at_1=at.strftime("%H:%M:%S")
    )
    response = client.post(change_url(article), data, follow=True)
    assert "Scheduled" in response.content.decode()
    article.refresh_from_db()
    assert article.is_scheduled() and article.publish_at == at


def test_send_back_to_the_reporter_with_a_note(editor, reporter):
    article = make_article(status=REVIEW, created_by=reporter)
    data = article_form_data(article, _workflow="send_back", workflow_note="Needs a second source.")
    assert logged_in(editor).post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == DRAFT
    history = logged_in(reporter).get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Needs a second source." in history.content.decode()


@pytest.mark.parametrize(("action", "status"), [("unpublish", DRAFT), ("archive", Article.Status.ARCHIVED)])
def test_unpublish_and_archive_take_the_article_off_the_site(editor, action, status):
    article = make_article(status=PUBLISHED)
    assert logged_in(editor).post(change_url(article), article_form_data(article, _workflow=action)).status_code == 302
    article.refresh_from_db()
    assert article.status == status


def test_a_reporter_withdraws_from_the_bar_of_the_read_only_form(reporter):
    article = make_article(status=REVIEW, created_by=reporter)
    response = logged_in(reporter).get(change_url(article))
    assert buttons(response) == ["withdraw"]
    assert reverse("admin:articles_article_withdraw", args=[article.pk]) in response.content.decode()


def test_permissions_offer_no_button_a_step_would_refuse(editor, reporter):
    other = make_reporter()
    assert workflow.available_actions(other, make_article(status=DRAFT, created_by=reporter)) == []
    assert workflow.available_actions(reporter, make_article(status=PUBLISHED, created_by=reporter)) == []
    assert "publish" not in workflow.available_actions(editor, make_article(status=PUBLISHED))

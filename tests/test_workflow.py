"""The editorial workflow: transitions in articles/workflow/, the admin actions that call them, scheduled visibility."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import article_form_data, make_article, make_author, make_editor, make_reporter

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.PUBLISHED
CHANGELIST = "admin:articles_article_changelist"


def comments(article):
    return [v.revision.comment for v in workflow.article_versions(article)]


def test_draft_to_review_to_published_keeps_a_revision_per_step():
    reporter, editor = make_reporter(), make_editor()
    article = make_article(status=DRAFT, created_by=reporter)
    workflow.submit_for_review(article, reporter)
    assert article.status == REVIEW
    with pytest.raises(PermissionDenied):
        workflow.publish(article, reporter)
    workflow.publish(article, editor)
    article.refresh_from_db()
    assert article.status == PUBLISHED and article.first_published_at is not None
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert comments(article) == ["Published.", "Submitted for review."]


def test_reporter_cannot_submit_someone_elses_draft():
    article = make_article(status=DRAFT, created_by=make_reporter())
    with pytest.raises(PermissionDenied):
        workflow.submit_for_review(article, make_reporter())
    article.refresh_from_db()
    assert article.status == DRAFT


def test_unpublish_and_transition_errors():
    editor = make_editor()
    article = make_article()
    workflow.unpublish(article, editor)
    article.refresh_from_db()
    assert article.status == DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()
    with pytest.raises(workflow.TransitionError):
        workflow.unpublish(article, editor)
    with pytest.raises(workflow.TransitionError):
        workflow.schedule(article, editor, timezone.now() - timedelta(minutes=1))
    empty = make_article(status=DRAFT, body_en="")
    with pytest.raises(workflow.TransitionError):
        workflow.publish(empty, editor)


def test_scheduled_article_appears_only_when_due():
    editor = make_editor()
    article = make_article(status=DRAFT)
    at = timezone.now() + timedelta(hours=3)
    workflow.schedule(article, editor, at)
    article.refresh_from_db()
    assert article.is_scheduled()
    # Its first publication is the scheduled time: the news sitemap lists it as soon as it is due.
    assert article.first_published_at == at
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.scheduled().filter(pk=article.pk).exists()
    # Nothing runs at the scheduled time: the article is simply due from then on.
    assert not Article.objects.published(at=at - timedelta(seconds=1)).filter(pk=article.pk).exists()
    assert Article.objects.published(at=at).filter(pk=article.pk).exists()
    assert Article.objects.published(at=at + timedelta(minutes=5)).filter(pk=article.pk).exists()


def test_scheduled_article_becomes_visible_once_its_time_has_passed():
    article = make_article(status=DRAFT)
    workflow.schedule(article, make_editor(), timezone.now() + timedelta(days=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_change_status_routes_through_the_transitions():
    editor = make_editor()
    article = make_article(status=REVIEW)
    workflow.change_status(article, editor, DRAFT)
    assert article.status == DRAFT
    workflow.change_status(article, editor, REVIEW)
    assert article.status == REVIEW
    workflow.change_status(article, editor, PUBLISHED, timezone.now() + timedelta(days=1))
    assert article.is_scheduled()
    workflow.change_status(article, editor, DRAFT)
    assert article.status == DRAFT
    workflow.change_status(article, editor, Article.Status.ARCHIVED)
    assert article.status == Article.Status.ARCHIVED
    with pytest.raises(PermissionDenied):
        workflow.change_status(article, make_reporter(), PUBLISHED)


# -- admin actions ---------------------------------------------------------------------------


def run_action(client, action, articles, follow=False, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in articles], **extra}
    return client.post(reverse(CHANGELIST), data, follow=follow)


def test_submit_action_for_reporters_own_drafts(client):
    reporter = make_reporter()
    client.force_login(reporter)
    own = make_article(status=DRAFT, authors=[make_author(user=reporter)])
    response = run_action(client, "submit_for_review_action", [own])
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == REVIEW


def test_submit_action_ignores_articles_outside_the_reporters_queryset(client):
    client.force_login(make_reporter())
    theirs = make_article(status=DRAFT, created_by=make_reporter())
    run_action(client, "submit_for_review_action", [theirs])
    theirs.refresh_from_db()
    assert theirs.status == DRAFT


def test_publish_now_and_unpublish_actions(client):
    client.force_login(make_editor())
    drafts = [make_article(status=DRAFT), make_article(status=REVIEW)]
    empty = make_article(status=DRAFT, body_en="", slug="no-body")
    response = run_action(client, "publish_now_action", [*drafts, empty], follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("2 articles published" in m for m in messages)
    assert any("needs a headline and a body" in m for m in messages)
    for article in drafts:
        article.refresh_from_db()
        assert article.is_published()
    empty.refresh_from_db()
    assert empty.status == DRAFT

    run_action(client, "unpublish_action", drafts)
    for article in drafts:
        article.refresh_from_db()
        assert article.status == DRAFT


def test_schedule_action_asks_for_a_time_then_schedules(client):
    client.force_login(make_editor())
    articles = [make_article(status=DRAFT), make_article(status=DRAFT)]
    page = run_action(client, "schedule_action", articles)
    assert page.status_code == 200
    assert "admin/articles/article/schedule.html" in [t.name for t in page.templates]
    assert 'name="publish_at_0"' in page.content.decode()

    past = run_action(
        client, "schedule_action", articles, apply="1", publish_at_0="2020-01-01", publish_at_1="09:00:00"
    )
    assert past.status_code == 200
    assert "Choose a time in the future." in past.content.decode()

    when = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    done = run_action(
        client,
        "schedule_action",
        articles,
        apply="1",
        publish_at_0=when.strftime("%Y-%m-%d"),
        publish_at_1=when.strftime("%H:%M:%S"),
    )
    assert done.status_code == 302
    for article in articles:
        article.refresh_from_db()
        assert article.is_scheduled() and article.publish_at == when
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert Article.objects.published(at=when).filter(pk=article.pk).exists()


def test_editor_adding_a_published_article_goes_through_publish(client):
    editor = make_editor()
    client.force_login(editor)
    data = article_form_data(
        title_en="Straight to the site", body_en="<p>Now.</p>", slug="now", status="published", authors=[make_author()]
    )
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="now")
    assert article.is_published() and article.first_published_at is not None
    assert article.bylines.count() == 1
    assert Article.objects.published().filter(pk=article.pk).exists()
    # One revision for the whole save, made by the editor.
    versions = list(workflow.article_versions(article))
    assert len(versions) == 1 and versions[0].revision.user == editor


def test_reporter_cannot_run_transitions_directly():
    reporter = make_reporter()
    article = make_article(status=DRAFT, created_by=reporter)
    for transition in (workflow.publish, workflow.unpublish, workflow.archive):
        with pytest.raises(PermissionDenied):
            transition(article, reporter)
    article.refresh_from_db()
    assert article.status == DRAFT


# -- first publication time ------------------------------------------------------------------


def test_first_published_follows_the_schedule_until_the_article_has_been_public():
    editor = make_editor()
    article = make_article(status=DRAFT)
    first_at = timezone.now() + timedelta(hours=3)
    workflow.schedule(article, editor, first_at)
    later = first_at + timedelta(hours=2)
    workflow.schedule(article, editor, later)
    assert article.first_published_at == later
    # Withdrawn before it came out: it never was public.
    workflow.unpublish(article, editor)
    assert article.first_published_at is None
    workflow.publish(article, editor)
    went_public = article.first_published_at
    assert went_public == article.publish_at and went_public <= timezone.now()
    # Unpublishing, republishing and rescheduling never move the first publication again.
    workflow.unpublish(article, editor)
    assert article.first_published_at == went_public
    workflow.publish(article, editor)
    workflow.schedule(article, editor, timezone.now() + timedelta(days=1))
    article.refresh_from_db()
    assert article.first_published_at == went_public


def test_scheduled_article_reaches_the_news_sitemap_once_due():
    from articles.sitemaps import NEWS_WINDOW

    article = make_article(status=DRAFT)
    at = timezone.now() + timedelta(hours=1)
    workflow.schedule(article, make_editor(), at)
    due = at + timedelta(minutes=1)
    in_news = Article.objects.published(due).filter(first_published_at__gte=due - NEWS_WINDOW)
    assert list(in_news) == [article]


# -- publish now on a live article -----------------------------------------------------------


def test_publish_now_does_not_move_a_live_article():
    editor = make_editor()
    article = make_article()
    before = article.publish_at
    with pytest.raises(workflow.TransitionError, match="already published"):
        workflow.publish(article, editor)
    article.refresh_from_db()
    assert article.publish_at == before
    # A scheduled article may still be brought forward to now.
    scheduled = make_article(publish_at=timezone.now() + timedelta(days=1))
    workflow.publish(scheduled, editor)
    assert scheduled.is_published()


def test_publish_now_action_leaves_live_articles_where_they_are(client):
    client.force_login(make_editor())
    live, draft = make_article(), make_article(status=DRAFT)
    before = live.publish_at
    response = run_action(client, "publish_now_action", [live, draft], follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("1 article published" in m for m in messages)
    assert any("already published" in m for m in messages)
    live.refresh_from_db()
    assert live.publish_at == before


# -- a planned time on an unpublished article -----------------------------------------------


@pytest.mark.parametrize("status", [DRAFT, REVIEW])
def test_editor_changing_publish_at_keeps_it_without_a_workflow_step(client, status):
    editor = make_editor()
    client.force_login(editor)
    article = make_article(status=status)
    workflow.save_revision(article, editor, "loaded")
    article.refresh_from_db()
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    data = article_form_data(article, publish_at_0=when.strftime("%Y-%m-%d"), publish_at_1=when.strftime("%H:%M:%S"))
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data, follow=True)
    assert response.status_code == 200
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert all(level != "error" for level, _text in messages), messages
    article.refresh_from_db()
    assert article.status == status
    assert article.publish_at == when
    latest = workflow.article_versions(article).first().revision.comment
    assert latest == "Changed Publish at."


def test_editor_moving_a_live_articles_time_goes_through_publish(client):
    editor = make_editor()
    client.force_login(editor)
    article = make_article()
    when = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    data = article_form_data(article, publish_at_0=when.strftime("%Y-%m-%d"), publish_at_1=when.strftime("%H:%M:%S"))
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled() and article.publish_at == when
    assert "Scheduled for" in workflow.article_versions(article).first().revision.comment


def test_clearing_a_published_articles_time_is_refused(client):
    client.force_login(make_editor())
    article = make_article()
    data = article_form_data(article, publish_at_0="", publish_at_1="")
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "needs a publication time" in response.content.decode()


# -- withdrawing, and batches that meet a concurrent save ------------------------------------


def test_reporter_withdraws_own_article_from_review(client):
    reporter = make_reporter()
    client.force_login(reporter)
    own = make_article(status=REVIEW, created_by=reporter)
    own_draft = make_article(status=DRAFT, created_by=reporter)
    response = run_action(client, "withdraw_from_review_action", [own, own_draft], follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("1 article withdrawn from review" in m for m in messages)
    assert any("Only an article in review can be withdrawn." in m for m in messages)
    own.refresh_from_db()
    assert own.status == DRAFT
    assert comments(own)[0] == "Returned to draft."


def test_reporter_cannot_withdraw_someone_elses_article():
    article = make_article(status=REVIEW, created_by=make_reporter())
    with pytest.raises(PermissionDenied):
        workflow.withdraw_from_review(article, make_reporter())
    article.refresh_from_db()
    assert article.status == REVIEW


def test_action_meeting_a_concurrent_save_reports_it_and_finishes_the_batch(client, monkeypatch):
    from django.db.models import F

    client.force_login(make_editor())
    articles = [make_article(status=DRAFT) for _ in range(3)]
    real_publish = workflow.publish
    done = []

    def publish_while_someone_saves_another(article, user, at=None):
        if not done:
            # While the first article of the batch is published, someone saves the next one.
            later = [a.pk for a in articles if a.pk != article.pk][:1]
            Article.objects.filter(pk__in=later).update(version=F("version") + 1)
            done.extend(later)
        return real_publish(article, user, at)

    monkeypatch.setattr(workflow, "publish", publish_while_someone_saves_another)
    response = run_action(client, "publish_now_action", articles, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("2 articles published" in m for m in messages), messages
    assert any("someone else saved it in the meantime" in m for m in messages)
    for article in articles:
        article.refresh_from_db()
        assert article.status == (DRAFT if article.pk in done else PUBLISHED)

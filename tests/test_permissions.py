"""Roles are enforced on the server: reporters write and submit their own drafts; editors do the rest."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    article_form_data,
    make_article,
    make_author,
    make_editor,
    make_reporter,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.PUBLISHED


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def reporter(client):
    user = make_reporter()
    client.force_login(user)
    return user


def test_reporter_creates_a_draft_and_is_its_creator(client, reporter):
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form_data(title_en="My story", body_en="<p>Text.</p>", slug="my-story", authors=[make_author()]),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="my-story")
    assert article.created_by == reporter
    assert article.status == DRAFT


def test_reporter_cannot_publish_by_forging_the_add_form(client, reporter):
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form_data(
            title_en="Forged",
            body_en="<p>Text.</p>",
            slug="forged",
            status="published",
            publish_at_0="2020-01-01",
            publish_at_1="10:00:00",
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="forged")
    assert article.status == DRAFT
    assert article.publish_at is None
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_reporter_cannot_publish_by_forging_the_change_form(client, reporter):
    article = make_article(status=DRAFT, created_by=reporter)
    html = client.get(change_url(article)).content.decode()
    assert 'name="status"' not in html and 'name="publish_at_0"' not in html
    data = article_form_data(article, body_en="<p>Edited.</p>", status="published")
    data.update({"publish_at_0": "2020-01-01", "publish_at_1": "10:00:00"})
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body_en == "<p>Edited.</p>"
    assert article.status == DRAFT and article.publish_at is None


def test_reporter_edits_own_draft_created_or_credited(client, reporter):
    credited = make_article(status=DRAFT, authors=[make_author(user=reporter)])
    created = make_article(status=DRAFT, created_by=reporter)
    for article in (credited, created):
        assert client.get(change_url(article)).status_code == 200
        response = client.post(change_url(article), article_form_data(article, title_en="Mine to change"))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title_en == "Mine to change"


def test_reporter_cannot_see_or_change_another_reporters_article(client, reporter):
    other = make_reporter()
    theirs = make_article(status=DRAFT, created_by=other, title_en="Their scoop")
    response = client.get(change_url(theirs))
    # The admin answers for an article outside the user's queryset as for a missing one.
    assert response.status_code == 302 and response.url == reverse("admin:index")
    response = client.post(change_url(theirs), article_form_data(theirs, title_en="Hijacked"))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    theirs.refresh_from_db()
    assert theirs.title_en == "Their scoop"
    changelist = client.get(reverse("admin:articles_article_changelist"))
    assert theirs not in changelist.context["cl"].result_list
    assert client.get(reverse("admin:articles_article_history", args=[theirs.pk])).status_code == 404


def test_reporter_cannot_change_own_article_once_submitted(client, reporter):
    article = make_article(status=REVIEW, created_by=reporter, title_en="Submitted")
    response = client.get(change_url(article))
    assert response.status_code == 200  # they may still read it
    assert response.context["has_change_permission"] is False
    response = client.post(change_url(article), article_form_data(article, title_en="Sneaky edit"))
    assert response.status_code == 403
    # Refused, but what they wrote is handed back rather than lost.
    assert [item["value"] for item in response.context["unsaved"]] == ["Sneaky edit"]
    assert "Sneaky edit" in response.content.decode()
    article.refresh_from_db()
    assert article.title_en == "Submitted"


def test_reporter_cannot_delete(client, reporter):
    article = make_article(status=DRAFT, created_by=reporter)
    assert client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [article.pk], "post": "yes"},
    )
    # The action is not offered to reporters, so the admin refuses it as an unknown one.
    assert response.status_code == 302
    assert Article.objects.filter(pk=article.pk).exists()


def test_reporter_cannot_run_publishing_actions(client, reporter):
    article = make_article(status=DRAFT, created_by=reporter)
    changelist = client.get(reverse("admin:articles_article_changelist"))
    choices = [name for name, _label in changelist.context["action_form"].fields["action"].choices]
    assert "submit_for_review_action" in choices
    assert not {"publish_now_action", "schedule_action", "unpublish_action", "delete_selected"} & set(choices)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now_action", ACTION_CHECKBOX_NAME: [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == DRAFT


def test_reporter_submits_own_draft_from_the_change_form(client, reporter):
    article = make_article(status=DRAFT, created_by=reporter)
    data = article_form_data(article, _submit_for_review="1")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == REVIEW


def test_reporter_submits_a_new_article_straight_from_the_add_form(client, reporter):
    data = article_form_data(title_en="Ready", body_en="<p>Done.</p>", slug="ready", _submit_for_review="1")
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="ready")
    assert article.status == REVIEW and article.created_by == reporter


def test_reporter_may_add_tags_but_not_sections_or_authors(client, reporter):
    assert client.get(reverse("admin:taxonomy_tag_add")).status_code == 200
    response = client.post(reverse("admin:taxonomy_tag_add"), {"name_en": "Oil", "name_ar": "نفط", "slug": "oil"})
    assert response.status_code == 302
    assert client.get(reverse("admin:taxonomy_section_add")).status_code == 403
    assert client.post(reverse("admin:taxonomy_section_add"), {"name_en": "X", "slug": "x"}).status_code == 403
    assert client.get(reverse("admin:articles_author_add")).status_code == 403
    section = make_section()
    assert (
        client.post(
            reverse("admin:taxonomy_section_change", args=[section.pk]), {"name_en": "Renamed", "slug": section.slug}
        ).status_code
        == 403
    )


def test_editor_does_everything_with_others_articles(client):
    editor = make_editor()
    client.force_login(editor)
    article = make_article(status=REVIEW, created_by=make_reporter(), authors=[make_author()])
    data = article_form_data(article, title_en="Edited by the desk", status="published")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Edited by the desk"
    assert article.status == PUBLISHED and article.is_published()
    assert client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_editor_schedules_from_the_change_form(client):
    client.force_login(make_editor())
    article = make_article(status=DRAFT)
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(microsecond=0)
    data = article_form_data(
        article, status="published", publish_at_0=when.strftime("%Y-%m-%d"), publish_at_1=when.strftime("%H:%M:%S")
    )
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled() and article.publish_at == when
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_editor_manages_authors_and_taxonomy(client):
    client.force_login(make_editor())
    response = client.post(
        reverse("admin:taxonomy_section_add"),
        {"name_en": "Business", "name_ar": "اقتصاد", "slug": "business", "position": 3},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("admin:articles_author_add"),
        {
            "name_en": "Sara Ali",
            "name_ar": "سارة علي",
            "slug": "sara-ali",
            "bio_en": "<p>Reports.</p><script>x</script>",
        },
    )
    assert response.status_code == 302
    from articles.models import Author

    assert "<script" not in Author.objects.get(slug="sara-ali").bio_en
    tag = make_tag()
    assert client.post(reverse("admin:taxonomy_tag_delete", args=[tag.pk]), {"post": "yes"}).status_code == 302


def test_anonymous_and_non_staff_are_kept_out(client):
    article = make_article()
    response = client.get(change_url(article))
    assert response.status_code == 302 and "/login/" in response.url
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("reader", password="pw"))
    assert client.get(change_url(article)).status_code == 302


def withdraw_url(article):
    return reverse("admin:articles_article_withdraw", args=[article.pk])


def test_reporter_is_told_why_their_article_in_review_is_read_only_and_can_withdraw_it(client, reporter):
    article = make_article(status=REVIEW, created_by=reporter)
    response = client.get(change_url(article))
    html = response.content.decode()
    assert response.context["can_withdraw"] is True
    assert "Withdraw it from review to edit it again" in html
    assert f'formaction="{withdraw_url(article)}"' in html
    assert "csrfmiddlewaretoken" in html

    assert client.get(withdraw_url(article)).status_code == 405
    response = client.post(withdraw_url(article))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == DRAFT
    assert client.get(change_url(article)).context["has_change_permission"] is True


def test_withdraw_button_needs_csrf_and_is_refused_to_other_reporters(reporter):
    from django.test import Client

    article = make_article(status=REVIEW, created_by=reporter)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reporter)
    assert strict.post(withdraw_url(article)).status_code == 403

    other = Client()
    other_reporter = make_reporter()
    other.force_login(other_reporter)
    # Not theirs: it is not even found among the articles they may see.
    assert other.post(withdraw_url(article)).status_code == 404
    article.refresh_from_db()
    assert article.status == REVIEW


def test_editor_sees_no_withdraw_notice_on_an_article_in_review(client):
    client.force_login(make_editor())
    article = make_article(status=REVIEW)
    assert client.get(change_url(article)).context["can_withdraw"] is False


@pytest.mark.parametrize(
    ("status", "hours", "shown"),
    [(DRAFT, None, False), (REVIEW, None, False), (PUBLISHED, 2, False), (PUBLISHED, -1, True)],
)
def test_view_on_site_only_for_articles_readers_can_see(client, status, hours, shown):
    client.force_login(make_editor())
    publish_at = timezone.now() + timedelta(hours=hours) if hours is not None else None
    article = make_article(status=status, publish_at=publish_at)
    response = client.get(change_url(article))
    assert response.context["has_absolute_url"] is shown
    if shown:
        assert response.context["absolute_url"] == article.get_absolute_url()
        assert client.get(article.get_absolute_url()).status_code == 200


# -- the admin's "view on site" redirect (admin/r/<content type>/<pk>/) ---------------------------


def view_on_site_url(obj, lang="en"):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import translation

    with translation.override(lang):
        return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(obj).pk, obj.pk])


def test_view_on_site_does_not_tell_a_reporter_where_another_reporters_draft_is(client, reporter):
    others = make_article(slug="secret-draft-slug", status=DRAFT, authors=[make_author(user=make_reporter())])
    response = client.get(view_on_site_url(others))
    assert response.status_code == 404
    assert "secret-draft-slug" not in response.get("Location", "")
    # Nor another reporter's published article, which is not in the reporter's admin either.
    published = make_article(slug="their-story", status=PUBLISHED)
    assert client.get(view_on_site_url(published)).status_code == 404


def test_view_on_site_redirects_editors_to_published_articles_only(client):
    client.force_login(make_editor())
    published = make_article(slug="out-now", status=PUBLISHED)
    for lang in ("en", "ar"):
        response = client.get(view_on_site_url(published, lang))
        assert response.status_code == 302
        assert response["Location"].endswith("/articles/out-now/")
    draft = make_article(slug="not-yet", status=DRAFT)
    assert client.get(view_on_site_url(draft)).status_code == 404
    scheduled = make_article(slug="later", publish_at=timezone.now() + timedelta(hours=1))
    assert client.get(view_on_site_url(scheduled)).status_code == 404


def test_view_on_site_is_refused_to_anonymous_and_inactive_staff(client):
    published = make_article(status=PUBLISHED)
    assert client.get(view_on_site_url(published)).status_code == 404
    editor = make_editor()
    editor.is_active = False
    editor.save()
    client.force_login(editor)
    assert client.get(view_on_site_url(published)).status_code == 404

"""Every admin save keeps a revision; the history says who changed what; a revert brings old text and bylines back."""

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article
from editorial.diff import text_diff
from tests.factories import article_form_data, make_article, make_author, make_editor, make_reporter, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_editor("desk")
    client.force_login(user)
    return user


def add_article(client, **values):
    response = client.post(reverse("admin:articles_article_add"), article_form_data(**values))
    assert response.status_code == 302
    return Article.objects.get(slug=values["slug"])


def test_each_admin_save_keeps_a_revision_with_user_and_comment(client, editor):
    first_author = make_author(name_en="First Reporter")
    article = add_article(
        client, title_en="Old headline", body_en="<p>Old text.</p>", slug="story", authors=[first_author]
    )
    versions = list(workflow.article_versions(article))
    assert len(versions) == 1
    assert versions[0].revision.user == editor
    assert versions[0].revision.comment == "Created."
    # The revision carries the bylines too.
    assert any(v.content_type.model == "byline" for v in versions[0].revision.version_set.all())

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, body_en="<p>New text.</p>"),
    )
    assert response.status_code == 302
    versions = list(workflow.article_versions(article))
    assert len(versions) == 2
    assert "Body" in versions[0].revision.comment


def test_history_page_lists_revisions_and_what_changed(client, editor):
    old_author, new_author = make_author(name_en="Old Byline"), make_author(name_en="New Byline")
    tag = make_tag(name_en="Energy")
    article = add_article(client, title_en="Old headline", body_en="<p>Old text.</p>", slug="s", authors=[old_author])
    data = article_form_data(article, title_en="New headline", tags=[tag.pk])
    data.update({"bylines-0-author": new_author.pk})
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302

    response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert response.status_code == 200
    history = response.context["history"]
    assert len(history) == 2
    newest = {c.label: (c.old, c.new) for c in history[0]["changes"]}
    assert newest["headline [en]"] == ("Old headline", "New headline")
    assert newest["bylines"] == ("Old Byline (Reporter)", "New Byline (Reporter)")
    assert newest["tags"] == ("", "Energy")
    assert "body [en]" not in newest
    html = response.content.decode()
    assert "desk" in html and "Old headline" in html and "New headline" in html
    assert reverse("admin:articles_article_revert", args=[article.pk, history[1]["version"].pk]) in html


def test_revert_needs_confirmation_then_brings_back_text_and_bylines(client, editor):
    old_author, new_author = make_author(name_en="Old Byline"), make_author(name_en="New Byline")
    article = add_article(client, title_en="Old headline", body_en="<p>Old text.</p>", slug="s", authors=[old_author])
    data = article_form_data(article, title_en="New headline", body_en="<p>New text.</p>", status="published")
    data.update({"bylines-0-author": new_author.pk})
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    oldest = list(workflow.article_versions(article))[-1]
    url = reverse("admin:articles_article_revert", args=[article.pk, oldest.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Yes, revert" in confirm.content.decode()
    article.refresh_from_db()
    assert article.title_en == "New headline"  # a GET changes nothing

    assert 'name="base_version"' in confirm.content.decode()
    assert client.post(url, {"base_version": confirm.context["base_version"]}).status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Old headline"
    assert article.body_en == "<p>Old text.</p>"
    assert [b.author for b in article.bylines.all()] == [old_author]
    # Reverting text never unpublishes: the workflow state stays as it is.
    assert article.status == Article.Status.PUBLISHED
    assert workflow.article_versions(article).first().revision.comment.startswith("Reverted to the revision of")


def test_revert_refused_to_those_who_cannot_change_the_article(client):
    editor = make_editor()
    article = make_article(title_en="Original")
    workflow.save_revision(article, editor, "first")
    article.title_en = "Changed"
    workflow.save_revision(article, editor, "second")
    oldest = list(workflow.article_versions(article))[-1]
    client.force_login(make_reporter())
    response = client.post(reverse("admin:articles_article_revert", args=[article.pk, oldest.pk]))
    assert response.status_code == 404  # not among the reporter's articles
    article.refresh_from_db()
    assert article.title_en == "Changed"
    # Their own article once submitted: they may read its history but not revert it.
    reporter = make_reporter()
    own = make_article(status=Article.Status.IN_REVIEW, created_by=reporter, title_en="Submitted")
    workflow.save_revision(own, editor, "first")
    client.force_login(reporter)
    history = client.get(reverse("admin:articles_article_history", args=[own.pk]))
    assert history.status_code == 200 and history.context["can_revert"] is False
    version = workflow.article_versions(own).first()
    assert client.post(reverse("admin:articles_article_revert", args=[own.pk, version.pk])).status_code == 403


def test_revision_of_another_article_is_not_found(client, editor):
    one, other = make_article(), make_article()
    workflow.save_revision(other, editor, "x")
    version = workflow.article_versions(other).first()
    response = client.post(reverse("admin:articles_article_revert", args=[one.pk, version.pk]))
    assert response.status_code == 404


def test_history_shows_values_as_people_read_them(client, editor):
    from tests.factories import make_section

    business = make_section(name_en="Business")
    article = add_article(client, title_en="Story", body_en="<p>Text.</p>", slug="s", section=business.pk)
    politics = make_section(name_en="Politics")
    data = article_form_data(article, section=politics.pk, status="published", is_breaking="on")
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302

    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).context["history"]
    assert len(history) == 2  # the edit and its status change are one revision
    changes = {c.label: (c.old, c.new) for c in history[0]["changes"]}
    assert changes["section"] == ("Business", "Politics")
    assert changes["status"] == ("Draft", "Published")
    assert changes["breaking news"] == ("no", "yes")
    assert history[0]["revision"].comment == "Changed Section, Breaking news and Status. Published."


def revision_contents(version):
    """What a revision recorded: the article's bylines (author ids) and tag ids."""
    from articles.models import Byline
    from taxonomy.models import TaggedArticle

    bylines, tags = [], []
    for item in version.revision.version_set.select_related("content_type"):
        model = item.content_type.model_class()
        if model is Byline:
            bylines.append(item.field_dict["author_id"])
        elif model is TaggedArticle:
            tags.append(item.field_dict["tag_id"])
    return sorted(bylines), sorted(tags)


def test_revert_revision_records_the_restored_bylines_and_tags(client, editor):
    old_author, new_author = make_author(name_en="Old Byline"), make_author(name_en="New Byline")
    old_tag, new_tag = make_tag(name_en="Oil"), make_tag(name_en="Gas")
    article = add_article(
        client, title_en="Story", body_en="<p>Text.</p>", slug="s", authors=[old_author], tags=[old_tag.pk]
    )
    data = article_form_data(article, tags=[new_tag.pk])
    data.update({"bylines-0-author": new_author.pk})
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302
    article.refresh_from_db()
    oldest = list(workflow.article_versions(article))[-1]
    assert revision_contents(oldest) == ([old_author.pk], [old_tag.pk])

    workflow.revert_to_version(article, oldest, editor)

    newest = workflow.article_versions(article).first()
    assert newest.revision.comment.startswith("Reverted to the revision of")
    assert revision_contents(newest) == ([old_author.pk], [old_tag.pk])
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).context["history"]
    changes = {c.label: (c.old, c.new) for c in history[0]["changes"]}
    assert changes["tags"] == ("Gas", "Oil")
    assert changes["bylines"] == ("New Byline (Reporter)", "Old Byline (Reporter)")
    # Reverting to the revert's own revision keeps the tags: nothing is wiped.
    article.refresh_from_db()
    workflow.revert_to_version(article, newest, editor)
    assert [t.pk for t in article.tags.all()] == [old_tag.pk]
    assert [b.author_id for b in article.bylines.all()] == [old_author.pk]


def test_revert_confirmed_after_someone_else_saved_is_refused(client, editor):
    article = add_article(client, title_en="Old headline", body_en="<p>Text.</p>", slug="s")
    data = article_form_data(article, title_en="Second headline")
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302
    oldest = list(workflow.article_versions(article))[-1]
    url = reverse("admin:articles_article_revert", args=[article.pk, oldest.pk])
    seen = client.get(url).context["base_version"]
    # Someone saves between the confirmation page and the confirmation.
    article.refresh_from_db()
    article.title_en = "Third headline"
    workflow.save_revision(article, make_editor(), "another desk")

    response = client.post(url, {"base_version": seen}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert any("Not reverted: someone else saved" in str(m) for m in response.context["messages"])
    article.refresh_from_db()
    assert article.title_en == "Third headline"
    # The confirmation shown again carries the new version, and then the revert goes through.
    assert response.context["base_version"] == article.version
    assert client.post(url, {"base_version": article.version}).status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Old headline"


def test_revert_without_a_version_is_refused(client, editor):
    article = add_article(client, title_en="Old", body_en="<p>Text.</p>", slug="s")
    assert (
        client.post(
            reverse("admin:articles_article_change", args=[article.pk]), article_form_data(article, title_en="New")
        ).status_code
        == 302
    )
    oldest = list(workflow.article_versions(article))[-1]
    client.post(reverse("admin:articles_article_revert", args=[article.pk, oldest.pk]))
    article.refresh_from_db()
    assert article.title_en == "New"


def test_revert_to_a_revision_whose_author_and_tag_were_deleted_says_so(client, editor):
    gone_author, kept_author = make_author(name_en="Gone"), make_author(name_en="Kept")
    gone_tag = make_tag(name_en="Gone tag")
    article = add_article(
        client, title_en="Old", body_en="<p>Text.</p>", slug="s", authors=[gone_author, kept_author], tags=[gone_tag.pk]
    )
    data = article_form_data(article, title_en="New", tags=[])
    data.update({"bylines-0-DELETE": "on"})
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302
    gone_author.delete()
    gone_tag.delete()
    article.refresh_from_db()
    oldest = list(workflow.article_versions(article))[-1]
    url = reverse("admin:articles_article_revert", args=[article.pk, oldest.pk])

    response = client.post(url, {"base_version": article.version}, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("1 byline (its author was deleted)" in m and "1 tag (since deleted)" in m for m in messages)
    article.refresh_from_db()
    assert article.title_en == "Old"
    assert [b.author for b in article.bylines.all()] == [kept_author]
    assert list(article.tags.all()) == []


LONG_BODY = "<p>" + " ".join(f"word{i}" for i in range(400)) + "</p>"


def test_history_shows_a_word_diff_of_a_change_at_the_end_of_a_long_body(client, editor):
    article = add_article(client, title_en="Story", body_en=LONG_BODY, slug="s")
    data = article_form_data(article, body_en=LONG_BODY.replace("word399", "<b>Amended</b> ending"))
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302

    response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    changes = {c.label: c for c in response.context["history"][0]["changes"]}
    diff = str(changes["body [en]"].diff)
    assert "<del>word399</del> <ins>Amended ending</ins>" in diff
    assert "word398" in diff and "word5 " not in diff  # a little context, not the whole body
    assert diff.startswith("…")
    assert diff in response.content.decode()


def test_word_diff_escapes_the_text():
    diff = str(text_diff("<p>a &lt;script&gt; one</p>", "<p>a &lt;script&gt; <b>two</b></p>"))
    assert diff == "a &lt;script&gt; <del>one</del> <ins>two</ins>"
    # Only the markup changed: the markup is compared, escaped.
    diff = str(text_diff('<a href="https://a.example">x</a>', '<a href="https://b.example">x</a>'))
    assert "&lt;a" in diff and "<del>" in diff and "<a " not in diff


def test_history_lists_neither_ids_nor_untranslated_duplicates(client, editor):
    article = add_article(client, title_en="Old headline", body_en="<p>Text.</p>", slug="s")
    data = article_form_data(article, title_en="New headline")
    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).context["history"]
    assert [c.label for c in history[0]["changes"]] == ["headline [en]"]
    first_labels = [c.label for c in history[1]["changes"]]
    assert "ID" not in first_labels and "headline" not in first_labels and "body" not in first_labels
    assert "headline [en]" in first_labels


def test_conflict_shows_each_sides_change_since_the_version_opened(client, editor):
    from django.test import Client

    article = add_article(client, title_en="Story", body_en=LONG_BODY, slug="s")
    article.refresh_from_db()
    mine = article_form_data(article, body_en=LONG_BODY.replace("word399", "my ending"))
    other = Client()
    other.force_login(make_editor())
    theirs = article_form_data(article, body_en=LONG_BODY.replace("word10 ", "their word "))
    assert other.post(reverse("admin:articles_article_change", args=[article.pk]), theirs).status_code == 302

    refused = client.post(reverse("admin:articles_article_change", args=[article.pk]), mine)
    conflict = refused.context["stale_conflict"]
    body = {d["name"]: d for d in conflict["differences"]}["body_en"]
    assert "<del>word10</del> <ins>their word</ins>" in str(body["stored_diff"])
    assert "word399" not in str(body["stored_diff"])
    assert "<del>word399</del> <ins>my ending</ins>" in str(body["mine_diff"])
    assert str(body["mine_diff"]) in refused.content.decode()

    saved = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), {**mine, "overwrite_version": conflict["version"]}
    )
    assert saved.status_code == 302
    comment = workflow.article_versions(article).first().revision.comment
    assert "version" not in comment.lower() and comment.startswith("Changed Body [en]")


def _article_with_a_revision_to_revert_to(editor, count):
    """An article whose first revision had `count` tags and bylines, since replaced by `count` others."""
    from reversion import create_revision, set_user

    from articles.models import Byline

    tags = [make_tag(name_en=f"Tag {count}-{i}") for i in range(count)]
    authors = [make_author(name_en=f"Writer {count}-{i}") for i in range(count)]
    article = make_article(tags=tags, authors=authors)
    with create_revision():
        set_user(editor)
        article.save()
    article.tags.set([make_tag(name_en=f"Other {count}-{i}") for i in range(count)])
    article.bylines.all().delete()
    for i in range(count):
        Byline.objects.create(article=article, author=make_author(name_en=f"Other {count}-{i}"), position=i)
    workflow.save_revision(article, editor, "Replaced.")
    return article, list(workflow.article_versions(article))[-1]


def test_revert_costs_the_same_queries_and_one_cache_invalidation_whatever_the_number_of_tags(editor):
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from editorial import invalidation as cache

    counts = []
    for size in (2, 20):
        article, oldest = _article_with_a_revision_to_revert_to(editor, size)
        with (
            CaptureQueriesContext(connection) as queries,
            mock.patch.object(cache, "bump_quietly", wraps=cache.bump_quietly) as bumps,
        ):
            workflow.revert_to_version(article, oldest, editor)
        counts.append(len(queries))
        assert bumps.call_count == 1
        assert article.tags.count() == size
        assert article.bylines.count() == size
        newest = workflow.article_versions(article).first()
        assert revision_contents(newest) == (
            sorted(article.bylines.values_list("author_id", flat=True)),
            sorted(article.tags.values_list("pk", flat=True)),
        )
    assert counts[0] == counts[1], counts


def test_arabic_history_keeps_comments_in_their_direction_and_replaced_words_apart(client, editor):
    from django.contrib.staticfiles import finders
    from django.utils import translation

    article = add_article(client, title_en="Story", body_ar="<p>بعد ثلاثة أيام من المحادثات</p>", slug="s")
    data = article_form_data(article, body_ar="<p>بعد يومين من المحادثات</p>")
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302
    with translation.override("ar"):
        url = reverse("admin:articles_article_history", args=[article.pk])
    assert url.startswith("/ar/")
    html = client.get(url).content.decode()
    # The stored comment is in the saver's language: its cell finds its own direction.
    assert '<td dir="auto">Changed' in html
    assert "<del>ثلاثة أيام</del> <ins>يومين</ins>" in html
    # The revert link's label stays on one line in a button that grows with it.
    assert 'class="button nr-revert"' in html
    with open(finders.find("articles/admin/admin.css"), encoding="utf-8") as css:
        assert ".nr-history .nr-revert { display: inline-block; white-space: nowrap; height: auto;" in css.read()

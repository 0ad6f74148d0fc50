"""No lost work: a save made from an older version is refused, the user's text kept, nothing overwritten silently."""

import pytest
from django.db.models import F
from django.urls import reverse

from articles.forms import ArticleAdminForm
from articles.models import Article
from tests.factories import article_form_data, make_article, make_author, make_editor

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def two_editors(client, django_user_model):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(make_editor("first"))
    second.force_login(make_editor("second"))
    return first, second


def test_second_save_from_the_same_version_is_refused_and_keeps_its_text(two_editors):
    first, second = two_editors
    article = make_article(body_en="<p>Original.</p>", authors=[make_author()])
    form_a = article_form_data(article, body_en="<p>First editor's text.</p>")
    form_b = article_form_data(article, body_en="<p>Second editor's text.</p>", title_en="Second headline")
    loaded_version = article.version

    assert first.post(change_url(article), form_a).status_code == 302
    response = second.post(change_url(article), form_b)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this article" in html
    # Their text is still in the form, not saved, and the stored version is shown next to it.
    assert "Second editor&#x27;s text." in html
    form = response.context["adminform"].form
    assert form["body_en"].value() == "<p>Second editor's text.</p>"
    conflict = response.context["stale_conflict"]
    assert conflict["version"] == loaded_version + 1
    assert conflict["user"].username == "first"
    by_field = {d["name"]: d for d in conflict["differences"]}
    assert by_field["body_en"]["stored"] == "<p>First editor's text.</p>"
    assert by_field["body_en"]["mine"] == "<p>Second editor's text.</p>"
    assert "title_en" in by_field
    # The version field is not bumped behind their back.
    assert f'name="base_version" value="{loaded_version}"' in html

    article.refresh_from_db()
    assert article.body_en == "<p>First editor's text.</p>"
    assert article.title_en == "A headline"
    assert article.version == loaded_version + 1


def test_pressing_save_again_is_refused_again(two_editors):
    first, second = two_editors
    article = make_article()
    form_b = article_form_data(article, body_en="<p>Mine.</p>")
    assert first.post(change_url(article), article_form_data(article, body_en="<p>Theirs.</p>")).status_code == 302
    assert second.post(change_url(article), form_b).status_code == 200
    again = second.post(change_url(article), form_b)
    assert again.status_code == 200
    assert again.context["stale_conflict"] is not None
    article.refresh_from_db()
    assert article.body_en == "<p>Theirs.</p>"


def test_conscious_overwrite_of_the_version_seen_saves(two_editors):
    first, second = two_editors
    article = make_article()
    form_b = article_form_data(article, body_en="<p>Mine.</p>")
    first.post(change_url(article), article_form_data(article, body_en="<p>Theirs.</p>"))
    refused = second.post(change_url(article), form_b)
    seen = refused.context["stale_conflict"]["version"]
    assert f'name="overwrite_version" value="{seen}"' in refused.content.decode()

    response = second.post(change_url(article), {**form_b, "overwrite_version": seen})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body_en == "<p>Mine.</p>"
    assert article.version == seen + 1


def test_overwrite_names_a_version_so_a_third_save_is_not_overwritten_blindly(two_editors):
    first, second = two_editors
    article = make_article()
    form_b = article_form_data(article, body_en="<p>Mine.</p>")
    first.post(change_url(article), article_form_data(article, body_en="<p>Theirs.</p>"))
    seen = second.post(change_url(article), form_b).context["stale_conflict"]["version"]
    article.refresh_from_db()
    first.post(change_url(article), article_form_data(article, body_en="<p>Theirs, again.</p>"))

    response = second.post(change_url(article), {**form_b, "overwrite_version": seen})
    assert response.status_code == 200
    assert response.context["stale_conflict"]["version"] == seen + 1
    article.refresh_from_db()
    assert article.body_en == "<p>Theirs, again.</p>"


def test_form_without_a_version_is_refused(two_editors):
    first, _second = two_editors
    article = make_article()
    data = article_form_data(article, body_en="<p>Mine.</p>")
    del data["base_version"]
    response = first.post(change_url(article), data)
    assert response.status_code == 200
    assert "missing the version" in response.content.decode()
    article.refresh_from_db()
    assert article.body_en == "<p>Body text.</p>"


def test_save_racing_past_the_form_check_is_refused_by_the_model(two_editors, monkeypatch):
    first, _second = two_editors
    article = make_article()
    loaded = Article.objects.get(pk=article.pk)
    data = article_form_data(article, body_en="<p>Mine.</p>")
    # Another process saves after this form read the stored row, before this save locks it.
    Article.objects.filter(pk=article.pk).update(version=F("version") + 1, body_en="<p>Concurrent.</p>")
    reads = []

    def stored_article_read_before_the_concurrent_save(form):
        reads.append(True)
        return loaded if len(reads) == 1 else Article.objects.get(pk=article.pk)

    monkeypatch.setattr(ArticleAdminForm, "stored_object", stored_article_read_before_the_concurrent_save)
    response = first.post(change_url(article), data)

    assert len(reads) == 2  # refused by the model, then handled again and refused by the form
    assert response.status_code == 200
    assert response.context["stale_conflict"]["version"] == loaded.version + 1
    assert response.context["adminform"].form["body_en"].value() == "<p>Mine.</p>"
    article.refresh_from_db()
    assert article.body_en == "<p>Concurrent.</p>"


def test_unrelated_saves_in_sequence_succeed(two_editors):
    first, _second = two_editors
    article = make_article()
    assert first.post(change_url(article), article_form_data(article, body_en="<p>One.</p>")).status_code == 302
    article.refresh_from_db()
    assert first.post(change_url(article), article_form_data(article, body_en="<p>Two.</p>")).status_code == 302
    article.refresh_from_db()
    assert article.body_en == "<p>Two.</p>"


def test_reporter_whose_draft_was_submitted_meanwhile_gets_their_text_back(client):
    from articles import workflow
    from tests.factories import make_reporter

    reporter = make_reporter()
    article = make_article(status=Article.Status.DRAFT, created_by=reporter, body_ar="")
    client.force_login(reporter)
    form = article_form_data(article, body_ar="<p>نص جديد</p>")
    workflow.submit_for_review(article, reporter)  # e.g. from another tab

    response = client.post(change_url(article), form)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'dir="rtl"' in html and "نص جديد" in html
    article.refresh_from_db()
    assert article.body_ar == ""


def loaded_form(article, **values):
    """The change form as the browser posts it, with the workflow values it was loaded with."""
    data = article_form_data(article, **values)
    data["base_status"] = article.status
    data["base_publish_at"] = article.publish_at.isoformat() if article.publish_at else ""
    return data


def test_overwrite_does_not_unpublish_what_was_published_meanwhile(two_editors):
    from articles import workflow

    _first, second = two_editors
    article = make_article(status=Article.Status.DRAFT, body_en="<p>Teh text.</p>")
    form_b = loaded_form(article, body_en="<p>The text.</p>")  # B opens the draft and fixes a typo
    workflow.publish(article, make_editor())  # meanwhile A publishes it
    article.refresh_from_db()
    published_at = article.publish_at

    refused = second.post(change_url(article), form_b)
    conflict = refused.context["stale_conflict"]
    # No revision recorded the text B opened, so the body is for B to decide; the status only A
    # changed, and the merge keeps A's without asking.
    assert [d["name"] for d in conflict["differences"]] == ["body_en"]
    assert "Status" in [str(label).capitalize() for label in conflict["kept_theirs"]]

    response = second.post(change_url(article), {**form_b, "overwrite_version": conflict["version"]})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body_en == "<p>The text.</p>"
    assert article.status == Article.Status.PUBLISHED
    assert article.publish_at == published_at


def test_overwrite_keeps_a_status_the_user_did_change(two_editors):
    _first, second = two_editors
    article = make_article(body_en="<p>Old.</p>")
    form_b = loaded_form(article, body_en="<p>Mine.</p>", status="draft")  # B unpublishes deliberately
    article.is_breaking = True
    article.save()  # A saves something else meanwhile

    seen = second.post(change_url(article), form_b).context["stale_conflict"]["version"]
    assert second.post(change_url(article), {**form_b, "overwrite_version": seen}).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.body_en == "<p>Mine.</p>"


def test_change_form_carries_the_workflow_values_it_was_loaded_with(two_editors):
    first, _second = two_editors
    article = make_article()
    html = first.get(change_url(article)).content.decode()
    assert 'name="base_status" value="published"' in html
    assert f'name="base_publish_at" value="{article.publish_at.isoformat()}"' in html


def test_conflict_does_not_list_a_body_that_differs_only_in_markup_the_server_cleans(two_editors):
    first, second = two_editors
    article = make_article(body_en="<p>Same text.</p>")
    form_b = article_form_data(article, body_en='<p style="margin:0">Same text.</p>', title_en="Mine")
    assert first.post(change_url(article), article_form_data(article, title_en="Theirs")).status_code == 302
    conflict = second.post(change_url(article), form_b).context["stale_conflict"]
    assert [d["name"] for d in conflict["differences"]] == ["title_en"]


def test_save_bumped_between_the_text_and_the_status_step_shows_the_conflict_and_keeps_the_text(
    two_editors, monkeypatch
):
    from articles.workflow import transitions

    first, _second = two_editors
    article = make_article(status=Article.Status.DRAFT, body_en="<p>Old.</p>")
    data = loaded_form(article, body_en="<p>Mine.</p>", status="review")
    real_change_status = transitions.change_status

    def someone_saves_first(obj, *args, **kwargs):
        # Another editor's save lands between the admin's text save and its workflow step.
        Article.objects.filter(pk=obj.pk).update(version=F("version") + 1, body_en="<p>Concurrent.</p>")
        return real_change_status(obj, *args, **kwargs)

    monkeypatch.setattr(transitions, "change_status", someone_saves_first)
    response = first.post(change_url(article), data)

    assert response.status_code == 200
    assert response.context["stale_conflict"] is not None
    assert response.context["adminform"].form["body_en"].value() == "<p>Mine.</p>"
    # Nothing of this save was kept (the simulated other save, made in this request's own
    # transaction, was rolled back with it).
    article.refresh_from_db()
    assert article.body_en == "<p>Old.</p>"
    assert article.status == Article.Status.DRAFT


@pytest.mark.parametrize("status", ["draft", "published"])
def test_save_that_changes_nothing_keeps_the_version_so_nobody_else_is_refused(two_editors, status):
    from articles import workflow

    first, second = two_editors
    article = make_article(status=status, authors=[make_author()], tags=[])
    Article.objects.filter(pk=article.pk).update(publish_at=F("publish_at"))  # keeps the stored microseconds
    article.refresh_from_db()
    form_b = article_form_data(article, body_en="<p>Second editor's text.</p>")
    revisions = workflow.article_versions(article).count()

    response = first.post(change_url(article), loaded_form(article))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.version == form_b["base_version"]
    assert workflow.article_versions(article).count() == revisions
    # The other editor, who had it open all along, saves without a conflict.
    assert second.post(change_url(article), form_b).status_code == 302
    article.refresh_from_db()
    assert article.body_en == "<p>Second editor's text.</p>"


def test_save_that_changes_only_a_byline_is_saved_with_a_revision(two_editors):
    from articles import workflow

    first, _second = two_editors
    article = make_article(authors=[make_author()])
    revisions = workflow.article_versions(article).count()
    response = first.post(change_url(article), loaded_form(article, **{"bylines-0-role": "editor"}))
    assert response.status_code == 302
    article.refresh_from_db()
    assert [b.role for b in article.bylines.all()] == ["editor"]
    assert article.version == 2
    assert workflow.article_versions(article).count() == revisions + 1


def test_conflict_message_never_doubles_the_full_stop_of_a_time_like_pm(two_editors):
    from datetime import datetime

    from django.utils import timezone, translation

    first, second = two_editors
    article = make_article()
    form_b = article_form_data(article, body_en="<p>Mine.</p>")
    assert first.post(change_url(article), article_form_data(article, body_en="<p>Theirs.</p>")).status_code == 302
    afternoon = timezone.make_aware(datetime(2026, 11, 25, 13, 6))
    Article.objects.filter(pk=article.pk).update(updated_at=afternoon)

    with translation.override("en"):
        html = second.post(change_url(article), form_b).content.decode()
    assert "1:06 p.m." in html
    assert "p.m.." not in html


def opened_article(**kwargs):
    """An article with a revision recording the version both editors open (as any admin save does)."""
    from articles import workflow

    article = make_article(**kwargs)
    workflow.save_revision(article, make_editor())
    article.refresh_from_db()
    return article


def test_stale_save_keeps_a_byline_change_the_user_did_not_make(two_editors):
    first, second = two_editors
    article = opened_article(authors=[make_author(name_en="Huda")], body_en="<p>Old.</p>")
    form_a = loaded_form(article, body_en="<p>Mine.</p>")
    # B changes only a byline's role.
    assert second.post(change_url(article), loaded_form(article, **{"bylines-0-role": "editor"})).status_code == 302

    # A changed only the body: the three-way merge saves it without asking, B's byline kept.
    response = first.post(change_url(article), form_a)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body_en == "<p>Mine.</p>"
    assert [b.role for b in article.bylines.all()] == ["editor"]


def test_bylines_both_changed_are_shown_side_by_side_and_the_users_choice_is_saved(two_editors):
    first, second = two_editors
    article = opened_article(authors=[make_author(name_en="Huda")])
    form_a = loaded_form(article, body_en="<p>Mine.</p>", **{"bylines-0-role": "translator"})
    assert second.post(change_url(article), loaded_form(article, **{"bylines-0-role": "editor"})).status_code == 302

    refused = first.post(change_url(article), form_a)
    assert refused.status_code == 200
    conflict = refused.context["stale_conflict"]
    by_field = {d["name"]: d for d in conflict["differences"]}
    assert list(by_field) == ["bylines"]
    assert (by_field["bylines"]["stored"], by_field["bylines"]["mine"]) == ("Huda (Editor)", "Huda (Translator)")
    assert not by_field["bylines"]["mine_unchanged"] and not by_field["bylines"]["stored_unchanged"]
    assert refused.context["adminform"].form["body_en"].value() == "<p>Mine.</p>"
    article.refresh_from_db()
    assert [b.role for b in article.bylines.all()] == ["editor"]

    # A keeps B's bylines for that row, and their own body (only A changed it).
    response = first.post(
        change_url(article), {**form_a, "overwrite_version": conflict["version"], "merge_bylines": "theirs"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert [b.role for b in article.bylines.all()] == ["editor"]
    assert article.body_en == "<p>Mine.</p>"


def test_stale_save_keeps_tags_the_user_did_not_change_and_saves_those_they_did(two_editors):
    from tests.factories import make_tag

    first, second = two_editors
    oil, gas, gold = make_tag(name_en="Oil"), make_tag(name_en="Gas"), make_tag(name_en="Gold")
    article = opened_article(tags=[oil])
    form_a = loaded_form(article, body_en="<p>Mine.</p>")
    assert second.post(change_url(article), loaded_form(article, tags=[oil.pk, gas.pk])).status_code == 302
    assert first.post(change_url(article), form_a).status_code == 302
    article.refresh_from_db()
    assert sorted(t.name_en for t in article.tags.all()) == ["Gas", "Oil"]
    assert article.body_en == "<p>Mine.</p>"

    # Now the user changes the tags, and the other save changed only the text.
    form_a = loaded_form(article, tags=[gold.pk])
    assert second.post(change_url(article), loaded_form(article, body_en="<p>Theirs.</p>")).status_code == 302
    assert first.post(change_url(article), form_a).status_code == 302
    article.refresh_from_db()
    assert [t.name_en for t in article.tags.all()] == ["Gold"]
    assert article.body_en == "<p>Theirs.</p>"


# -- authors, sections and tags: the same protection as articles -----------------------------------


def make_versioned(kind):
    from tests.factories import make_section, make_tag

    if kind == "author":
        return make_author(bio="<p>Original bio.</p>")
    if kind == "section":
        return make_section(name_en="World")
    return make_tag(name_en="Oil")


# The text field each test edits, and what the two editors write there.
EDITED_FIELD = {"author": "bio_en", "section": "description_en", "tag": "name_en"}


def admin_change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def opened_change_form(client, obj):
    """The change form as the browser posts it back: every field as the page showed it."""
    response = client.get(admin_change_url(obj))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        if name in ("photo", "overwrite_version"):
            continue
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


@pytest.mark.parametrize("kind", ["author", "section", "tag"])
def test_second_save_of_an_author_section_or_tag_is_refused_with_the_newer_version_shown(two_editors, kind):
    first, second = two_editors
    obj = make_versioned(kind)
    field = EDITED_FIELD[kind]
    form_a, form_b = opened_change_form(first, obj), opened_change_form(second, obj)
    assert form_a["base_version"] == form_b["base_version"] == 1

    assert first.post(admin_change_url(obj), {**form_a, field: "First editor's text"}).status_code == 302
    response = second.post(admin_change_url(obj), {**form_b, field: "Second editor's text"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this (now version 2)" in html
    assert "Version 2 is stored now." in html
    # Their text is kept in the form, and the stored value is shown next to it.
    assert response.context["adminform"].form[field].value() == "Second editor's text"
    conflict = response.context["stale_conflict"]
    assert conflict["version"] == 2
    by_field = {d["name"]: d for d in conflict["differences"]}
    assert "First editor" in by_field[field]["stored"]
    assert "Second editor" in by_field[field]["mine"]
    assert 'name="base_version" value="1"' in html
    assert 'name="overwrite_version" value="2"' in html

    obj.refresh_from_db()
    assert "First editor" in getattr(obj, field)
    assert obj.version == 2


@pytest.mark.parametrize("kind", ["author", "section", "tag"])
def test_conscious_overwrite_of_an_author_section_or_tag_saves_over_the_version_seen(two_editors, kind):
    first, second = two_editors
    obj = make_versioned(kind)
    field = EDITED_FIELD[kind]
    form_a, form_b = opened_change_form(first, obj), opened_change_form(second, obj)
    first.post(admin_change_url(obj), {**form_a, field: "First editor's text"})
    refused = second.post(admin_change_url(obj), {**form_b, field: "Second editor's text"})
    seen = refused.context["stale_conflict"]["version"]

    response = second.post(admin_change_url(obj), {**form_b, field: "Second editor's text", "overwrite_version": seen})

    assert response.status_code == 302
    obj.refresh_from_db()
    assert "Second editor" in getattr(obj, field)
    assert obj.version == seen + 1


def test_author_overwrite_naming_an_older_version_than_stored_is_refused(two_editors):
    first, second = two_editors
    author = make_author(bio="<p>Original bio.</p>")
    form_a, form_b = opened_change_form(first, author), opened_change_form(second, author)
    first.post(admin_change_url(author), {**form_a, "bio_en": "<p>One.</p>"})
    refused = second.post(admin_change_url(author), {**form_b, "bio_en": "<p>Mine.</p>"})
    seen = refused.context["stale_conflict"]["version"]
    first.post(admin_change_url(author), {**opened_change_form(first, author), "bio_en": "<p>Two.</p>"})

    response = second.post(admin_change_url(author), {**form_b, "bio_en": "<p>Mine.</p>", "overwrite_version": seen})

    assert response.status_code == 200
    assert response.context["stale_conflict"]["version"] == seen + 1
    author.refresh_from_db()
    assert author.bio_en == "<p>Two.</p>"


def test_section_form_without_a_version_is_refused(two_editors):
    from tests.factories import make_section

    first, _second = two_editors
    section = make_section(name_en="World")
    data = opened_change_form(first, section)
    del data["base_version"]
    response = first.post(admin_change_url(section), {**data, "name_en": "Planet"})
    assert response.status_code == 200
    assert "missing the version" in response.content.decode()
    section.refresh_from_db()
    assert section.name_en == "World"


def test_author_save_racing_past_the_form_check_is_refused_by_the_model(two_editors, monkeypatch):
    from articles.models import Author
    from editorial.forms import VersionedModelForm

    first, _second = two_editors
    author = make_author(bio="<p>Original bio.</p>")
    data = opened_change_form(first, author)
    loaded = Author.objects.get(pk=author.pk)
    Author.objects.filter(pk=author.pk).update(version=F("version") + 1, bio_en="<p>Concurrent.</p>")
    reads = []

    def stored_author_read_before_the_concurrent_save(form):
        reads.append(True)
        return loaded if len(reads) == 1 else Author.objects.get(pk=author.pk)

    monkeypatch.setattr(VersionedModelForm, "stored_object", stored_author_read_before_the_concurrent_save)
    response = first.post(admin_change_url(author), {**data, "bio_en": "<p>Mine.</p>"})

    assert len(reads) == 2
    assert response.status_code == 200
    assert response.context["stale_conflict"]["version"] == 2
    assert response.context["adminform"].form["bio_en"].value() == "<p>Mine.</p>"
    author.refresh_from_db()
    assert author.bio_en == "<p>Concurrent.</p>"


@pytest.mark.parametrize("kind", ["author", "section", "tag"])
def test_saving_an_unchanged_author_section_or_tag_keeps_its_version(two_editors, kind):
    first, second = two_editors
    obj = make_versioned(kind)
    form_b = opened_change_form(second, obj)
    assert first.post(admin_change_url(obj), opened_change_form(first, obj)).status_code == 302
    obj.refresh_from_db()
    assert obj.version == 1
    # So whoever else had it open saves without being refused.
    assert second.post(admin_change_url(obj), {**form_b, EDITED_FIELD[kind]: "Later"}).status_code == 302


@pytest.mark.parametrize("kind", ["author", "section", "tag"])
def test_model_save_from_an_older_copy_of_an_author_section_or_tag_raises(kind):
    from editorial.versioning import StaleVersionError

    obj = make_versioned(kind)
    other_copy = type(obj).objects.get(pk=obj.pk)
    obj.save()
    assert obj.version == 2
    with pytest.raises(StaleVersionError) as excinfo:
        other_copy.save()
    assert excinfo.value.current_version == 2
    assert other_copy.version == 1


def test_tags_created_by_taggit_start_at_version_one_and_can_be_edited():
    from taxonomy.models import Tag

    article = make_article()
    article.tags.add("Brand new")
    article.tags.set(["Brand new", "Another one"])
    tag = Tag.objects.get(name="Brand new")
    assert tag.version == 1
    tag.name_ar = "جديد"
    tag.save()
    assert Tag.objects.get(pk=tag.pk).version == 2
    assert sorted(article.tags.values_list("name", flat=True)) == ["Another one", "Brand new"]


def test_fixture_records_without_a_version_load_at_version_one_and_round_trip(tmp_path):
    import json

    from django.core.management import call_command

    from articles.models import Author
    from taxonomy.models import Section, Tag

    fixture = tmp_path / "records.json"
    fixture.write_text(
        json.dumps(
            [
                {"model": "taxonomy.section", "fields": {"slug": "gulf", "name_en": "Gulf", "position": 1}},
                {"model": "taxonomy.tag", "fields": {"slug": "oil", "name_en": "Oil", "name": "Oil"}},
                {"model": "articles.author", "fields": {"slug": "sara", "name_en": "Sara", "name": "Sara"}},
            ]
        ),
        encoding="utf-8",
    )
    call_command("loaddata", str(fixture), verbosity=0)
    for model in (Section, Tag, Author):
        assert model.objects.get().version == 1

    Section.objects.get().save()  # version 2
    dumped = tmp_path / "dumped.json"
    call_command(
        "dumpdata", "taxonomy.section", "taxonomy.tag", "articles.author",
        natural_primary=True, natural_foreign=True, output=str(dumped), verbosity=0,
    )  # fmt: skip
    Section.objects.all().delete()
    Tag.objects.all().delete()
    Author.objects.all().delete()
    call_command("loaddata", str(dumped), verbosity=0)
    assert Section.objects.get(slug="gulf").version == 2
    assert Tag.objects.get(slug="oil").version == 1
    assert Author.objects.get(slug="sara").version == 1


def opened_section_list(client):
    """The sections list's editing form as the browser posts it back."""
    response = client.get(reverse("admin:taxonomy_section_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    formset = response.context["cl"].formset
    data = {"_save": "Save", **{f"form-{k}": v for k, v in formset.management_form.initial.items()}}
    for form in formset.forms:
        for name in ("id", "position", "base_version"):
            data[form[name].html_name] = form[name].value()
            # Posted only because the page has it.
            assert f'name="{form[name].html_name}"' in html
    return data


def test_list_edit_of_a_section_position_changed_since_the_list_was_opened_is_refused(two_editors):
    from tests.factories import make_section

    first, second = two_editors
    section = make_section(name_en="World", position=1)
    list_b = opened_section_list(second)
    data = opened_change_form(first, section)
    assert first.post(admin_change_url(section), {**data, "position": 5}).status_code == 302

    response = second.post(reverse("admin:taxonomy_section_changelist"), {**list_b, "form-0-position": 9})

    assert response.status_code == 200
    assert "Not saved: someone else saved “World” (now version 2)" in response.content.decode()
    assert response.context["cl"].formset.forms[0]["position"].value() == "9"
    section.refresh_from_db()
    assert (section.position, section.version) == (5, 2)


def test_list_edit_is_not_refused_for_rows_saved_by_others_but_left_alone(two_editors):
    from tests.factories import make_section

    first, second = two_editors
    world, gulf = make_section(name_en="World", position=1), make_section(name_en="Gulf", position=2)
    list_b = opened_section_list(second)
    # Someone renames World; the list's editor moves Gulf only.
    assert (
        first.post(admin_change_url(world), {**opened_change_form(first, world), "name_en": "Planet"}).status_code
        == 302
    )
    gulf_row = next(k for k, v in list_b.items() if k.endswith("-id") and v == gulf.pk).removesuffix("-id")

    response = second.post(reverse("admin:taxonomy_section_changelist"), {**list_b, f"{gulf_row}-position": 0})

    assert response.status_code == 302
    world.refresh_from_db()
    gulf.refresh_from_db()
    assert (world.name_en, world.position) == ("Planet", 1)
    assert (gulf.position, gulf.version) == (0, 2)


def test_list_edit_racing_past_its_check_saves_nothing_and_says_so(two_editors, monkeypatch):
    from editorial.forms import VersionedListRowForm
    from taxonomy.models import Section
    from tests.factories import make_section

    _first, second = two_editors
    world, gulf = make_section(name_en="World", position=1), make_section(name_en="Gulf", position=2)
    list_b = opened_section_list(second)
    loaded = {s.pk: s for s in Section.objects.all()}
    # Another process saves Gulf after the list's rows were checked, before they are saved.
    Section.objects.filter(pk=gulf.pk).update(version=F("version") + 1, position=7)
    monkeypatch.setattr(VersionedListRowForm, "stored_object", lambda form: loaded[form.instance.pk])
    rows = {v: k.removesuffix("-id") for k, v in list_b.items() if k.endswith("-id")}

    response = second.post(
        reverse("admin:taxonomy_section_changelist"),
        {**list_b, f"{rows[world.pk]}-position": 3, f"{rows[gulf.pk]}-position": 4},
        follow=True,
    )

    assert "Nothing was saved: someone else saved one of these in the meantime." in response.content.decode()
    world.refresh_from_db()
    gulf.refresh_from_db()
    assert (world.position, world.version) == (1, 1)
    assert (gulf.position, gulf.version) == (7, 2)

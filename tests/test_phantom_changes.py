"""A rich-text editor posts back stored HTML in its own form (spacing, attribute order, entity
forms, paragraphs): a save records only what a person changed, and a save with no real change
records nothing at all."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import Article
from editorial.diff import comparable_html, comparable_text
from tests.factories import article_form_data, make_article, make_editor

pytestmark = pytest.mark.django_db

STORED_EN = (
    '<p>Oil prices rose <a href="https://example.com/oil" title="Prices">again</a> &amp; "fast".</p>\n'
    "<p>Second paragraph.</p>"
)
STORED_AR = "<p>ارتفعت أسعار <strong>النفط</strong> مجدداً.</p>"
# The same HTML as TinyMCE re-serialises it.
TINYMCE_EN = (
    '<p>\n  Oil prices rose  <a title="Prices" href="https://example.com/oil">again</a> &#38; &quot;fast&quot;.\n</p>'
    "<p>Second&nbsp;paragraph. </p>\n<p>&nbsp;</p>"
)
TINYMCE_AR = "ارتفعت أسعار <strong>النفط</strong>   مجدداً.\n"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_editor("amal"))
    return client


@pytest.fixture
def article():
    article = make_article(
        title_en="Oil", standfirst_en="Prices rise.", body_en=STORED_EN, title_ar="النفط", body_ar=STORED_AR
    )
    workflow.save_revision(article, make_editor())
    article.refresh_from_db()
    return article


def opened(client, article, **values):
    form = client.get(change_url(article)).context["adminform"].form
    data = article_form_data(article)
    for name in ("base_version", "base_digest", "base_status", "base_publish_at"):
        data[name] = form[name].value() or ""
    data.update(values)
    return data


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (STORED_EN, TINYMCE_EN),
        (STORED_AR, TINYMCE_AR),
        ("<p>a<br>b</p>", "<p>a<br />b</p>"),
        ("Body text.", "<p>Body text.</p>"),
        ("<p>&eacute;t&eacute;</p>", "<p>été</p>"),
    ],
)
def test_a_re_serialisation_compares_equal(one, other):
    assert comparable_html(one) == comparable_html(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("<p>a</p><p>b</p>", "<p>a b</p>"),
        ("<p>a <b>b</b></p>", "<p>a b</p>"),
        ('<p><a href="https://a.example">x</a></p>', '<p><a href="https://b.example">x</a></p>'),
        ("<p>one word</p>", "<p>one words</p>"),
    ],
)
def test_a_real_change_compares_different(one, other):
    assert comparable_html(one) != comparable_html(other)


def test_plain_text_differing_only_in_spacing_and_line_ends_is_the_same():
    assert comparable_text("Prices  rise.\r\nAgain ") == comparable_text("Prices rise.\nAgain")
    assert comparable_text("Prices rise.\nAgain") != comparable_text("Prices rise. Again")


def test_changing_only_the_english_standfirst_records_only_that(editor_client, article):
    edited_before = dict(article.language_edited_at)
    revisions = workflow.article_versions(article).count()
    data = opened(editor_client, article, standfirst_en="Prices rise again.", body_en=TINYMCE_EN, body_ar=TINYMCE_AR)

    assert editor_client.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    assert article.standfirst_en == "Prices rise again."
    # The stored bodies are untouched: not even rewritten in the editor's form.
    assert (article.body_en, article.body_ar) == (STORED_EN, STORED_AR)
    assert article.language_edited_at["ar"] == edited_before["ar"]
    assert article.language_edited_at["en"] != edited_before["en"]
    assert article.stale_translations == ["ar"]
    versions = list(workflow.article_versions(article))
    assert len(versions) == revisions + 1
    changes = workflow.version_changes(versions[0], versions[1])
    assert [change.label for change in changes] == ["standfirst [en]"]
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    assert json.loads(entry.change_message) == [{"changed": {"fields": ["Standfirst [en]"]}}]
    assert versions[0].revision.comment.startswith("Changed Standfirst [en].")


def test_a_save_with_only_re_serialised_html_bumps_nothing_and_records_nothing(editor_client, article):
    version = article.version
    revisions = workflow.article_versions(article).count()
    edited_before = dict(article.language_edited_at)
    data = opened(editor_client, article, body_en=TINYMCE_EN, body_ar=TINYMCE_AR, title_en=" Oil ")

    assert editor_client.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    assert article.version == version
    assert workflow.article_versions(article).count() == revisions
    assert article.language_edited_at == edited_before


def test_the_model_marks_a_language_edited_only_for_a_real_change(article):
    edited_before = dict(article.language_edited_at)
    loaded = Article.objects.get(pk=article.pk)
    loaded.body_ar = TINYMCE_AR
    loaded.body_en = TINYMCE_EN
    loaded.save()
    assert loaded.language_edited_at == edited_before
    loaded.body_ar = "<p>نص جديد</p>"
    loaded.save()
    assert loaded.language_edited_at["ar"] != edited_before["ar"]
    assert loaded.language_edited_at["en"] == edited_before["en"]

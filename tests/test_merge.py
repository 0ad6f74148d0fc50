"""Two editors on one article: a save made after someone else's is merged field by field, so
nothing either of them changed is lost, and only a field both changed asks which to keep."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from editorial.merge import BOTH_SAME, CONFLICT, MINE, SAME, THEIRS, Side, digest, outcome
from tests.factories import article_form_data, make_article, make_author, make_editor, make_tag

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def opened_form(client, article, **values):
    """The change form as the browser posts it back: the page's hidden fields as it rendered
    them (the version and fingerprints it was opened at), the fields, then `values`."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = article_form_data(article)
    for name in ("base_version", "base_digest", "base_status", "base_publish_at"):
        data[name] = form[name].value() or ""
    assert data["base_digest"]
    data.update(values)
    return data


@pytest.fixture
def editors():
    a, b = Client(), Client()
    a.force_login(make_editor("amal"))
    b.force_login(make_editor("badr"))
    return a, b


@pytest.fixture
def draft():
    return make_article(
        status=Article.Status.DRAFT,
        title_en="Old headline",
        standfirst_en="Old standfirst.",
        body_en="<p>The old body.</p>",
        title_ar="عنوان",
        body_ar="<p>نص</p>",
        authors=[make_author(name_en="Huda")],
    )


def test_the_other_editors_body_headline_and_byline_are_kept_and_my_standfirst_taken(editors, draft):
    a, b = editors
    form_a = opened_form(a, draft, standfirst_en="A's new standfirst.")  # A opens first
    added = make_author(name_en="Badr")
    form_b = opened_form(
        b,
        draft,
        title_en="B's headline",
        body_en="<p>The old body. And B's new sentence.</p>",
        **{
            "bylines-1-author": added.pk,
            "bylines-1-role": "reporter",
            "bylines-1-position": 1,
            "bylines-TOTAL_FORMS": "2",
        },
        _workflow="publish",
    )
    assert b.post(change_url(draft), form_b).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published()
    revisions = workflow.article_versions(draft).count()

    response = a.post(change_url(draft), form_a)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "B's headline"
    assert draft.body_en == "<p>The old body. And B's new sentence.</p>"
    assert [str(byline.author) for byline in draft.bylines.all()] == ["Huda", "Badr"]
    assert draft.standfirst_en == "A's new standfirst."
    assert draft.status == Article.Status.PUBLISHED and draft.is_published()
    # One revision for the merged save, by A, naming B.
    assert workflow.article_versions(draft).count() == revisions + 1
    latest = workflow.article_versions(draft).first().revision
    assert latest.user.username == "amal"
    assert "badr" in latest.comment and "amal" in latest.comment
    assert "Standfirst [en]" in latest.comment


def test_a_field_both_changed_is_shown_side_by_side_and_saved_as_chosen(editors, draft):
    a, b = editors
    form_a = opened_form(a, draft, title_en="A's headline", standfirst_en="A's standfirst.")
    form_b = opened_form(b, draft, title_en="B's headline", dateline_en="Kuwait")
    assert b.post(change_url(draft), form_b).status_code == 302

    refused = a.post(change_url(draft), form_a)

    assert refused.status_code == 200
    conflict = refused.context["stale_conflict"]
    assert [d["name"] for d in conflict["differences"]] == ["title_en"]
    row = conflict["differences"][0]
    assert (row["stored"], row["mine"]) == ("B's headline", "A's headline")
    html = refused.content.decode()
    assert 'name="merge_title_en"' in html and 'name="merge_title_en_edited"' in html
    draft.refresh_from_db()
    assert draft.standfirst_en == "Old standfirst."  # nothing saved yet

    # A keeps B's headline for that field; their own standfirst and B's dateline are merged in.
    response = a.post(
        change_url(draft), {**form_a, "overwrite_version": conflict["version"], "merge_title_en": "theirs"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title_en, draft.standfirst_en, draft.dateline_en) == ("B's headline", "A's standfirst.", "Kuwait")


def test_a_conflict_can_be_settled_with_an_edit_of_both(editors, draft):
    a, b = editors
    form_a = opened_form(a, draft, title_en="A's headline")
    assert b.post(change_url(draft), opened_form(b, draft, title_en="B's headline")).status_code == 302
    seen = a.post(change_url(draft), form_a).context["stale_conflict"]["version"]
    response = a.post(
        change_url(draft),
        {
            **form_a,
            "overwrite_version": seen,
            "merge_title_en": "edit",
            "merge_title_en_edited": "A and B's headline",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "A and B's headline"


def test_save_mine_over_it_never_puts_back_what_i_did_not_change(editors, draft):
    a, b = editors
    form_a = opened_form(a, draft, title_en="A's headline")
    form_b = opened_form(b, draft, title_en="B's headline", body_en="<p>B's body.</p>", standfirst_en="B's.")
    assert b.post(change_url(draft), form_b).status_code == 302
    seen = a.post(change_url(draft), form_a).context["stale_conflict"]["version"]

    # The old "save mine over it": the box ticked, no choice made (mine for what both changed).
    assert a.post(change_url(draft), {**form_a, "overwrite_version": seen}).status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "A's headline"
    assert (draft.body_en, draft.standfirst_en) == ("<p>B's body.</p>", "B's.")


def test_choices_made_against_a_version_overtaken_since_are_asked_again(editors, draft):
    a, b = editors
    form_a = opened_form(a, draft, title_en="A's headline")
    assert b.post(change_url(draft), opened_form(b, draft, title_en="B's headline")).status_code == 302
    seen = a.post(change_url(draft), form_a).context["stale_conflict"]["version"]
    draft.refresh_from_db()
    assert b.post(change_url(draft), opened_form(b, draft, title_en="B's second headline")).status_code == 302

    response = a.post(change_url(draft), {**form_a, "overwrite_version": seen, "merge_title_en": "mine"})
    assert response.status_code == 200
    assert response.context["stale_conflict"]["version"] == seen + 1
    draft.refresh_from_db()
    assert draft.title_en == "B's second headline"


def test_tags_and_status_only_they_changed_are_kept(editors, draft):
    a, b = editors
    oil = make_tag(name_en="Oil")
    form_a = opened_form(a, draft, body_en="<p>A's body.</p>")
    form_b = opened_form(b, draft, tags=[oil.pk], _workflow="publish")
    assert b.post(change_url(draft), form_b).status_code == 302
    assert a.post(change_url(draft), form_a).status_code == 302
    draft.refresh_from_db()
    assert [t.name_en for t in draft.tags.all()] == ["Oil"]
    assert draft.is_published()
    assert draft.body_en == "<p>A's body.</p>"


def test_the_merge_is_reported_to_the_user(editors, draft):
    a, b = editors
    form_a = opened_form(a, draft, standfirst_en="A's.")
    assert b.post(change_url(draft), opened_form(b, draft, title_en="B's headline")).status_code == 302
    response = a.post(change_url(draft), form_a, follow=True)
    text = response.content.decode()
    assert "Merged the changes amal made with those badr saved in the meantime" in text


@pytest.mark.parametrize(
    ("base", "theirs", "mine", "expected"),
    [
        ("x", "x", "x", SAME),
        ("x", "y", "x", THEIRS),
        ("x", "x", "y", MINE),
        ("x", "y", "y", BOTH_SAME),
        ("x", "y", "z", CONFLICT),
        (None, "y", "z", CONFLICT),
        (None, "y", "y", SAME),
    ],
)
def test_each_field_follows_the_three_way_rule(base, theirs, mine, expected):
    side = Side("Field", theirs, mine)
    assert outcome(side, digest(base) if base is not None else None) == expected


def test_image_and_workflow_fields_merge_like_the_text(editors, draft):
    a, b = editors
    later = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    form_a = opened_form(a, draft, image_alt_en="A's alt text.", correction_ar="تصحيح")
    form_b = opened_form(
        b,
        draft,
        image_caption_ar="تعليق",
        status="published",
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1=later.strftime("%H:%M:%S"),
    )
    assert b.post(change_url(draft), form_b).status_code == 302
    draft.refresh_from_db()
    assert draft.is_scheduled()

    assert a.post(change_url(draft), form_a).status_code == 302
    draft.refresh_from_db()
    assert (draft.image_alt_en, draft.correction_ar, draft.image_caption_ar) == ("A's alt text.", "تصحيح", "تعليق")
    assert draft.is_scheduled() and draft.publish_at == later

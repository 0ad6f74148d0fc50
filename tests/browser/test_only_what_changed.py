"""A save through the browser records only what the person changed: the rich-text editors
re-serialise both bodies, and neither counts as a change."""

import json

import pytest
from django.contrib.admin.models import LogEntry

from articles import workflow
from editorial.sanitize import sanitize_html
from tests.browser.helpers import log_in, open_form
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db(transaction=True)

# Stored as the sanitizer keeps them (a first line outside any paragraph, a no-break space,
# <b>), which the rich-text editor re-serialises in its own form.
BODY_EN = (
    "Filed from Kuwait.\n"
    '<p>Oil prices rose <a title="Prices" href="https://example.com/oil">again</a> &amp; "fast".</p>'
    "<p>Second\xa0paragraph, with <b>bold</b>.</p>"
)
BODY_AR = "ارتفعت أسعار <strong>النفط</strong> مجدداً.\n<p>فقرة\xa0ثانية.</p>"


def test_changing_only_the_english_standfirst_in_the_browser_records_only_that(page, editorial_groups):
    article = make_article(
        "oil",
        title_en="Oil",
        standfirst_en="Prices rise.",
        body_en=sanitize_html(BODY_EN),
        title_ar="النفط",
        standfirst_ar="الأسعار ترتفع.",
        body_ar=sanitize_html(BODY_AR),
    )
    workflow.save_revision(article, make_editor())
    article.refresh_from_db()
    version, edited_before = article.version, dict(article.language_edited_at)
    stored = (article.body_en, article.body_ar)
    make_editor("amal")
    log_in(page, "amal")
    open_form(page, f"/en/admin/articles/article/{article.pk}/change/")
    # Both editors hold the bodies in their own serialisation, which the form posts.
    posted = page.evaluate("() => tinymce.get().map(e => e.getContent())")
    assert posted[0] != stored[0] and posted[1] != stored[1], "else this would prove nothing"

    page.fill("#id_standfirst_en", "Prices rise again.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    article.refresh_from_db()
    assert article.standfirst_en == "Prices rise again."
    assert article.version == version + 1
    assert (article.body_en, article.body_ar) == stored
    assert article.language_edited_at["ar"] == edited_before["ar"]
    latest = workflow.article_versions(article).first().revision
    assert latest.comment.startswith("Changed Standfirst [en]."), latest.comment
    assert "Body" not in latest.comment
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    assert json.loads(entry.change_message) == [{"changed": {"fields": ["Standfirst [en]"]}}]
    # What the editor reads in the history, on the newest revision's row: only the standfirst.
    page.get_by_role("link", name="Revisions and what changed").click()
    newest = page.locator(".nr-history tbody tr").first.inner_text()
    assert "Changed Standfirst [en]." in newest
    assert "Body" not in newest, newest

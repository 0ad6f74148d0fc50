"""A day at the desk in a real browser: a reporter writes a story in English and Arabic and submits
it, an editor publishes it, a reader finds it in both editions; a shared preview opens logged out;
hostile HTML pasted into the editor never runs for readers."""

import pytest
from django.utils import translation

from articles.models import Article
from taxonomy.models import Tag
from tests.browser.helpers import EDITORS_READY, log_in, open_form, type_in_editor
from tests.factories import make_article, make_editor, make_reporter, make_section

pytestmark = pytest.mark.django_db(transaction=True)


def create_tag(page, name):
    page.locator(".field-tags .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(name)
    page.get_by_role("option", name=f"Create tag “{name}”").click()
    # The tag exists once its option carries the new tag's id.
    page.wait_for_function(
        "name => Array.from(document.getElementById('id_tags').selectedOptions)"
        ".some(o => o.textContent === name && /^\\d+$/.test(o.value))",
        arg=name,
    )


def live_url(article, code):
    with translation.override(code):
        return article.get_absolute_url()


def publish(page):
    """Publishes the open article with the Publish now button at the top of the form; returns the
    message the editor is shown."""
    page.get_by_role("group", name="Workflow").get_by_role("button", name="Publish now").click()
    page.wait_for_selector(".messagelist .success")
    return page.locator(".messagelist .success")


def test_a_story_goes_from_the_reporter_through_the_editor_to_readers(new_page, editorial_groups):
    make_section("energy", name_en="Energy", name_ar="طاقة")
    make_reporter("reem")
    make_editor("huda")

    reporter = new_page()
    log_in(reporter, "reem", through_form=True)
    open_form(reporter, "/en/admin/articles/article/add/")
    reporter.get_by_label("Side by side").check()
    reporter.fill("#id_title_en", "Solar farm opens in the desert")
    reporter.fill("#id_standfirst_en", "It will power forty thousand homes.")
    editor_body = type_in_editor(reporter, "body_en", "The farm opened on Sunday. ")
    reporter.keyboard.press("Control+b")
    reporter.keyboard.type("Officials called it historic.")
    # (TinyMCE keeps its caret, a zero-width character, inside the bold it just opened.)
    assert editor_body.locator("strong").inner_text().strip("\ufeff") == "Officials called it historic."

    arabic_title = reporter.locator("#id_title_ar")
    arabic_title.fill("افتتاح مزرعة شمسية في الصحراء")
    # The Arabic is written right to left, in the English admin.
    assert arabic_title.evaluate("e => getComputedStyle(e).direction") == "rtl"
    arabic_body = type_in_editor(reporter, "body_ar", "افتتحت المزرعة يوم الأحد.")
    assert arabic_body.evaluate("e => getComputedStyle(e).direction") == "rtl"
    create_tag(reporter, "Solar power")
    reporter.get_by_label("Note to go with Submit or Send back (optional)").fill("Photos to follow by noon.")
    reporter.get_by_role("group", name="Workflow").get_by_role("button", name="Submit for review").click()
    reporter.wait_for_selector(".messagelist .success")
    assert "Submitted for review" in reporter.locator(".messagelist").inner_text()

    article = Article.objects.get(title_en="Solar farm opens in the desert")
    assert article.status == Article.Status.IN_REVIEW
    assert [tag.name_en for tag in article.tags.all()] == ["Solar power"]
    assert Tag.objects.get(name_en="Solar power").slug

    editor = new_page()
    log_in(editor, "huda")
    open_form(editor, f"/en/admin/articles/article/{article.pk}/change/")
    # The reporter's note is in the article's history, for the editor to read.
    editor.get_by_role("link", name="Revisions and what changed").click()
    assert "Note: Photos to follow by noon." in editor.locator(".nr-history").inner_text()
    editor.go_back()
    editor.wait_for_function(EDITORS_READY)
    message = publish(editor)
    assert "“Solar farm opens in the desert” is now live:" in message.inner_text()
    article.refresh_from_db()
    live = {link.get_attribute("lang"): link.get_attribute("href") for link in message.get_by_role("link").all()}
    assert live == {code: live_url(article, code) for code in ("en", "ar")}, live

    reader = new_page()
    reader.goto(live["en"])
    assert reader.get_by_role("heading", name="Solar farm opens in the desert").is_visible()
    reader.goto(live["ar"])
    assert reader.get_by_role("heading", name="افتتاح مزرعة شمسية في الصحراء").is_visible()
    reader.goto("/en/")
    reader.get_by_role("link", name="Solar farm opens in the desert").first.click()
    assert reader.locator("article strong").inner_text() == "Officials called it historic."
    reader.goto("/ar/")
    assert reader.get_by_role("link", name="افتتاح مزرعة شمسية في الصحراء").first.is_visible()


def test_a_shared_preview_link_opens_for_someone_logged_out(new_page, editorial_groups):
    article = make_article("draft-story", title_en="Not out yet", status=Article.Status.DRAFT)
    make_editor("huda")
    editor = new_page()
    log_in(editor, "huda")
    open_form(editor, f"/en/admin/articles/article/{article.pk}/change/")
    link = editor.locator("#nr-share-preview").input_value()

    stranger = new_page()
    stranger.goto(link)
    assert stranger.get_by_role("heading", name="Not out yet").is_visible()
    stranger.goto(f"/en/articles/{article.slug}/")
    assert not stranger.get_by_role("heading", name="Not out yet").is_visible()


HOSTILE = (
    "<p>Before.</p><script>window.__ran = 'script'</script>"
    '<p><img src="/nowhere.png" onerror="window.__ran = \'onerror\'" alt="x"></p>'
    "<p><a href=\"javascript:window.__ran='link'\">Click me</a></p>"
)


def test_pasted_script_onerror_and_javascript_link_never_run_for_readers(new_page, editorial_groups):
    article = make_article("pasted", title_en="Pasted from the wire", body_en="<p>Wire copy.</p>")
    make_editor("huda")
    editor = new_page()
    log_in(editor, "huda")
    open_form(editor, f"/en/admin/articles/article/{article.pk}/change/")
    # Through the editor's own paste pipeline, as a person pasting from a web page.
    editor.evaluate(
        "html => tinymce.get('id_body_en').execCommand('mceInsertClipboardContent', false, {html})", HOSTILE
    )
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist .success")

    reader = new_page()
    dialogs = []
    reader.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    reader.goto(f"/en/articles/{article.slug}/")
    reader.get_by_text("Click me").click()
    reader.wait_for_load_state()
    assert reader.evaluate("window.__ran") is None
    assert dialogs == []
    assert reader.locator("article script").count() == 0
    assert reader.locator("article [onerror]").count() == 0
    assert reader.locator("article a[href^='javascript:' i]").count() == 0
    assert reader.get_by_text("Before.").is_visible()

"""Unsaved changes survive a closed tab: the form offers them back, never puts them in unasked,
and forgets them once saved."""

import pytest

from tests.browser.helpers import log_in
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)

DRAFTS = "Object.keys(localStorage).filter(k => k.startsWith('nr-draft:article:'))"


def open_form(context, article):
    page = context.new_page()
    page.goto(f"/en/admin/articles/article/{article.pk}/change/")
    # draft.js starts once the editors are ready. (A function, not an expression: Playwright polls an
    # expression through eval, which the admin's policy forbids.)
    page.wait_for_function("() => window.tinymce && tinymce.get().length && tinymce.get().every(e => e.initialized)")
    page.wait_for_selector("#nr-draft[data-ready]", state="attached")
    return page


def type_and_close(page, text):
    page.fill("#id_standfirst_en", text)
    page.wait_for_function(f"() => {DRAFTS}.length === 1")
    page.close()


def test_a_closed_tab_is_offered_back_and_forgotten_once_saved(page, editorial_groups):
    article = make_article("count", title_en="The count", standfirst_en="As stored.")
    make_user("editor", superuser=True)
    log_in(page, "editor")
    type_and_close(open_form(page.context, article), "Typed, never saved.")

    again = open_form(page.context, article)
    notice = again.locator("#nr-draft")
    assert notice.is_visible()
    assert "This browser kept changes to this article that were not saved." in notice.inner_text()
    assert again.locator("#id_standfirst_en").input_value() == "As stored.", "nothing is restored unasked"
    assert not again.locator(".nr-draft__older").is_visible()

    again.get_by_role("button", name="Restore my unsaved changes").click()
    assert again.locator("#id_standfirst_en").input_value() == "Typed, never saved."
    assert not notice.is_visible()
    again.click("input[name=_continue]")
    again.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.standfirst_en == "Typed, never saved."
    assert again.evaluate(DRAFTS) == []
    again.close()

    last = open_form(page.context, article)
    assert not last.locator("#nr-draft").is_visible()


def test_a_draft_of_an_older_version_does_not_overwrite_the_newer_one_unseen(page, editorial_groups):
    article = make_article("count", title_en="The count", standfirst_en="As stored.")
    make_user("editor", superuser=True)
    log_in(page, "editor")
    type_and_close(open_form(page.context, article), "Mine, typed into version 1.")
    # Meanwhile someone else saves.
    article.title_en = "The count, theirs"
    article.save()
    assert article.version == 2

    again = open_form(page.context, article)
    older = again.locator(".nr-draft__older")
    assert older.is_visible()
    assert "version 1" in older.inner_text() and "version 2 now" in older.inner_text()
    again.get_by_role("button", name="Restore my unsaved changes").click()
    again.click("input[name=_continue]")
    # The late save is merged, not refused: their headline (changed only by them) is kept, the
    # restored standfirst (changed only here) is taken; the draft goes once the save succeeds.
    again.wait_for_selector(".messagelist li")
    article.refresh_from_db()
    assert (article.title_en, article.standfirst_en) == ("The count, theirs", "Mine, typed into version 1.")
    assert again.evaluate(DRAFTS) == []

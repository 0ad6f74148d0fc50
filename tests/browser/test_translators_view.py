"""Translators see one switch for the whole form: English, Arabic, or both side by side, with what
changed in the original since their last translation under each field that is out of date."""

import pytest
from reversion import create_revision

from tests.browser.helpers import log_in
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stale_translation():
    with create_revision():
        article = make_article(
            "count",
            title_en="The count",
            body_en="<p>The votes were counted overnight.</p>",
            title_ar="الفرز",
            body_ar="<p>فرزت الأصوات ليلا.</p>",
        )
    with create_revision():
        article.body_en = "<p>The votes were counted by hand overnight.</p>"
        article.save()
    assert article.stale_translations == ["ar"]
    return article


def switch(page, name):
    page.get_by_role("group", name="Languages shown").get_by_label(name).check()


def test_side_by_side_shows_the_original_and_what_changed_in_it(page, stale_translation):
    make_user("translator", superuser=True)
    log_in(page, "translator")
    page.goto(f"/en/admin/articles/article/{stale_translation.pk}/change/")
    page.wait_for_selector("iframe.tox-edit-area__iframe", state="attached")
    # It opens on the original language: English shown, Arabic not.
    assert page.get_by_label("English", exact=True).is_checked()
    assert page.locator("#id_title_en").is_visible()
    assert not page.locator("#id_title_ar").is_visible()

    switch(page, "Side by side")
    english, arabic = page.locator("#id_title_en"), page.locator("#id_title_ar")
    assert english.is_visible() and arabic.is_visible()
    left, right = english.bounding_box(), arabic.bounding_box()
    assert left["x"] + left["width"] <= right["x"], "the original comes first, its translation beside it"
    assert abs(left["y"] - right["y"]) < 5, "on the same line"
    assert arabic.get_attribute("dir") == "rtl" and arabic.get_attribute("lang") == "ar"
    assert english.get_attribute("dir") == "ltr"

    note = page.locator(".field-body_ar .nr-source-changed")
    assert note.is_visible()
    assert "Source changed since your last translation" in note.inner_text()
    assert note.locator("ins").inner_text().strip() == "by hand"
    # Only the field whose source changed carries the note.
    assert page.locator(".field-title_ar .nr-source-changed").count() == 0

    switch(page, "العربيّة")
    assert arabic.is_visible() and not english.is_visible()
    # The choice is the translator's: it holds on the next article they open.
    page.reload()
    page.wait_for_selector("#nr-languages:not([hidden])")
    assert page.get_by_label("العربيّة").is_checked()
    assert arabic.is_visible() and not english.is_visible()


def test_the_arabic_admin_says_which_language_it_shows(page, stale_translation):
    make_user("translator", superuser=True)
    log_in(page, "translator", language="ar")
    page.goto("/ar/admin/articles/article/add/")
    page.wait_for_selector("#nr-languages:not([hidden])")
    checked = page.locator("#nr-languages input:checked")
    assert checked.get_attribute("value") == "ar"
    assert page.locator("#id_title_ar").is_visible() and not page.locator("#id_title_en").is_visible()
    assert page.locator("#nr-languages legend").inner_text() != "Languages shown", "the switch speaks Arabic"

"""Two editors on one article at once, each in their own browser: the later save merges with the
earlier one (nothing either wrote is lost), a field both changed is chosen side by side, and each
sees who else has the article open."""

import re
import time

import pytest
from django.utils import translation

from articles.models import Article
from articles.workflow import presence
from tests.browser.helpers import log_in, open_form
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# Puts the caret at the end of the English body, as a person clicking after its last word.
CARET_AT_END = """() => {
    const editor = tinymce.get('id_body_en');
    editor.focus();
    editor.selection.select(editor.getBody(), true);
    editor.selection.collapse(false);
}"""


@pytest.fixture
def story(editorial_groups):
    return make_article(
        "oil-prices",
        title_en="Oil prices rise",
        standfirst_en="Traders were surprised.",
        body_en="<p>Prices rose on Monday.</p>",
        title_ar="ارتفاع أسعار النفط",
        body_ar="<p>ارتفعت الأسعار يوم الاثنين.</p>",
    )


@pytest.fixture
def editors(editorial_groups):
    return (
        make_user("amal", group="Editor", first_name="Amal", last_name="Haddad"),
        make_user("badr", group="Editor", first_name="Badr", last_name="Saleh"),
    )


def opened_by(new_page, username, article):
    page = new_page()
    log_in(page, username)
    open_form(page, f"/en/admin/articles/article/{article.pk}/change/")
    return page


def save(page, level="success"):
    page.click("input[name=_continue]")
    page.wait_for_selector(f".messagelist .{level}")
    return page.locator(f".messagelist .{level}").inner_text()


def test_a_later_save_keeps_the_other_editors_headline_and_body(new_page, editors, story):
    a = opened_by(new_page, "amal", story)
    b = opened_by(new_page, "badr", story)
    b.fill("#id_title_en", "Oil prices rise for a third day")
    b.evaluate(CARET_AT_END)
    b.keyboard.type(" Traders expect more.")
    save(b)
    story.refresh_from_db()
    assert "Traders expect more." in story.body_en, "B's own save took the sentence"

    # A opened the form before B saved, and changes only the standfirst.
    a.fill("#id_standfirst_en", "Brent crude passed 90 dollars.")
    told = save(a, level="warning")

    assert "Merged the changes amal made with those badr saved in the meantime" in told, told
    assert re.search(r"kept the changes of badr to Headline \[en\] and Body \[en\], ", told), told
    assert re.search(r"and those of amal to Standfirst \[en\]\.$", told), told
    story.refresh_from_db()
    assert story.title_en == "Oil prices rise for a third day"
    assert "Prices rose on Monday. Traders expect more." in story.body_en
    assert story.standfirst_en == "Brent crude passed 90 dollars."
    # A's form now shows what is stored: B's headline with A's standfirst.
    assert a.locator("#id_title_en").input_value() == "Oil prices rise for a third day"

    reader = new_page()
    with translation.override("en"):
        reader.goto(story.get_absolute_url())
    assert reader.get_by_role("heading", name="Oil prices rise for a third day").is_visible()
    page_text = reader.locator("article").inner_text()
    assert "Brent crude passed 90 dollars." in page_text
    assert "Prices rose on Monday. Traders expect more." in page_text


def test_a_field_both_changed_is_chosen_side_by_side_and_the_rest_kept(new_page, editors, story):
    a = opened_by(new_page, "amal", story)
    b = opened_by(new_page, "badr", story)
    b.fill("#id_title_en", "Oil prices rise for a third day")
    b.fill("#id_standfirst_en", "Badr's standfirst.")
    save(b)

    a.fill("#id_standfirst_en", "Amal's standfirst.")
    a.click("input[name=_continue]")
    conflict = a.locator(".nr-conflict")
    conflict.wait_for()
    row = conflict.locator("tbody tr")
    assert row.count() == 1, "only the standfirst was changed by both"
    assert row.get_by_role("rowheader").inner_text() == "Standfirst [en]"
    assert "Badr's standfirst." in row.locator("td").nth(0).inner_text()
    assert "Amal's standfirst." in row.locator("td").nth(1).inner_text()
    assert Article.objects.get(pk=story.pk).standfirst_en == "Badr's standfirst.", "nothing saved before choosing"

    row.get_by_role("radio", name="Mine").check()
    conflict.get_by_label(re.compile("I have reviewed version")).check()
    save(a, level="warning")

    story.refresh_from_db()
    assert story.standfirst_en == "Amal's standfirst."
    assert story.title_en == "Oil prices rise for a third day"
    assert a.locator("#id_standfirst_en").input_value() == "Amal's standfirst."
    assert a.locator("#id_title_en").input_value() == "Oil prices rise for a third day"


def test_an_editor_opening_the_form_sees_who_else_has_it_open(new_page, editors, story):
    a = opened_by(new_page, "amal", story)
    b = new_page()
    log_in(b, "badr")
    with b.expect_response(lambda response: response.url.endswith("/presence/")) as heartbeat:
        b.goto(f"/en/admin/articles/article/{story.pk}/change/")
    # The heartbeat's first call, made on load, answered and filled in the notice.
    assert heartbeat.value.ok
    assert heartbeat.value.json()["message"].startswith("Also open by Amal Haddad")
    notice = b.locator(".nr-presence")
    assert notice.is_visible()
    # Django's "P" time: "9:05 p.m.", but "9 p.m." on the hour, "noon" and "midnight".
    since = r"(\d{1,2}(:\d\d)?.*|noon|midnight)"
    assert re.fullmatch(rf"Also open by Amal Haddad \(editing since {since}\)", notice.inner_text()), (
        notice.inner_text()
    )
    assert not a.locator(".nr-presence").is_visible(), "nobody else had it open when Amal opened it"

    # Amal leaves the page: her browser says so, and Badr's next look no longer names her.
    a.goto("/en/admin/")
    badr = editors[1]
    deadline = time.monotonic() + 20
    while presence.others_present(story.pk, badr) and time.monotonic() < deadline:
        time.sleep(0.2)
    b.reload()
    b.wait_for_selector(".nr-presence", state="attached")
    assert not b.locator(".nr-presence").is_visible()

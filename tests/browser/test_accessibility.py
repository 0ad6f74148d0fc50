"""axe-core finds no critical or serious violation on the editors' pages and the readers' pages,
in both languages, as Chromium shows them (axe is vendored: tests/browser/vendor/)."""

import pytest
from reversion import create_revision
from reversion.models import Version

from tests.browser.helpers import axe_violations, listed, log_in
from tests.factories import make_article, make_author, make_section, make_tag, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    section = make_section("politics", name_en="Politics", name_ar="سياسة")
    tag = make_tag("elections", name_en="Elections", name_ar="انتخابات")
    author = make_author("huda", name_en="Huda Salem", name_ar="هدى سالم")
    article = make_article(
        "vote-count",
        title_en="The vote is counted",
        standfirst_en="Results by morning.",
        body_en="<p>Counting began at <a href='https://example.com/'>eight</a>.</p>",
        title_ar="فرز الأصوات",
        standfirst_ar="النتائج صباحا.",
        body_ar="<p>بدأ الفرز في الثامنة.</p>",
        section=section,
        tags=[tag],
        authors=[author],
    )
    # Two revisions: the history has a row to revert to.
    for title in ("The vote is counted", "The vote is counted at last"):
        with create_revision():
            article.title_en = title
            article.save()
    return article


def check(page, url, wait_for="body"):
    page.goto(url)
    page.wait_for_selector(wait_for, state="attached")
    page.wait_for_function("() => !window.tinymce || tinymce.get().every(e => e.initialized)")
    return {url: found} if (found := axe_violations(page)) else {}


def test_editors_pages_have_no_serious_violations(page, story):
    make_user("axe-admin", superuser=True)
    log_in(page, "axe-admin")
    first = Version.objects.get_for_object(story).last()
    failures = {}
    for language in ("en", "ar"):
        admin = f"/{language}/admin/articles/article/"
        editor_ready = "iframe.tox-edit-area__iframe"
        failures |= check(page, admin, "#result_list")
        failures |= check(page, f"{admin}add/", editor_ready)
        failures |= check(page, f"{admin}{story.pk}/change/", editor_ready)
        failures |= check(page, f"{admin}{story.pk}/history/", ".nr-history")
        failures |= check(page, f"{admin}{story.pk}/history/{first.pk}/revert/")
        failures |= conflict(page, f"{admin}{story.pk}/change/", story)
    assert not failures, listed(failures)


def conflict(page, url, story):
    """The change form refused with the conflict shown, its choice per field: someone saved a
    change to the field this form changes while it was open (a change to another field merges)."""
    page.goto(url)
    page.wait_for_selector("iframe.tox-edit-area__iframe", state="attached")
    page.fill("#id_standfirst_en", "Mine.", force=True)
    story.refresh_from_db()
    story.standfirst_en = f"Theirs, saved while {url} was open."
    story.save()
    page.click("input[name=_continue]")
    page.wait_for_selector(".nr-conflict .nr-merge-choice")
    page.wait_for_function("() => !window.tinymce || tinymce.get().every(e => e.initialized)")
    return {f"{url} (conflict)": found} if (found := axe_violations(page)) else {}


def test_readers_pages_have_no_serious_violations(page, story):
    failures = {}
    for language in ("en", "ar"):
        for path in [
            "",
            "articles/",
            f"articles/{story.slug}/",
            "sections/politics/",
            "tags/elections/",
            "authors/huda/",
            "search/?q=vote",
        ]:
            failures |= check(page, f"/{language}/{path}")
    assert not failures, listed(failures)

"""On a 390x844 phone nothing scrolls sideways: the public pages, and the article's history and
conflict pages in the admin."""

import pytest
from reversion import create_revision

from tests.browser.helpers import listed, log_in, sideways_culprits, sideways_overflow
from tests.factories import make_article, make_author, make_section, make_tag, make_user

pytestmark = pytest.mark.django_db(transaction=True)

LONG_WORDS = "Counting-continued-through-the-night-in-every-district-of-the-capital-without-a-single-break "


@pytest.fixture
def story():
    section = make_section("politics", name_en="Politics", name_ar="سياسة")
    tag = make_tag("elections", name_en="Elections", name_ar="انتخابات")
    author = make_author("huda", name_en="Huda Salem", name_ar="هدى سالم")
    with create_revision():
        article = make_article(
            "vote-count",
            title_en="The vote is counted",
            standfirst_en="Results by morning.",
            body_en=f"<p>{LONG_WORDS * 3}</p><p>https://example.com/a/very/long/address/that/does/not/break/anywhere</p>",
            title_ar="فرز الأصوات",
            body_ar="<p>بدأ الفرز في الثامنة.</p>",
            section=section,
            tags=[tag],
            authors=[author],
        )
    for title in ("The vote is counted, district by district", "The vote is counted: the results"):
        with create_revision():
            article.title_en = title
            article.body_en += f"<p>{title} {LONG_WORDS}</p>"
            article.save()
    return article


def overflow(page, url, ready="body"):
    page.goto(url)
    page.wait_for_selector(ready, state="attached")
    return {url: too_wide(page)} if sideways_overflow(page) > 0 else {}


def too_wide(page):
    return [f"{sideways_overflow(page)} px wider than the screen", *sideways_culprits(page)]


def test_public_pages_fit_a_phone(new_page, story):
    page = new_page(phone=True)
    failures = {}
    for language in ("en", "ar"):
        for path in ["", "articles/", f"articles/{story.slug}/", "sections/politics/", "tags/elections/"]:
            failures |= overflow(page, f"/{language}/{path}")
        for path in ["authors/huda/", "search/?q=vote"]:
            failures |= overflow(page, f"/{language}/{path}")
    assert not failures, listed(failures)


def test_history_and_conflict_pages_fit_a_phone(new_page, story):
    page = new_page(phone=True)
    make_user("phone-editor", superuser=True)
    log_in(page, "phone-editor")
    failures = {}
    for language in ("en", "ar"):
        admin = f"/{language}/admin/articles/article/{story.pk}/"
        failures |= overflow(page, f"{admin}history/", ".nr-history")
        page.goto(f"{admin}change/")
        page.wait_for_selector("iframe.tox-edit-area__iframe", state="attached")
        page.fill("#id_dateline_en", f"Mine {language}", force=True)
        story.refresh_from_db()
        # The same field, or the late save would be merged without a conflict to show.
        story.dateline_en = f"Theirs {language}"
        story.save()
        page.click("input[name=_continue]")
        page.wait_for_selector(".nr-conflict")
        if sideways_overflow(page) > 0:
            failures[f"{admin}change/ (conflict)"] = too_wide(page)
    assert not failures, listed(failures)

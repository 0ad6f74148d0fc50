"""RSS and Atom feeds of each edition parse cleanly and list only what readers may see."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    section = make_section("business", name_en="Business", name_ar="اقتصاد")
    tag = make_tag("oil", name_en="Oil", name_ar="نفط")
    author = make_author("omar", name_en="Omar", name_ar="عمر")
    make_article(
        "both",
        title_en="Oil & gas <deal>",
        title_ar="صفقة النفط",
        body_ar="<p>نص</p>",
        section=section,
        tags=[tag],
        authors=[author],
        standfirst_en="Markets rally",
    )
    make_article("english-only", title_en="English only", section=section, tags=[tag], authors=[author])
    make_article(
        "draft", title_en="Hidden draft", status=Article.Status.DRAFT, section=section, tags=[tag], authors=[author]
    )
    make_article(
        "future",
        title_en="Hidden future",
        publish_at=timezone.now() + timedelta(hours=1),
        section=section,
        tags=[tag],
        authors=[author],
    )
    make_article(
        "archived",
        title_en="Hidden archived",
        status=Article.Status.ARCHIVED,
        publish_at=timezone.now() - timedelta(days=1),
        section=section,
        tags=[tag],
        authors=[author],
    )
    return section, tag, author


FEEDS = [
    "feeds/latest/{kind}/",
    "feeds/sections/business/{kind}/",
    "feeds/tags/oil/{kind}/",
    "feeds/authors/omar/{kind}/",
]


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("path", FEEDS)
def test_feeds_parse_and_hide_unpublished(client, content, kind, path):
    english = client.get("/en/" + path.format(kind=kind))
    assert english.status_code == 200
    parsed = feedparser.parse(english.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    titles = {entry.title for entry in parsed.entries}
    assert titles == {"Oil & gas <deal>", "English only"}
    assert parsed.feed.get("language", "en").startswith("en")
    links = {entry.link for entry in parsed.entries}
    assert "http://testserver/en/articles/both/" in links

    arabic = feedparser.parse(client.get("/ar/" + path.format(kind=kind)).content)
    assert not arabic.bozo, arabic.get("bozo_exception")
    assert {entry.title for entry in arabic.entries} == {"صفقة النفط"}
    assert {entry.link for entry in arabic.entries} == {"http://testserver/ar/articles/both/"}


def test_feed_items_carry_author_and_categories(client, content):
    parsed = feedparser.parse(client.get("/en/feeds/latest/atom/").content)
    entry = next(entry for entry in parsed.entries if entry.title == "Oil & gas <deal>")
    assert entry.author == "Omar"
    assert {tag.term for tag in entry.tags} == {"Business", "Oil"}
    assert entry.summary == "Markets rally"


def test_unknown_feed_object_is_404(client, content):
    assert client.get("/en/feeds/sections/nope/rss/").status_code == 404


def test_pages_advertise_their_feeds(client, content):
    html = client.get("/en/sections/business/").content.decode()
    assert 'type="application/rss+xml"' in html and "/en/feeds/sections/business/rss/" in html
    assert "/en/feeds/latest/atom/" in html


def test_entry_ids_are_stable_absolute_tag_uris(client, content):
    article = Article.objects.get(slug="both")
    day = (article.first_published_at or article.publish_at).astimezone(__import__("datetime").UTC).date()
    expected = {
        "en": f"tag:testserver,{day.isoformat()}:article-{article.pk}-en",
        "ar": f"tag:testserver,{day.isoformat()}:article-{article.pk}-ar",
    }
    for lang in ("en", "ar"):
        for kind in ("rss", "atom"):
            parsed = feedparser.parse(client.get(f"/{lang}/feeds/latest/{kind}/").content)
            ids = {entry.id for entry in parsed.entries}
            assert expected[lang] in ids, (lang, kind, ids)
    article.slug = "renamed"
    article.save()
    parsed = feedparser.parse(client.get("/en/feeds/latest/atom/").content)
    assert expected["en"] in {entry.id for entry in parsed.entries}


def test_atom_summary_is_plain_text_and_rss_description_escaped(client, content):
    article = Article.objects.get(slug="both")
    article.standfirst_en = "Prices <up> & rising"
    article.save()
    atom = client.get("/en/feeds/latest/atom/").content.decode()
    assert '<summary type="text">Prices &lt;up&gt; &amp; rising</summary>' in atom
    parsed = feedparser.parse(atom)
    assert next(e for e in parsed.entries if e.title == "Oil & gas <deal>").summary == "Prices <up> & rising"
    rss = feedparser.parse(client.get("/en/feeds/latest/rss/").content)
    # RSS descriptions are HTML: the text arrives as the HTML that displays it.
    assert next(e for e in rss.entries if e.title == "Oil & gas <deal>").summary == "Prices &lt;up&gt; &amp; rising"


def test_arabic_feeds_never_carry_english_text(client, content):
    section, tag, _author = content
    tag.name_ar = None
    tag.save()
    for kind in ("rss", "atom"):
        body = client.get(f"/ar/feeds/latest/{kind}/").content.decode()
        assert "Markets rally" not in body  # the English standfirst of the article
        assert ">Oil<" not in body and 'term="Oil"' not in body
        parsed = feedparser.parse(body)
        entry = parsed.entries[0]
        assert entry.summary == "نص"  # its Arabic body, as it has no Arabic standfirst
        assert {t.term for t in entry.get("tags", [])} == {"اقتصاد"}


def test_scheduled_article_that_came_due_has_its_publication_date(client, content):
    from unittest import mock

    due = timezone.now() + timedelta(minutes=5)
    make_article("came-due", title_en="Came due", publish_at=due)
    # As saved before publishing recorded the time for scheduled articles (and as any write
    # that bypasses save() leaves it).
    Article.objects.filter(slug="came-due").update(first_published_at=None)
    with mock.patch("django.utils.timezone.now", return_value=due + timedelta(minutes=1)):
        parsed = feedparser.parse(client.get("/en/feeds/latest/atom/").content)
    entry = next(e for e in parsed.entries if e.title == "Came due")
    assert entry.published and ":article-" in entry.id


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_without_a_standfirst_both_editions_summarise_their_own_body(client, kind):
    make_article(
        "no-standfirst",
        title_en="English headline",
        body_en="<p>Ships &amp; <b>ports</b> reopened.</p><p>Trade resumed.</p>",
        title_ar="عنوان عربي",
        body_ar="<p>أعيد فتح <b>الموانئ</b>.</p><p>واستؤنفت التجارة.</p>",
    )
    make_article("long", title_en="Long", body_en="<p>" + "word " * 200 + "</p>")
    english = {e.title: e for e in feedparser.parse(client.get(f"/en/feeds/latest/{kind}/").content).entries}
    arabic = feedparser.parse(client.get(f"/ar/feeds/latest/{kind}/").content).entries
    # RSS descriptions are HTML: the text arrives as the HTML that displays it.
    ships = "Ships &amp; ports" if kind == "rss" else "Ships & ports"
    assert english["English headline"].summary == f"{ships} reopened. Trade resumed."
    assert [e.summary for e in arabic] == ["أعيد فتح الموانئ. واستؤنفت التجارة."]
    assert len(english["Long"].summary.split()) == 40 and english["Long"].summary.endswith("…")


@pytest.mark.parametrize("edition", ["en", "ar"])
@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("what", ["tags", "authors"])
def test_tag_and_author_known_only_from_unpublished_articles_have_no_feed(client, edition, kind, what):
    """Like their pages: the feed of a tag or author of drafts alone would give away its name."""
    tag = make_tag("secret-talks", name_en="Secret talks", name_ar="محادثات سرية")
    author = make_author("hidden-hand", name_en="Hidden Hand", name_ar="اليد الخفية")
    both = {"title_ar": "عنوان", "body_ar": "<p>نص</p>", "tags": [tag], "authors": [author]}
    make_article("draft", status=Article.Status.DRAFT, **both)
    make_article("review", status=Article.Status.IN_REVIEW, **both)
    make_article("archived", status=Article.Status.ARCHIVED, publish_at=timezone.now() - timedelta(days=1), **both)
    make_article("scheduled", publish_at=timezone.now() + timedelta(hours=1), **both)
    slug = tag.slug if what == "tags" else author.slug

    feed = client.get(f"/{edition}/feeds/{what}/{slug}/{kind}/")
    page = client.get(f"/{edition}/{what}/{slug}/")

    assert page.status_code == 404
    assert feed.status_code == 404
    for name in ("Secret talks", "محادثات سرية", "Hidden Hand", "اليد الخفية"):
        assert name not in feed.content.decode()

"""Property: whatever articles exist, in whatever state and time, no public surface shows one that
readers may not see: every page, feed, sitemap and search result of each edition, the content
API (/api/v1/), and the previews (which show their own article, and nothing else that is not live).

Hypothesis draws small newsrooms: articles in random statuses, times (past, due, future, none),
languages, sections, tags and bylines. Each article's slug and headlines carry a token of its
own, so any trace of it on a page (a link, a headline, a feed entry) is found by that token.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import workflow
from articles.models import Article, Author, Byline
from editorial.languages import language_codes
from taxonomy.models import Section, Tag, TaggedArticle
from tests.factories import make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

OFFSETS = [
    None,
    timedelta(days=-400),
    timedelta(hours=-1),
    timedelta(seconds=-1),
    timedelta(hours=1),
    timedelta(days=30),
]

article_drafts = st.lists(
    st.fixed_dictionaries(
        {
            "status": st.sampled_from(Article.Status.values),
            "offset": st.sampled_from(OFFSETS),
            "languages": st.sampled_from([("en",), ("ar",), ("en", "ar")]),
            "section": st.sampled_from([None, 0, 1]),
            "tags": st.sets(st.sampled_from([0, 1, 2]), max_size=3),
            "authors": st.sets(st.sampled_from([0, 1]), max_size=2),
            "is_breaking": st.booleans(),
        }
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture
def vocabulary():
    sections = [make_section(f"section-{i}", name_ar=f"قسم {i}") for i in range(2)]
    tags = [make_tag(f"tag-{i}", name_ar=f"وسم {i}") for i in range(3)]
    authors = [make_author(f"author-{i}", name_ar=f"كاتب {i}") for i in range(2)]
    return sections, tags, authors


def token(index):
    return f"qzx{index:02d}tok"


def build(drafts, vocabulary, now):
    sections, tags, authors = vocabulary
    Article.objects.all().delete()  # each example starts from an empty newsroom
    articles = []
    for index, draft in enumerate(drafts):
        text = {}
        for code in draft["languages"]:
            text[f"title_{code}"] = f"Headline {token(index)} {code}"
            text[f"body_{code}"] = f"<p>Body {token(index)} {code}</p>"
        article = Article.objects.create(
            slug=token(index),
            status=draft["status"],
            publish_at=now + draft["offset"] if draft["offset"] is not None else None,
            section=sections[draft["section"]] if draft["section"] is not None else None,
            is_breaking=draft["is_breaking"],
            original_language=draft["languages"][0],
            **text,
        )
        article.tags.set([tags[i] for i in sorted(draft["tags"])])
        for position, i in enumerate(sorted(draft["authors"])):
            Byline.objects.create(article=article, author=authors[i], position=position)
        articles.append(article)
    return articles


def surfaces(code, vocabulary, articles):
    sections, tags, authors = vocabulary
    urls = [f"/{code}/", f"/{code}/articles/", f"/{code}/feeds/latest/rss/", f"/{code}/feeds/latest/atom/"]
    for kind, objects in (("sections", sections), ("tags", tags), ("authors", authors)):
        urls += [f"/{code}/{kind}/{obj.slug}/" for obj in objects]
        urls.append(f"/{code}/feeds/{kind}/{objects[0].slug}/atom/")
    urls += [f"/{code}/articles/{token(i)}/" for i in range(len(articles))]
    # Every article's headline has the word: one search reaches them all.
    urls.append(f"/{code}/search/?q=Headline")
    return urls


def api_surfaces(code, vocabulary, articles):
    """Every API answer of edition `code`: lists (each filter), each article, and the taxonomy."""
    sections, tags, authors = vocabulary
    lists = [f"/api/v1/articles/?language={code}&page_size=50"]
    for name, objects in (("section", sections), ("tag", tags), ("author", authors)):
        lists += [f"/api/v1/articles/?language={code}&{name}={obj.slug}" for obj in objects]
    lists.append(f"/api/v1/articles/?language={code}&updated_since=2000-01-01T00:00:00Z")
    details = [f"/api/v1/articles/{article.pk}/?language={code}" for article in articles]
    others = [f"/api/v1/{kind}/?language={code}" for kind in ("sections", "tags", "authors")]
    return lists + details + others


def visible_in(article, code, now):
    return article.is_published(now) and code in article.available_languages


def leaked(text, articles, allowed, url=""):
    """Tokens of articles not `allowed` found in `text`; the URL asked for may echo its own token."""
    return [
        token(i) for i, article in enumerate(articles) if article not in allowed and token(i) in text.replace(url, "")
    ]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drafts=article_drafts)
def test_no_public_surface_shows_an_article_readers_may_not_see(client, vocabulary, drafts):
    cache.clear()
    now = timezone.now()
    articles = build(drafts, vocabulary, now)
    client.raise_request_exception = True
    anywhere = [a for a in articles if any(visible_in(a, code, now) for code in language_codes())]
    for code in language_codes():
        live = [a for a in articles if visible_in(a, code, now)]
        for url in surfaces(code, vocabulary, articles):
            response = client.get(url)
            # An article live in another edition only: its own page here says so and links there.
            allowed = anywhere if url.startswith(f"/{code}/articles/qzx") else live
            assert response.status_code in (200, 404), url
            assert leaked(response.content.decode(), articles, allowed, url) == [], url
        for url in api_surfaces(code, vocabulary, articles):
            response = client.get(url)
            # The API has no "not in this edition" page: an article of another edition is 404 there.
            assert response.status_code in (200, 404), url
            assert leaked(response.content.decode(), articles, live) == [], url
        # And the API is no empty surface: its list shows every live article of the edition.
        listed = client.get(f"/api/v1/articles/?language={code}&page_size=50").content.decode()
        assert [a for a in live if token(articles.index(a)) not in listed] == []
    for url in ("/sitemap.xml", "/sitemap-articles.xml", "/sitemap-sections.xml", "/sitemap-news.xml"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert leaked(response.content.decode(), articles, anywhere) == [], url
    for article in articles:
        preview = client.get(f"/{article.original_language}/preview/{workflow.preview_token(article)}/")
        assert leaked(preview.content.decode(), articles, [*anywhere, article]) == []


def test_the_property_sees_a_leak(client, vocabulary):
    # The check above can fail: a draft's token on a page is reported.
    now = timezone.now()
    articles = build(
        [
            {
                "status": "draft",
                "offset": None,
                "languages": ("en",),
                "section": None,
                "tags": set(),
                "authors": set(),
                "is_breaking": False,
            }
        ],
        vocabulary,
        now,
    )
    assert leaked(f"<a href='/en/articles/{token(0)}/'>", articles, []) == [token(0)]
    assert not visible_in(articles[0], "en", now)


def test_models_left_as_they_were(vocabulary):
    # The vocabulary is shared by the examples; only articles (and their rows) are rebuilt.
    assert (Section.objects.count(), Tag.objects.count(), Author.objects.count(), TaggedArticle.objects.count()) == (
        2,
        3,
        2,
        0,
    )

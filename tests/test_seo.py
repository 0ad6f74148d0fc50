"""Canonical URLs, hreflang alternates, Open Graph/Twitter tags and safely serialized JSON-LD."""

import json
import re
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.core.cache import cache as django_cache

from articles.templatetags import public
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.metas, self.scripts = [], [], []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            self.metas.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.scripts[-1] += data

    def meta(self, key):
        return [m.get("content") for m in self.metas if m.get("property") == key or m.get("name") == key]

    def hreflangs(self):
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }


def parse(html):
    parser = HeadParser()
    parser.feed(html)
    return parser


@pytest.fixture
def article():
    section = make_section("politics", name_en="Politics", name_ar="سياسة")
    tags = [make_tag("gcc", name_en="GCC", name_ar="مجلس التعاون"), make_tag("oil", name_en="Oil", name_ar="نفط")]
    authors = [make_author("huda", name_en="Huda", name_ar="هدى"), make_author("ali", name_en="Ali", name_ar="علي")]
    return make_article(
        "summit",
        title_en='Summit </script><script>alert("x")</script> ends',
        standfirst_en="Leaders agree",
        title_ar="انتهاء القمة",
        body_ar="<p>نص</p>",
        section=section,
        tags=tags,
        authors=authors,
    )


def test_article_head(client, article):
    response = client.get("/en/articles/summit/")
    html = response.content.decode()
    head = parse(html)
    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == ["http://testserver/en/articles/summit/"]
    assert head.hreflangs() == {
        "en": "http://testserver/en/articles/summit/",
        "ar": "http://testserver/ar/articles/summit/",
        "x-default": "http://testserver/en/articles/summit/",
    }
    assert head.meta("og:type") == ["article"]
    assert head.meta("og:url") == ["http://testserver/en/articles/summit/"]
    assert head.meta("og:description") == ["Leaders agree"]
    assert head.meta("twitter:card") == ["summary"]
    assert set(head.meta("article:tag")) == {"GCC", "Oil"}


def test_json_ld_parses_with_fields_and_cannot_break_out(client, article):
    html = client.get("/en/articles/summit/").content.decode()
    # Exactly one JSON-LD block, and the headline's </script> did not end it early.
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert "<script>alert" not in html
    data = json.loads(blocks[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == 'Summit </script><script>alert("x")</script> ends'
    assert data["inLanguage"] == "en"
    assert data["datePublished"] and data["dateModified"]
    assert data["author"] == [
        {"@type": "Person", "name": "Huda", "url": "http://testserver/en/authors/huda/"},
        {"@type": "Person", "name": "Ali", "url": "http://testserver/en/authors/ali/"},
    ]
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"]
    assert data["articleSection"] == "Politics"
    assert data["keywords"] == ["GCC", "Oil"]


def test_arabic_json_ld(client, article):
    html = client.get("/ar/articles/summit/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["headline"] == "انتهاء القمة"
    assert data["inLanguage"] == "ar"
    assert data["articleSection"] == "سياسة"
    assert data["author"][0]["url"] == "http://testserver/ar/authors/huda/"


@pytest.mark.parametrize(
    "path", ["/{lang}/", "/{lang}/sections/politics/", "/{lang}/tags/oil/", "/{lang}/authors/huda/"]
)
def test_listing_heads(client, article, path):
    for lang in ("en", "ar"):
        head = parse(client.get(path.format(lang=lang)).content.decode())
        hreflangs = head.hreflangs()
        assert set(hreflangs) == {"en", "ar", "x-default"}
        assert hreflangs[lang] == "http://testserver" + path.format(lang=lang)
        assert head.meta("og:title") and head.meta("og:locale")


def test_search_and_preview_are_noindex(client, article):
    from articles.workflow import preview_token

    assert '<meta name="robots" content="noindex">' in client.get("/en/search/?q=x").content.decode()
    assert (
        '<meta name="robots" content="noindex">'
        in client.get(f"/en/preview/{preview_token(article)}/").content.decode()
    )


def test_paginated_pages_are_their_own_canonical(client):
    section = make_section("many", name_en="Many")
    for i in range(25):
        make_article(f"many-{i}", title_en=f"Story {i}", section=section)
    first = parse(client.get("/en/sections/many/").content.decode())
    second = parse(client.get("/en/sections/many/?page=2").content.decode())
    assert [link["href"] for link in first.links if link.get("rel") == "canonical"] == [
        "http://testserver/en/sections/many/"
    ]
    assert [link["href"] for link in second.links if link.get("rel") == "canonical"] == [
        "http://testserver/en/sections/many/?page=2"
    ]


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_json_ld_leaves_out_what_is_missing_and_credits_the_agency(client):
    make_article("agency", title_en="Agency copy", source="KUNA")
    make_article("bare", title_en="Bare copy")
    agency = json_ld(client.get("/en/articles/agency/").content.decode())
    assert agency["author"] == [{"@type": "Organization", "name": "KUNA"}]
    assert "description" not in agency
    assert "keywords" not in agency
    bare = json_ld(client.get("/en/articles/bare/").content.decode())
    assert "author" not in bare


def test_json_ld_has_the_publisher_logo_when_the_site_has_one(client, article):
    assert "logo" not in json_ld(client.get("/en/articles/summit/").content.decode())["publisher"]
    with mock.patch("articles.templatetags.public.finders.find", return_value="/static/img/logo.png"):
        from django.core.cache import cache

        cache.clear()
        # What a process found of the logo is trusted for a while (public.LOGO_RECHECK).
        public._logo.clear()
        data = json_ld(client.get("/en/articles/summit/").content.decode())
    assert data["publisher"]["logo"]["url"].endswith("img/logo.png")


def test_a_logo_dropped_in_shows_once_the_process_looks_again(client, article):
    public._logo.clear()
    assert "logo" not in json_ld(client.get("/en/articles/summit/").content.decode())["publisher"]
    later = public.time.monotonic() + public.LOGO_RECHECK + 1
    with (
        mock.patch("articles.templatetags.public.finders.find", return_value="/static/img/logo.png") as find,
        mock.patch("articles.templatetags.public.time.monotonic", return_value=later),
    ):
        django_cache.clear()
        assert "logo" in json_ld(client.get("/en/articles/summit/").content.decode())["publisher"]
        django_cache.clear()
        assert "logo" in json_ld(client.get("/en/articles/summit/").content.decode())["publisher"]
    # Looked up once in that time, not once per page.
    assert find.call_count == 1


def test_arabic_json_ld_uses_only_arabic_names(client, article):
    from taxonomy.models import Tag

    Tag.objects.filter(slug="oil").update(name_ar=None)
    article.section.name_ar = ""
    article.section.save()
    data = json_ld(client.get("/ar/articles/summit/").content.decode())
    assert data["keywords"] == ["مجلس التعاون"]
    assert "articleSection" not in data
    assert "description" not in data  # the standfirst exists in English only

"""An anonymous client cannot bypass or fill the page cache with query parameters a page never reads.

Each cached page declares what it reads (nothing for an article or the home page, `page` for a
list, `p` for a sitemap page): any other parameter shares the clean URL's cache entry.
"""

from unittest import mock

import pytest

from articles import cache as page_cache
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

FLOOD = 40


@pytest.fixture
def site():
    section = make_section("gulf", name_ar="الخليج")
    tag = make_tag("oil", name_ar="نفط")
    author = make_author("sara", name_ar="سارة")
    for i in range(25):
        make_article(
            f"story-{i}", title_ar=f"خبر {i}", body_ar="<p>نص</p>", section=section, tags=[tag], authors=[author]
        )


CACHED_URLS = [
    "/en/",
    "/ar/",
    "/en/articles/story-3/",
    "/en/articles/",
    "/en/sections/gulf/",
    "/en/tags/oil/",
    "/en/authors/sara/",
    "/en/feeds/latest/rss/",
    "/en/feeds/sections/gulf/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
]


def stored_keys(client, urls):
    keys = set()
    real_set = page_cache._cache_set
    with mock.patch.object(page_cache, "_cache_set", side_effect=lambda key, *a: keys.add(key) or real_set(key, *a)):
        for url in urls:
            assert client.get(url).status_code == 200, url
    return keys


@pytest.mark.parametrize("url", CACHED_URLS)
def test_made_up_parameters_neither_bypass_nor_fill_the_cache(client, site, url):
    joiner = "&" if "?" in url else "?"
    flood = [url] + [f"{url}{joiner}q=random{i}&page=1&p=1&cb={i}" for i in range(FLOOD)]
    keys = stored_keys(client, flood)
    assert len(keys) == 1
    response = client.get(f"{url}{joiner}q=another")
    assert response["X-Cache"] == "hit"


def test_a_list_keeps_one_entry_per_real_page(client, site):
    urls = [f"/en/articles/?page={page}&q=x{i}" for i in range(FLOOD) for page in ("1", "2")]
    assert len(stored_keys(client, urls)) == 2  # 25 articles: two pages of 20


def test_a_sitemap_page_number_is_read(client, site):
    assert client.get("/sitemap-articles.xml?p=1")["X-Cache"] == "miss"
    assert client.get("/sitemap-articles.xml")["X-Cache"] == "hit"
    assert client.get("/sitemap-articles.xml?p=2").status_code == 404  # one page of URLs: nothing past it


def test_links_a_page_prints_carry_only_what_it_reads(client, site):
    html = client.get("/en/articles/?page=2&q=leak&utm_source=x").content.decode()
    assert "page=2" in html
    assert "leak" not in html and "utm_source" not in html

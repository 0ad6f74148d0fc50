"""Each public page costs a fixed number of queries, however many tags, bylines and articles it shows.

Measured with the page itself not cached. What every page of a cache generation shares (the
generation's schedule clock and the section menu, one query each) is computed once per
generation, not per page: it is warmed first and its cost is checked on its own.
"""

import pytest
from django.utils import translation

from articles import cache as page_cache
from articles.views import nav_sections
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

BUDGET = 4


def build(size):
    sections = [make_section(f"sec{i}-{size}", name_ar=f"قسم {i}-{size}") for i in range(size)]
    tags = [make_tag(f"tag{i}-{size}", name_ar=f"وسم {i}-{size}") for i in range(size)]
    authors = [make_author(f"author{i}-{size}", name_ar=f"كاتب {i}-{size}") for i in range(size)]
    main = None
    for i in range(size * 3):
        article = make_article(
            f"story{i}-{size}",
            title_en=f"Story {i}",
            title_ar=f"خبر {i}",
            body_ar="<p>نص</p>",
            section=sections[i % size],
            tags=tags,
            authors=authors,
            is_breaking=(i == 0),
        )
        main = main or article
    return main, sections[0], tags[0], authors[0]


def urls(lang, main, section, tag, author):
    return [
        f"/{lang}/",
        f"/{lang}/articles/",
        f"/{lang}/articles/{main.slug}/",
        f"/{lang}/sections/{section.slug}/",
        f"/{lang}/tags/{tag.slug}/",
        f"/{lang}/authors/{author.slug}/",
        f"/{lang}/search/?q=story",
        f"/{lang}/feeds/latest/rss/",
        f"/{lang}/feeds/sections/{section.slug}/atom/",
        f"/{lang}/feeds/tags/{tag.slug}/rss/",
        f"/{lang}/feeds/authors/{author.slug}/rss/",
    ]


def warm_shared(lang):
    with translation.override(lang):
        generation = page_cache.live_generation()

        class Request:
            public_generation = generation

        nav_sections(Request())


def count_queries(client, url, lang, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    warm_shared(lang)
    with django_assert_max_num_queries(BUDGET) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Cache"] == "miss", url
    return len(captured)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_budget_does_not_grow_with_content(client, lang, django_assert_max_num_queries):
    small = build(2)
    small_counts = {
        url.replace("-2", ""): count_queries(client, url, lang, django_assert_max_num_queries)
        for url in urls(lang, *small)
    }
    large = build(8)
    large_counts = {
        url.replace("-8", ""): count_queries(client, url, lang, django_assert_max_num_queries)
        for url in urls(lang, *large)
    }
    assert small_counts == large_counts


def test_shared_state_costs_one_query_each_per_generation(django_assert_num_queries):
    build(3)
    with translation.override("en"), django_assert_num_queries(2):
        warm_shared("en")
    with translation.override("en"), django_assert_num_queries(0):
        warm_shared("en")


def test_article_detail_exact_budget(client, django_assert_num_queries):
    main, *_rest = build(6)
    warm_shared("en")
    # article with its section, bylines with authors, tags, related articles
    with django_assert_num_queries(4):
        assert client.get(f"/en/articles/{main.slug}/").status_code == 200

"""Each public page costs at most four queries with an EMPTY cache, however much it shows.

Nothing is warmed before counting: the page's own queries plus the one query that reads what
every page of a cache generation shares (the next scheduled time and the section menu). The
same holds without any cache at all (CACHE_URL=dummy://), and the count does not grow with the
number of tags, bylines, sections or articles.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from articles import cache as page_cache
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

BUDGET = 4
DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


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
        f"/{lang}/feeds/latest/atom/",
        f"/{lang}/feeds/sections/{section.slug}/atom/",
        f"/{lang}/feeds/tags/{tag.slug}/rss/",
        f"/{lang}/feeds/authors/{author.slug}/rss/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
    ]


def cold_count(client, url, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(BUDGET) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Cache"] in ("miss", "off"), url
    return len(captured)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_cold_budget_does_not_grow_with_content(client, lang, django_assert_max_num_queries):
    small = build(2)
    small_counts = {
        url.replace("-2", ""): cold_count(client, url, django_assert_max_num_queries) for url in urls(lang, *small)
    }
    large = build(8)
    large_counts = {
        url.replace("-8", ""): cold_count(client, url, django_assert_max_num_queries) for url in urls(lang, *large)
    }
    assert small_counts == large_counts


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_budget_holds_without_any_cache(client, lang, django_assert_max_num_queries):
    built = build(4)
    with override_settings(CACHES=DUMMY_CACHE):
        for url in urls(lang, *built):
            with django_assert_max_num_queries(BUDGET):
                assert client.get(url).status_code == 200, url


def test_warm_shared_state_leaves_the_page_its_own_queries(client, django_assert_num_queries):
    main, *_rest = build(6)
    client.get("/en/")  # reads the generation's shared state
    # article with its section and tags; bylines with authors; related articles
    with django_assert_num_queries(3):
        assert client.get(f"/en/articles/{main.slug}/").status_code == 200


def test_article_detail_cold_budget_is_exact(client, django_assert_num_queries):
    main, *_rest = build(6)
    with django_assert_num_queries(4):
        assert client.get(f"/en/articles/{main.slug}/").status_code == 200


def test_shared_state_is_one_query_per_generation(django_assert_num_queries):
    build(3)
    with translation.override("en"), django_assert_num_queries(1):
        page_cache.live_state()
    with translation.override("en"), django_assert_num_queries(0):
        page_cache.live_state()
    make_article("another")  # a new generation
    with translation.override("en"), django_assert_num_queries(1):
        page_cache.live_state()


def test_shared_state_without_sections_still_reads_the_schedule():
    from datetime import timedelta

    from django.utils import timezone

    due = timezone.now() + timedelta(hours=3)
    make_article("later", publish_at=due)
    state = page_cache.read_state()
    assert state["sections"] == []
    assert page_cache.state_due(state) == due

"""An edit invalidates only the pages showing what changed; a stale page is rendered once while
the others are served the previous version for a few seconds; a hit is one round trip to the cache;
every cached page says what it shows (Surrogate-Key, Cache-Tag) and how long it may be reused."""

import threading
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from articles import cache as page_cache
from articles.models import Article
from editorial import invalidation
from newsroom.pagecache import local_pages
from tests.factories import make_article, make_author, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_missed_invalidation_left_over():
    invalidation.forget_missed_invalidation()
    yield
    invalidation.forget_missed_invalidation()


@pytest.fixture
def site():
    news, sport = make_section("news", name_en="News"), make_section("sport", name_en="Sport")
    energy, football = make_tag("energy"), make_tag("football")
    writer = make_author("writer")
    a = make_article("a", title_en="Alpha headline", section=news, tags=[energy], authors=[writer])
    b = make_article("b", title_en="Beta headline", section=sport, tags=[football])
    return a, b


def x_cache(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response["X-Cache"]


UNRELATED = ["/en/tags/football/", "/en/sections/sport/", "/en/articles/b/", "/en/feeds/tags/football/rss/"]
AFFECTED = [
    "/en/articles/a/",
    "/en/",
    "/en/articles/",
    "/en/sections/news/",
    "/en/tags/energy/",
    "/en/authors/writer/",
    "/en/feeds/latest/rss/",
    "/en/feeds/tags/energy/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
]


def test_editing_an_article_refreshes_its_pages_and_leaves_unrelated_ones_cached(client, site):
    a, _b = site
    for url in UNRELATED + AFFECTED:
        assert x_cache(client, url) == "miss", url
    a.title_en = "Alpha rewritten"
    a.save()
    for url in UNRELATED:
        assert x_cache(client, url) == "hit", url
    for url in AFFECTED:
        response = client.get(url)
        assert response["X-Cache"] == "miss", url
    for url in AFFECTED[:6]:
        assert "Alpha rewritten" in client.get(url).content.decode(), url


def test_editing_a_lead_image_refreshes_its_articles_pages_only(client, site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a, _b = site
    a.lead_image = make_image("harbour.png", alt_en="The harbour at dawn")
    a.save()
    for url in UNRELATED + AFFECTED[:6]:
        x_cache(client, url)
    image = a.lead_image
    image.alt_en = "The harbour at dusk"
    image.save()
    for url in UNRELATED:
        assert x_cache(client, url) == "hit", url
    for url in AFFECTED[:6]:
        assert x_cache(client, url) == "miss", url
    assert "The harbour at dusk" in client.get("/en/articles/a/").content.decode()


def test_moving_an_article_to_another_section_refreshes_both(client, site):
    a, _b = site
    assert "Alpha headline" in client.get("/en/sections/news/").content.decode()
    assert "Alpha headline" not in client.get("/en/sections/sport/").content.decode()
    from taxonomy.models import Section

    a.section = Section.objects.get(slug="sport")
    a.save()
    assert "Alpha headline" not in client.get("/en/sections/news/").content.decode()
    assert "Alpha headline" in client.get("/en/sections/sport/").content.decode()


def test_tagging_an_article_refreshes_the_tag_page(client, site):
    a, _b = site
    assert "Alpha headline" not in client.get("/en/tags/football/").content.decode()
    from taxonomy.models import Tag

    a.tags.add(Tag.objects.get(slug="football"))
    assert "Alpha headline" in client.get("/en/tags/football/").content.decode()
    a.tags.clear()
    assert "Alpha headline" not in client.get("/en/tags/energy/").content.decode()


def test_renaming_a_section_refreshes_every_page(client, site):
    assert x_cache(client, "/en/articles/b/") == "miss"
    from taxonomy.models import Section

    section = Section.objects.get(slug="news")
    section.name_en = "World news"
    section.save()
    response = client.get("/en/articles/b/")
    assert response["X-Cache"] == "miss"
    assert "World news" in response.content.decode()  # the menu


def test_a_related_article_edit_shows_on_the_pages_listing_it_within_the_lag(client, monkeypatch):
    tag = make_tag("oil")
    make_article("first", title_en="First", tags=[tag])
    second = make_article("second", title_en="Second story", tags=[tag])
    assert "Second story" in client.get("/en/articles/first/").content.decode()
    second.title_en = "Second, corrected"
    second.save()
    # Within the lag the page listing it in passing is still the one stored.
    page = client.get("/en/articles/first/")
    assert page["X-Cache"] == "hit" and "Second story" in page.content.decode()
    # Once the lag is over (made zero here), and the second this process keeps a page it served
    # (newsroom.pagecache), it is rendered again.
    monkeypatch.setattr(page_cache, "LAG_SECONDS", 0)
    local_pages.clear()
    assert "Second, corrected" in client.get("/en/articles/first/").content.decode()


@pytest.mark.parametrize("withdraw", ["unpublish", "archive", "delete"])
def test_a_related_article_withdrawn_leaves_the_pages_listing_it_at_once(client, withdraw):
    tag = make_tag("oil")
    make_article("first", title_en="First", tags=[tag])
    second = make_article("second", title_en="Second story", tags=[tag])
    assert "Second story" in client.get("/en/articles/first/").content.decode()
    if withdraw == "delete":
        second.delete()
    else:
        second.status = Article.Status.DRAFT if withdraw == "unpublish" else Article.Status.ARCHIVED
        second.save()
    page = client.get("/en/articles/first/")
    assert page["X-Cache"] == "miss" and "Second story" not in page.content.decode()


def test_headers_say_what_the_page_shows_and_how_long_to_keep_it(client, site):
    a, _b = site
    response = client.get("/en/articles/a/")
    keys = response["Surrogate-Key"].split()
    assert {f"article-{a.pk}", f"section-{a.section_id}", "site"} <= set(keys)
    assert any(key.startswith("tag-") for key in keys) and any(key.startswith("author-") for key in keys)
    assert response["Cache-Tag"] == ",".join(keys)
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=60" in control and "stale-while-revalidate=30" in control
    listing = client.get("/en/")
    assert "list-latest" in listing["Surrogate-Key"].split()
    assert f"article-{a.pk}" in listing["Surrogate-Key"].split()
    # A hit sends the same headers.
    assert client.get("/en/articles/a/")["Surrogate-Key"] == response["Surrogate-Key"]


class CountingCache:
    """The shared cache, counting the calls that reach it (each is one round trip)."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        self.calls.append(name)
        return getattr(self.real, name)


def test_a_hit_is_one_round_trip_to_the_cache_and_no_query(client, site, django_assert_num_queries):
    assert x_cache(client, "/en/articles/a/") == "miss"
    counting = CountingCache(invalidation.cache)
    with mock.patch.object(invalidation, "cache", counting), django_assert_num_queries(0):
        assert x_cache(client, "/en/articles/a/") == "hit"
    assert counting.calls == ["get_many"]


def test_a_stale_page_is_served_while_another_request_renders_it(client, site, django_assert_max_num_queries):
    a, _b = site
    assert x_cache(client, "/en/articles/a/") == "miss"
    a.title_en = "Alpha rewritten"
    a.save()
    lock = page_cache.LOCK_KEY.format(digest=digest_of("/en/articles/a/"))
    cache.add(lock, 1, 30)  # another request is rendering it
    response = client.get("/en/articles/a/")
    assert response["X-Cache"] == "stale"
    assert "Alpha headline" in response.content.decode()
    with mock.patch.object(page_cache, "STALE_SECONDS", -1):
        # Stale for longer than the bound: rendered here rather than served.
        assert client.get("/en/articles/a/")["X-Cache"] == "miss"
    cache.delete(lock)
    assert "Alpha rewritten" in client.get("/en/articles/a/").content.decode()


def digest_of(path):
    request = RequestFactory().get(path)
    from django.utils import translation

    with translation.override("en"):
        return page_cache.page_digest(request)


def test_concurrent_misses_render_the_page_once():
    renders = []
    started = threading.Barrier(8)

    def slow_view(request):
        renders.append(1)
        time.sleep(0.3)  # long enough for the others to arrive while it renders
        page_cache.shows(request, "list-test")
        return HttpResponse(f"render {len(renders)}")

    view = page_cache.public_page(slow_view)
    state = {"due": [], "complete": True, "sections": []}
    answers = []

    def reader():
        started.wait()
        answers.append(view(RequestFactory().get("/en/slow/")))

    with mock.patch.object(page_cache, "live_state", lambda versions=None: (versions, state)):
        for round_ in ("cold", "stale"):
            renders.clear()
            answers.clear()
            threads = [threading.Thread(target=reader) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert len(renders) == 1, round_
            assert all(answer.status_code == 200 for answer in answers)
            served = [answer["X-Cache"] for answer in answers]
            # The others waited for the page (cold) or got the previous one (stale).
            assert served.count("miss") == 1
            assert set(served) - {"miss"} <= ({"hit"} if round_ == "cold" else {"stale", "hit"})
            assert round_ == "cold" or "stale" in served
            invalidation.bump("list-test")

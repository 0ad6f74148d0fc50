"""Lists are paginated by seeking: "Older" and "Newer" follow cursors, so publishing meanwhile
neither repeats nor skips an article; old ?page=N addresses keep working; bad cursors are 404."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles import pagination
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

# Newest first; two articles published at the same second come newest id first.
ORDER = [f"story-{i:02}" for i in sorted(range(45), key=lambda i: (i // 2, -i))]
LINK = re.compile(r'<a rel="(prev|next)" href="([^"]+)"')


@pytest.fixture
def listed():
    section = make_section("gulf", name_en="Gulf")
    tag = make_tag("oil")
    author = make_author("huda")
    now = timezone.now()
    for i in range(45):
        # Two by two at the same second: the cursor's id must break the tie.
        make_article(
            f"story-{i:02}",
            title_en=f"Story {i:02}",
            section=section,
            tags=[tag],
            authors=[author],
            publish_at=now - timedelta(hours=1, seconds=i // 2),
        )
    return section


def slugs(html):
    return re.findall(r'href="/en/articles/(story-\d\d|fresh-\d)/"', html)


def links(html):
    return {rel: href.replace("&amp;", "&") for rel, href in LINK.findall(html)}


def walk(client, path, publish_between=False):
    """Follows "Older" from the first page to the last, returning the articles seen in order."""
    seen, url, step = [], path, 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        seen += slugs(html)
        older = links(html).get("next")
        url = older
        if publish_between:
            make_article(f"fresh-{step}", title_en=f"Fresh {step}", section=listed_section())
        step += 1
    return seen


def listed_section():
    from taxonomy.models import Section

    return Section.objects.get(slug="gulf")


@pytest.mark.parametrize("path", ["/en/articles/", "/en/sections/gulf/", "/en/tags/oil/", "/en/authors/huda/"])
def test_older_links_visit_every_article_once_even_while_publishing(client, listed, path):
    seen = walk(client, path, publish_between=True)
    # Articles published meanwhile are newer than the cursor: never shown on the way down.
    assert seen == ORDER
    assert len(seen) == len(set(seen))


def test_newer_links_lead_back_to_the_first_page(client, listed):
    first = client.get("/en/articles/").content.decode()
    second = client.get(links(first)["next"]).content.decode()
    third = client.get(links(second)["next"]).content.decode()
    assert slugs(third) == ORDER[40:]
    back = client.get(links(third)["prev"])
    assert slugs(back.content.decode()) == slugs(second)
    # From the second page, "Newer" reaches the newest articles: that is the first page.
    top = client.get(links(second)["prev"])
    assert top.status_code == 302 and top["Location"] == "/en/articles/"


def test_the_first_page_has_no_newer_link_and_the_last_no_older(client, listed):
    html = client.get("/en/articles/").content.decode()
    assert set(links(html)) == {"next"}
    assert "Page 1 of" not in html  # nothing is counted


def test_old_page_numbers_keep_working(client, listed):
    html = client.get("/en/sections/gulf/?page=2").content.decode()
    assert slugs(html) == ORDER[20:40]
    assert links(html)["prev"] == "/en/sections/gulf/"
    assert client.get("/en/sections/gulf/?page=4").status_code == 404  # past the end


def test_a_page_number_past_the_numbered_pages_goes_to_the_deepest_one(client, listed):
    with mock.patch.object(pagination, "NUMBERED_PAGES", 2):
        response = client.get("/en/articles/?page=3")
        assert response.status_code == 302 and response["Location"] == "/en/articles/?page=2"
    with mock.patch.object(pagination, "NUMBERED_PAGES", 4):
        assert client.get("/en/articles/?page=40").status_code == 404  # 45 articles: no fourth page


@pytest.mark.parametrize(
    "query",
    ["before=abc", "before=1.", "before=-5.3", "after=1.2.3", "before=9" * 30, "before=1.1&after=1.1", "before=1.1"],
)
def test_bad_or_empty_cursors_are_404(client, listed, query):
    assert client.get(f"/en/articles/?{query}").status_code == 404


def test_a_deep_page_costs_what_the_first_does(client, listed, django_assert_max_num_queries):
    older = links(client.get("/en/articles/").content.decode())["next"]
    from django.core.cache import cache

    cache.clear()
    # The shared state, the page's articles, their bylines.
    with django_assert_max_num_queries(3):
        assert client.get(older).status_code == 200


def test_a_cursor_page_is_its_own_canonical(client, listed):
    older = links(client.get("/en/articles/").content.decode())["next"]
    html = client.get(f"{older}&utm_source=x").content.decode()
    assert f'<link rel="canonical" href="http://testserver{older}">' in html

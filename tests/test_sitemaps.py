"""sitemap.xml lists each article once per edition it exists in, with hreflang alternates; the News
sitemap covers 48 hours; robots.txt points at both. Nothing unpublished appears."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture
def content():
    make_section("world", name_en="World")
    make_article("both", title_en="Both", title_ar="كلاهما", body_ar="<p>نص</p>")
    make_article("arabic-only", title_en="", body_en="", title_ar="عربي", body_ar="<p>نص</p>", original_language="ar")
    make_article("old", title_en="Old", publish_at=timezone.now() - timedelta(days=5))
    make_article("draft", title_en="Draft", status=Article.Status.DRAFT)
    make_article("future", title_en="Future", publish_at=timezone.now() + timedelta(hours=3))
    make_article(
        "archived", title_en="Archived", status=Article.Status.ARCHIVED, publish_at=timezone.now() - timedelta(hours=2)
    )


def entries(client):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sitemap_urls = [loc.text for loc in ET.fromstring(index.content).findall("sm:sitemap/sm:loc", NS)]  # noqa: S314
    assert sitemap_urls == ["http://testserver/sitemap-articles.xml", "http://testserver/sitemap-sections.xml"]
    result = {}
    for sitemap_url in sitemap_urls:
        response = client.get(sitemap_url.removeprefix("http://testserver"))
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # noqa: S314 -- our own response
        for url in root.findall("sm:url", NS):
            loc = url.find("sm:loc", NS).text
            result[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
    return result


def test_sitemap_has_alternates_only_for_available_languages(client, content):
    urls = entries(client)
    base = "http://testserver"
    assert urls[f"{base}/en/articles/both/"] == {
        "en": f"{base}/en/articles/both/",
        "ar": f"{base}/ar/articles/both/",
        "x-default": f"{base}/en/articles/both/",
    }
    assert f"{base}/ar/articles/both/" in urls
    assert f"{base}/en/articles/arabic-only/" not in urls
    assert urls[f"{base}/ar/articles/arabic-only/"] == {
        "ar": f"{base}/ar/articles/arabic-only/",
        "x-default": f"{base}/ar/articles/arabic-only/",
    }
    assert f"{base}/en/sections/world/" in urls


def test_sitemap_hides_unpublished(client, content):
    text = " ".join(entries(client))
    for slug in ("draft", "future", "archived"):
        assert f"/articles/{slug}/" not in text


def test_news_sitemap_covers_last_48_hours(client, content):
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 -- our own response
    locs = {url.find("sm:loc", NS).text: url for url in root.findall("sm:url", NS)}
    assert set(locs) == {
        "http://testserver/en/articles/both/",
        "http://testserver/ar/articles/both/",
        "http://testserver/ar/articles/arabic-only/",
    }
    news = locs["http://testserver/ar/articles/both/"].find("news:news", NS)
    assert news.find("news:publication/news:language", NS).text == "ar"
    assert news.find("news:title", NS).text == "كلاهما"


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text
    assert "Disallow: /en/preview/" in text


def test_scheduled_article_that_came_due_by_itself_is_news(client, content):
    import json
    import re
    from unittest import mock

    due = timezone.now() + timedelta(minutes=10)
    make_article("came-due", title_en="Came due", publish_at=due)
    # Nothing is written when it comes due: first_published_at may still be empty.
    Article.objects.filter(slug="came-due").update(first_published_at=None)
    with mock.patch("django.utils.timezone.now", return_value=due + timedelta(minutes=1)):
        root = ET.fromstring(client.get("/sitemap-news.xml").content)  # noqa: S314 -- our own response
        html = client.get("/en/articles/came-due/").content.decode()
    entry = next(url for url in root.findall("sm:url", NS) if url.find("sm:loc", NS).text.endswith("/came-due/"))
    published = entry.find("news:news/news:publication_date", NS).text
    assert published.startswith(timezone.localtime(due).strftime("%Y-%m-%dT%H:%M"))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["datePublished"].startswith(due.strftime("%Y-%m-%dT%H:%M"))
    assert 'property="article:published_time" content="' + timezone.localtime(due).strftime("%Y-%m-%dT%H:%M") in html


def test_sections_are_listed_only_in_editions_that_name_them(client, content):
    make_section("gulf", name_en="Gulf", name_ar="الخليج")
    urls = entries(client)
    assert "http://testserver/ar/sections/gulf/" in urls
    assert "http://testserver/en/sections/world/" in urls
    assert "http://testserver/ar/sections/world/" not in urls  # "world" has no Arabic name


def test_lastmod_is_the_day_of_the_last_change_in_the_sites_time_zone(client, settings):
    from datetime import UTC, datetime

    settings.TIME_ZONE = "Asia/Kuwait"
    article = make_article("late", title_en="Late")
    # 22:30 in UTC is 01:30 the next day in Kuwait (UTC+3).
    Article.objects.filter(pk=article.pk).update(updated_at=datetime(2026, 3, 9, 22, 30, tzinfo=UTC))
    page = ET.fromstring(client.get("/sitemap-articles.xml").content)  # noqa: S314
    assert [node.text for node in page.findall("sm:url/sm:lastmod", NS)] == ["2026-03-10"]

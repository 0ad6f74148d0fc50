"""The read-only content API, /api/v1/: live articles as JSON, cached, open to every origin, rate-limited."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db


def get(client, path, **headers):
    response = client.get(path, **headers)
    return response, (json.loads(response.content) if "json" in response.get("Content-Type", "") else None)


@pytest.fixture
def content():
    gulf, world = make_section("gulf", name_ar="الخليج"), make_section("world", name_ar="العالم")
    nato = make_tag("nato", name_ar="الناتو")
    sara = make_author("sara", name_ar="سارة")
    now = timezone.now()
    bilingual = make_article(
        slug="talks",
        title_en="Talks resume",
        title_ar="استئناف المحادثات",
        body_ar="<p>نص</p>",
        section=gulf,
        tags=[nato],
        authors=[sara],
        publish_at=now - timedelta(hours=1),
    )
    english = make_article(slug="summit", title_en="Summit", section=world, publish_at=now - timedelta(hours=2))
    return {"bilingual": bilingual, "english": english, "gulf": gulf, "nato": nato, "sara": sara}


def test_an_article_in_the_requested_language_with_everything_a_partner_needs(client, content):
    article = content["bilingual"]
    response, data = get(client, f"/api/v1/articles/{article.pk}/?language=ar")
    assert response.status_code == 200
    assert data["language"] == "ar"
    assert data["title"] == "استئناف المحادثات"
    assert data["body"] == "<p>نص</p>"
    assert data["section"] == {"slug": "gulf", "name": "الخليج", "url": "http://testserver/ar/sections/gulf/"}
    assert data["tags"] == [{"slug": "nato", "name": "الناتو", "url": "http://testserver/ar/tags/nato/"}]
    assert data["bylines"][0]["role"] == "reporter"
    assert data["bylines"][0]["author"]["name"] == "سارة"
    assert data["urls"] == {"en": "http://testserver/en/articles/talks/", "ar": "http://testserver/ar/articles/talks/"}
    assert data["languages"] == ["en", "ar"]
    assert data["published_at"] and data["modified_at"]
    assert data["image"] is None


def test_an_article_not_in_the_requested_edition_is_not_found(client, content):
    response, data = get(client, f"/api/v1/articles/{content['english'].pk}/?language=ar")
    assert response.status_code == 404
    assert get(client, "/api/v1/articles/?language=xx")[0].status_code == 400


def slugs(data):
    return [Article.objects.get(pk=item["id"]).slug for item in data["results"]]


def test_filters_by_language_section_tag_author_and_time(client, content):
    assert slugs(get(client, "/api/v1/articles/")[1]) == ["talks", "summit"]
    assert slugs(get(client, "/api/v1/articles/?language=ar")[1]) == ["talks"]
    assert slugs(get(client, "/api/v1/articles/?section=world")[1]) == ["summit"]
    assert slugs(get(client, "/api/v1/articles/?tag=nato")[1]) == ["talks"]
    assert slugs(get(client, "/api/v1/articles/?author=sara")[1]) == ["talks"]
    assert slugs(get(client, "/api/v1/articles/?section=no-such-section")[1]) == []
    Article.objects.filter(pk=content["english"].pk).update(updated_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert slugs(get(client, "/api/v1/articles/", QUERY_STRING=f"updated_since={since}")[1]) == ["talks"]
    assert get(client, "/api/v1/articles/?updated_since=yesterday")[0].status_code == 400


def test_sections_tags_and_authors_of_an_edition(client, content):
    make_tag("unused", name_ar="غير مستخدم")  # nothing published under it
    sections = get(client, "/api/v1/sections/?language=ar")[1]
    assert [s["name"] for s in sections] == ["الخليج", "العالم"]
    tags = get(client, "/api/v1/tags/?language=ar")[1]
    assert [t["slug"] for t in tags["results"]] == ["nato"]
    authors = get(client, "/api/v1/authors/")[1]
    assert [(a["slug"], a["url"]) for a in authors["results"]] == [("sara", "http://testserver/en/authors/sara/")]


def test_the_cursor_stays_put_while_articles_are_published(client):
    now = timezone.now()
    for i in range(5):
        make_article(slug=f"old-{i}", publish_at=now - timedelta(hours=i + 1))
    first = get(client, "/api/v1/articles/?page_size=2")[1]
    assert slugs(first) == ["old-0", "old-1"]
    make_article(slug="fresh-1")
    make_article(slug="fresh-2", publish_at=now - timedelta(minutes=1))
    second = get(client, first["next"].removeprefix("http://testserver"))[1]
    third = get(client, second["next"].removeprefix("http://testserver"))[1]
    assert slugs(second) == ["old-2", "old-3"]
    assert slugs(third) == ["old-4"]
    assert third["next"] is None


def test_conditional_get_answers_304(client, content):
    response = client.get("/api/v1/articles/")
    assert response["ETag"] and response["Last-Modified"]
    again = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get("/api/v1/articles/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_answers_are_cached_and_invalidated_like_the_pages(client, content):
    assert client.get("/api/v1/articles/")["X-Cache"] == "miss"
    assert client.get("/api/v1/articles/?utm_source=x")["X-Cache"] == "hit"
    article = Article.objects.get(pk=content["english"].pk)
    article.title_en = "Summit opens"
    article.save()
    response, data = get(client, "/api/v1/articles/")
    assert response["X-Cache"] == "miss"
    assert "Summit opens" in [item["title"] for item in data["results"]]


def test_cors_is_open_for_reading_without_credentials(client, content):
    response = client.get("/api/v1/articles/", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/articles/", HTTP_ORIGIN="https://partner.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "ETag" in preflight["Access-Control-Expose-Headers"]
    head = client.head("/api/v1/articles/")
    assert head.status_code == 200 and head["Access-Control-Allow-Origin"] == "*"
    assert client.post("/api/v1/articles/", {}).status_code == 405


@override_settings(NEWSROOM_API_RATE_LIMIT=3, NEWSROOM_API_RATE_WINDOW=60)
def test_each_client_has_its_rate_limit(client, content):
    for _ in range(3):
        assert client.get("/api/v1/sections/").status_code == 200
    refused = client.get("/api/v1/sections/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert refused["Access-Control-Allow-Origin"] == "*"
    # Another client address is counted on its own.
    assert client.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.7").status_code == 200


@override_settings(NEWSROOM_API_RATE_LIMIT=2, NEWSROOM_PROXY_COUNT=1)
def test_the_limit_counts_the_client_behind_the_proxy_as_login_throttling_does(client, content):
    for _ in range(2):
        assert client.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert client.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_a_page_of_articles_costs_the_same_few_queries_whatever_its_size(client, count, django_assert_num_queries):
    section, tag = make_section("gulf"), make_tag("nato")
    authors = [make_author(f"a{i}") for i in range(3)]
    for i in range(count):
        make_article(
            slug=f"s{i}", title_ar=f"خبر {i}", body_ar="<p>نص</p>", section=section, tags=[tag], authors=authors
        )
    # The shared state (1), the articles with their section and tags (1), their bylines (1).
    with django_assert_num_queries(3):
        data = get(client, f"/api/v1/articles/?page_size={count}")[1]
    assert len(data["results"]) == count
    assert all(len(item["bylines"]) == 3 and item["tags"] for item in data["results"])


def test_the_schema_is_served_and_valid(client, tmp_path):
    response, schema = get(client, "/api/v1/schema/")
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/articles/", "/api/v1/articles/{id}/", "/api/v1/sections/", "/api/v1/tags/"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert {"language", "section", "tag", "author", "updated_since", "cursor", "page_size"} <= parameters
    # drf-spectacular's own validation against the OpenAPI 3 JSON schema (fails with an error).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

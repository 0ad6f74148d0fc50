"""On PostgreSQL, every public page's and the admin list's queries read articles, bylines and tag
links through indexes: no sequential scan of those tables, the ones that grow with the archive.

The table: ROWS articles from the benchmark generator (600-1,000 words per language, search
vectors, 1-3 bylines and 2-8 tags each), the GIN indexes' pending lists flushed (autovacuum does
it in production; a test's transaction never sees autovacuum) and ANALYZE. Each page is
requested with the cache emptied, its queries captured, and each query EXPLAINed (not run again):
- first as it is: at this size the planner reads most queries through an index already;
- a query it would still scan sequentially is EXPLAINed again with enable_seqscan=off. That
  setting forbids nothing (it adds a huge cost to sequential scans), so a Seq Scan that remains
  means no index can serve the query: that fails. One that goes away means an index serves it
  and the planner preferred reading a few thousand rows whole (a hash join with an author's 200
  bylines, a common word in every article); those are listed in PREFERRED_AT_THIS_SIZE, and
  bench/README.md measures what they cost at 100,000 and more.
The admin's count is estimated above ESTIMATE_ABOVE rows; the threshold is lowered here so that
the list takes the path it takes on a large table.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.admin import changelist
from articles.generator import generate
from articles.generator.text import vocabulary
from articles.models import Article, Author
from articles.pagination import cursor_of
from taxonomy.models import Section, Tag

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans of PostgreSQL"),
]

ROWS = 3_000
GROWING = ("articles_article", "articles_byline", "taxonomy_taggedarticle")
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def deep_cursor(code):
    """The cursor of a list page far back in the archive ("Older" forty times)."""
    deep = Article.objects.edition(code).order_by("-publish_at", "-pk")[800]
    return cursor_of(deep)


def public_urls(article, section, tag, author):
    urls = []
    for code in ("en", "ar"):
        words = vocabulary(code)
        urls += [
            f"/{code}/",
            f"/{code}/articles/",
            f"/{code}/articles/?before={deep_cursor(code)}",
            f"/{code}/sections/{section.slug}/",
            f"/{code}/tags/{tag.slug}/",
            f"/{code}/authors/{author.slug}/",
            article.url_in(code),
            f"/{code}/feeds/latest/rss/",
            f"/{code}/feeds/sections/{section.slug}/atom/",
            f"/{code}/feeds/tags/{tag.slug}/rss/",
            f"/{code}/feeds/authors/{author.slug}/atom/",
            f"/{code}/search/?q={words[0]}",  # the most common word
            f"/{code}/search/?q={words[1]} {words[5]}",
            f"/{code}/search/?q={words[4_000]}",  # a rare word
        ]
    return [*urls, "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-sections.xml", "/sitemap-news.xml"]


def admin_urls(section, author):
    changelist = "/en/admin/articles/article/"
    return [
        changelist,
        changelist + "?q=government",
        changelist + "?q=" + vocabulary("ar")[3_000],
        changelist + f"?language=ar&authors__id__exact={author.pk}",
        changelist + "?status=published",
        changelist + "?status=draft",
        changelist + f"?section__id__exact={section.pk}",
        changelist + "?language=en&is_breaking__exact=1",
        "/en/admin/autocomplete/?app_label=articles&model_name=byline&field_name=author&term=ah",
    ]


def scanned(cursor, sql):
    cursor.execute("EXPLAIN " + sql)
    return [table for table in SEQ_SCAN.findall("\n".join(row[0] for row in cursor.fetchall())) if table in GROWING]


def sequential_scans(client, url, preferred):
    """[(table, sql)] of the growing tables a request's queries can read only sequentially;
    adds to `preferred` those the planner scans by choice at this size."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    found = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")) or not scanned(cursor, sql):
                continue
            cursor.execute("SET LOCAL enable_seqscan = off")
            try:
                if tables := scanned(cursor, sql):
                    found += [(table, sql[:300]) for table in tables]
                else:
                    preferred.append((url, sql[:120]))
            finally:
                cursor.execute("SET LOCAL enable_seqscan = on")
    return found


@pytest.fixture
def archive(monkeypatch):
    monkeypatch.setattr(changelist, "ESTIMATE_ABOVE", 100)
    generate(ROWS, seed=11, rebuild_indexes=False)
    with connection.cursor() as cursor:
        for code in ("en", "ar"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [f"article_search_{code}_gin"])
        for table in (*GROWING, "taxonomy_tag", "taxonomy_section", "articles_author"):
            cursor.execute(f"ANALYZE {table}")
    edition = Article.objects.edition("en").filter(in_ar=True).order_by("-publish_at", "-pk")
    # The heaviest of each kind: the generator's first section, tag and author are its most used.
    return (
        edition[50],
        Section.objects.order_by("pk").first(),
        Tag.objects.order_by("pk").first(),
        Author.objects.order_by("pk").first(),
    )


def test_public_pages_and_the_admin_list_read_articles_bylines_and_tags_through_indexes(client, archive):
    article, section, tag, author = archive
    failures, preferred = {}, []
    for url in public_urls(article, section, tag, author):
        if scans := sequential_scans(client, url, preferred):
            failures[url] = scans
    admin = get_user_model().objects.create_superuser("explain-admin", "explain@example.com", "x")
    client.force_login(admin)
    for url in admin_urls(section, author):
        if scans := sequential_scans(client, url, preferred):
            failures[url] = scans
    # Shown with -s (or on failure): the queries an index serves that the planner scans at this size.
    print("\n".join(f"PREFERRED_AT_THIS_SIZE {url}: {sql}" for url, sql in preferred))
    assert not failures, "\n".join(f"{url}: {scans}" for url, scans in failures.items())

"""The stored languages (in_<code>): computed by the database from the row's own text, so they
follow it whatever writes it, and the edition queries read them instead of the bodies."""

import json
import secrets
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles.models import Article
from taxonomy.models import Section
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def stored(article):
    """(in_en, in_ar) as the database holds them now."""
    return Article.objects.values_list("in_en", "in_ar").get(pk=article.pk)


def test_save_stores_the_languages_and_follows_edits():
    article = make_article(title_en="Talks", body_en="<p>x</p>", title_ar="محادثات", body_ar="<p>نص</p>")
    assert stored(article) == (True, True)
    article = Article.objects.get(pk=article.pk)
    article.body_ar = ""
    article.save()
    assert stored(article) == (True, False)


def test_a_body_cleaned_to_nothing_is_no_language():
    article = make_article(title_ar="عنوان", body_ar="<script>alert(1)</script>")
    assert stored(article) == (True, False)


def test_queryset_update_of_a_title_or_a_body():
    article = make_article(title_en="Talks", body_en="<p>x</p>")
    Article.objects.filter(pk=article.pk).update(title_ar="محادثات", body_ar="<p>نص</p>")
    assert stored(article) == (True, True)
    Article.objects.filter(pk=article.pk).update(title_en="")
    assert stored(article) == (False, True)
    assert list(Article.objects.in_language("en")) == []


def test_bulk_create_and_bulk_update():
    created = Article.objects.bulk_create(
        [
            Article(slug="bulk-en", title_en="Bulk", body_en="<p>x</p>"),
            Article(slug="bulk-ar", title_ar="عنوان", body_ar="<p>نص</p>"),
        ]
    )
    english = Article.objects.get(slug="bulk-en")
    arabic = Article.objects.get(slug="bulk-ar")
    assert (stored(english), stored(arabic)) == ((True, False), (False, True))
    for article in created:
        article.pk = {"bulk-en": english.pk, "bulk-ar": arabic.pk}[article.slug]
    english.body_en = ""
    arabic.title_en, arabic.body_en = "Title", "<p>Body</p>"
    Article.objects.bulk_update([english, arabic], ["title_en", "body_en"])
    assert (stored(english), stored(arabic)) == ((False, False), (True, True))


def test_raw_sql_writes():
    article = make_article(title_en="Talks", body_en="<p>x</p>")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET title_ar = %s, body_ar = %s WHERE id = %s",
            ["عنوان", "<p>نص</p>", article.pk],
        )
    assert stored(article) == (True, True)


def test_loaddata_fixtures_need_no_stored_languages_and_dumps_carry_none(tmp_path):
    fixture = [
        {
            "model": "articles.article",
            "fields": {
                "slug": "loaded",
                "title": "Headline only",
                "title_en": "Headline only",
                "title_ar": "عنوان",
                "body": "",
                "body_ar": "<p>نص</p>",
                "status": "published",
                "publish_at": "2025-11-26T09:00:00Z",
            },
        }
    ]
    path = tmp_path / "loaded.json"
    path.write_text(json.dumps(fixture), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)
    article = Article.objects.get(slug="loaded")
    assert stored(article) == (False, True)
    assert [code for code in ("en", "ar") if Article.objects.in_language(code).filter(pk=article.pk)] == ["ar"]
    # Derived, so never serialized: fixtures, dumps and revisions neither carry nor need it.
    out = tmp_path / "dump.json"
    call_command("dumpdata", "articles.article", output=str(out), verbosity=0)
    assert all("in_en" not in record["fields"] for record in json.loads(out.read_text(encoding="utf-8")))


def test_the_sample_content_fixture_still_loads():
    call_command("loaddata", "fixtures/sample_content.json", verbosity=0)
    assert Article.objects.in_language("ar").exists()
    for article in Article.objects.all():
        assert [code for code in ("en", "ar") if getattr(article, f"in_{code}")] == article.available_languages


def test_available_languages_follow_unsaved_text_and_read_no_body_when_it_is_deferred(django_assert_num_queries):
    article = make_article(title_en="Talks", body_en="<p>x</p>")
    article.title_ar, article.body_ar = "محادثات", "<p>نص</p>"
    assert article.available_languages == ["en", "ar"]  # not yet saved: the text says it
    assert Article(title_ar="عنوان", body_ar="<p>نص</p>").available_languages == ["ar"]
    with django_assert_num_queries(1):
        (card,) = Article.objects.filter(pk=article.pk).cards()
        assert card.available_languages == ["en"]  # as stored; no query per card for its body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans of PostgreSQL")
def test_postgresql_edition_counts_read_no_body_and_use_the_edition_indexes():
    sections = [make_section(f"plan-{i}") for i in range(4)]
    now = timezone.now()
    # Mostly drafts and Arabic-only articles: English published ones are a few, and long bodies
    # make the table large enough for an index to be the cheaper way to count them.
    Article.objects.bulk_create(
        Article(
            slug=f"plan-{i}",
            title_en="Headline" if i % 10 == 0 else "",
            body_en=f"<p>{secrets.token_hex(300)}</p>" if i % 10 == 0 else "",
            title_ar="عنوان",
            body_ar=f"<p>{secrets.token_hex(300)}</p>",
            status=Article.Status.PUBLISHED if i % 3 else Article.Status.DRAFT,
            publish_at=now - timedelta(minutes=i),
            section=sections[i % 4],
        )
        for i in range(2500)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")

    def plan(run):
        with translation.override("en"), CaptureQueriesContext(connection) as queries:
            run()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
            return "\n".join(row[0] for row in cursor.fetchall())

    latest = plan(lambda: Article.objects.edition().count())
    section = plan(
        lambda: Section.objects.annotate(published=Article.objects.edition().counted(section=OuterRef("pk"))).get(
            slug="plan-1"
        )
    )
    for text in (latest, section):
        assert "body_" not in text and "title_" not in text, text
    assert "article_en_latest_idx" in latest, latest
    assert "article_en_section_idx" in section, section

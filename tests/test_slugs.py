"""Addresses never break: a slug per language, and every slug an article had redirects once to its address now."""

import html
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri

from articles.models import Article, FormerSlug
from tests.factories import article_form_data, make_article, make_editor, make_section

pytestmark = pytest.mark.django_db


def url(code, slug):
    with translation.override(code):
        return reverse("article_detail", kwargs={"slug": slug})


def bilingual(**extra):
    return make_article(
        slug="talks-resume", title_en="Talks resume", title_ar="استئناف المحادثات", body_ar="<p>نص</p>", **extra
    )


def rename(article, code, slug):
    article = Article.objects.get(pk=article.pk)
    setattr(article, f"slug_{code}", slug)
    article.full_clean()
    article.save()
    return article


def test_each_language_has_its_own_slug_and_address(client):
    article = bilingual()
    article = rename(article, "ar", "استئناف-المحادثات")
    assert article.url_in("en") == "/en/articles/talks-resume/"
    assert article.url_in("ar") == iri_to_uri("/ar/articles/استئناف-المحادثات/")
    assert client.get(url("en", "talks-resume")).status_code == 200
    assert client.get(url("ar", "استئناف-المحادثات")).status_code == 200
    # Each edition answers only its own slug; the other's is a former one only if it was.
    assert client.get(url("en", "استئناف-المحادثات")).status_code == 404


def test_renamed_twice_every_old_address_redirects_once_to_the_current_one(client):
    article = bilingual()
    rename(article, "en", "talks-resume-in-kuwait")
    rename(article, "en", "gulf-talks-resume")
    for old in ("talks-resume", "talks-resume-in-kuwait"):
        response = client.get(url("en", old))
        assert response.status_code == 301
        # One hop: straight to the current address, never to another old one.
        assert response["Location"] == "/en/articles/gulf-talks-resume/"
    assert client.get("/en/articles/gulf-talks-resume/").status_code == 200
    assert set(FormerSlug.objects.values_list("language", "slug")) == {
        ("en", "talks-resume"),
        ("en", "talks-resume-in-kuwait"),
    }


def test_a_rename_in_one_language_leaves_the_other_alone(client):
    article = bilingual()
    rename(article, "ar", "محادثات")
    assert client.get(url("ar", "talks-resume"))["Location"] == iri_to_uri("/ar/articles/محادثات/")
    assert client.get(url("ar", "محادثات")).status_code == 200
    assert client.get(url("en", "talks-resume")).status_code == 200


def test_renaming_back_to_an_old_slug_serves_it_again(client):
    article = bilingual()
    rename(article, "en", "second")
    rename(article, "en", "talks-resume")
    assert client.get(url("en", "talks-resume")).status_code == 200
    assert client.get(url("en", "second"))["Location"] == "/en/articles/talks-resume/"


def test_arabic_slugs_are_made_from_the_arabic_headline_with_arabic_letters():
    article = Article(title_ar="قمة الخليج في الكويت", body_ar="<p>نص</p>", original_language="ar")
    article.save()
    assert article.slug_ar == "قمة-الخليج-في-الكويت"
    # An article without an English headline takes its English slug from the original language's.
    assert article.slug_en == "قمة-الخليج-في-الكويت"
    again = Article(title_ar="قمة الخليج في الكويت", body_ar="<p>نص</p>", original_language="ar")
    again.save()
    assert again.slug_ar == "قمة-الخليج-في-الكويت-2"


def test_a_slug_another_article_had_cannot_be_taken():
    first = bilingual()
    rename(first, "en", "talks-resumed")
    other = make_article(slug="something-else")
    other.slug_en = "talks-resume"
    with pytest.raises(ValidationError) as excinfo:
        other.full_clean()
    assert "slug_en" in excinfo.value.message_dict
    assert "another article" in excinfo.value.message_dict["slug_en"][0]
    # The same slug in another language is a different address, and free.
    other.slug_en, other.slug_ar = "something-else", "talks-resume-ar"
    other.full_clean()


def test_the_admin_tells_the_editor_a_slug_was_used_before(client):
    first = bilingual()
    rename(first, "en", "talks-resumed")
    client.force_login(make_editor())
    data = article_form_data(title_en="Another story", body_en="<p>x</p>", slug_en="talks-resume")
    with translation.override("en"):
        response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "was the address of another article" in response.content.decode()
    assert Article.objects.count() == 1


def test_the_admin_suggests_each_languages_slug_from_its_headline(client):
    client.force_login(make_editor())
    data = article_form_data(
        title_en="Gulf summit opens", body_en="<p>x</p>", title_ar="افتتاح قمة الخليج", body_ar="<p>نص</p>"
    )
    with translation.override("en"):
        assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
        page = client.get(reverse("admin:articles_article_add")).content.decode()
    article = Article.objects.get()
    assert (article.slug_en, article.slug_ar) == ("gulf-summit-opens", "افتتاح-قمة-الخليج")
    # And prepopulates each in the browser from its own language's headline, Arabic letters kept.
    prepopulated = json.loads(html.unescape(re.search(r'data-prepopulated-fields="([^"]*)"', page).group(1)))
    assert {(f["name"], tuple(f["dependency_list"]), f["allowUnicode"]) for f in prepopulated} == {
        ("slug_en", ("title_en",), True),
        ("slug_ar", ("title_ar",), True),
    }


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.ARCHIVED, Article.Status.IN_REVIEW])
def test_an_unpublished_articles_old_slugs_are_404(client, status):
    article = bilingual()
    rename(article, "en", "new-name")
    Article.objects.filter(pk=article.pk).update(status=status)
    assert client.get(url("en", "talks-resume")).status_code == 404
    assert client.get(url("en", "new-name")).status_code == 404


def test_a_deleted_articles_old_slugs_are_404(client):
    article = bilingual()
    rename(article, "en", "new-name")
    article.delete()
    assert client.get(url("en", "talks-resume")).status_code == 404
    assert not FormerSlug.objects.exists()


def test_moving_an_article_to_another_section_changes_no_address(client):
    article = bilingual(section=make_section("gulf"))
    before = {code: article.url_in(code) for code in ("en", "ar")}
    article = Article.objects.get(pk=article.pk)
    article.section = make_section("world")
    article.save()
    assert {code: article.url_in(code) for code in ("en", "ar")} == before
    assert client.get(before["en"]).status_code == 200
    assert not FormerSlug.objects.exists()


def test_canonical_hreflang_and_switcher_name_the_current_address_of_each_language(client):
    article = bilingual()
    rename(article, "ar", "محادثات")
    html = client.get("/en/articles/talks-resume/").content.decode()
    assert 'rel="canonical" href="http://testserver/en/articles/talks-resume/"' in html
    assert 'hreflang="ar" href="http://testserver/ar/articles/%D9%85%D8%AD%D8%A7%D8%AF%D8%AB%D8%A7%D8%AA/"' in html


def test_sitemap_and_feeds_name_the_current_address(client):
    article = bilingual()
    rename(article, "en", "renamed")
    rename(article, "ar", "محادثات")
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    assert "/en/articles/renamed/" in sitemap
    assert "/ar/articles/%D9%85%D8%AD%D8%A7%D8%AF%D8%AB%D8%A7%D8%AA/" in sitemap
    assert "talks-resume" not in sitemap
    assert "/en/articles/renamed/" in client.get("/en/feeds/latest/rss/").content.decode()
    assert "talks-resume" not in client.get("/ar/feeds/latest/atom/").content.decode()
    news = client.get("/sitemap-news.xml").content.decode()
    assert "/en/articles/renamed/" in news and "talks-resume" not in news


def test_the_redirect_costs_one_more_query_only_on_a_miss(client, django_assert_max_num_queries):
    article = bilingual()
    rename(article, "en", "renamed")
    client.get("/en/articles/renamed/")  # the shared state, read once per cache generation
    with django_assert_max_num_queries(3):
        assert client.get(url("en", "talks-resume")).status_code == 301
    with django_assert_max_num_queries(2):
        assert client.get(url("en", "no-such-article")).status_code == 404


def test_an_articles_natural_key_is_its_default_language_slug():
    article = bilingual()
    rename(article, "ar", "محادثات")
    assert article.natural_key() == ("talks-resume",)
    assert Article.objects.get_by_natural_key("talks-resume") == article
    # Whatever language is active when it is saved.
    with translation.override("ar"):
        Article.objects.get(pk=article.pk).save()
    assert Article.objects.filter(pk=article.pk).values_list("slug", flat=True).get() == "talks-resume"


def test_the_importer_gives_its_slug_to_every_language_and_refuses_a_former_one():
    # Imported here: the importer's seeds live with its own tests.
    from articles.importer import ImportFailed, read_document, write_documents
    from tests.test_importer import DOCUMENTS, SEEDS

    name = "002_d8177dda1ee27cbb.txt"
    taken = make_article(slug=SEEDS[name]["slug"])
    rename(taken, "en", "moved-on")
    rename(taken, "ar", "moved-on")
    with pytest.raises(ImportFailed, match="exists already"):
        write_documents([read_document(DOCUMENTS / name)])
    Article.objects.all().delete()
    write_documents([read_document(DOCUMENTS / name)])
    imported = Article.objects.get()
    assert imported.slug_en == imported.slug_ar == SEEDS[name]["slug"]


def test_the_migration_keeps_every_address_and_gives_arabic_first_articles_an_arabic_slug():
    # The data step of 0016, run on the models as that migration sees them (no modeltranslation).
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    migration = import_module("articles.migrations.0016_article_slugs")
    state = MigrationExecutor(connection).loader.project_state(("articles", "0016_article_slugs")).apps
    make_article(slug="summit-opens", title_ar="افتتاح القمة", body_ar="<p>نص</p>")
    arabic = make_article(
        slug="qimma", title_en="", body_en="", title_ar="افتتاح القمة", body_ar="<p>نص</p>", original_language="ar"
    )
    make_article(slug="no-arabic-body", title_ar="عنوان", original_language="ar")
    historical = state.get_model("articles", "Article")
    historical.objects.update(slug_en=None, slug_ar=None)  # as the rows were before 0016
    migration.per_language_slugs(state, None)
    rows = {row[0]: row[1:] for row in historical.objects.values_list("slug", "slug_en", "slug_ar")}
    assert rows == {
        "summit-opens": ("summit-opens", "summit-opens"),
        "qimma": ("qimma", "افتتاح-القمة"),
        "no-arabic-body": ("no-arabic-body", "no-arabic-body"),
    }
    assert list(FormerSlug.objects.values_list("article", "language", "slug")) == [(arabic.pk, "ar", "qimma")]

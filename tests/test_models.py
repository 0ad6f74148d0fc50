"""The content model: visibility, languages, optimistic locking, translations, fixtures."""

import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Author, Byline, StaleArticleError
from taxonomy.models import Section, Tag, TaggedArticle
from tests.factories import make_article, make_author, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_review_archived_and_future():
    visible = make_article()
    make_article(status=Article.Status.DRAFT)
    make_article(status=Article.Status.IN_REVIEW)
    make_article(status=Article.Status.ARCHIVED, publish_at=timezone.now() - timedelta(days=1))
    make_article(publish_at=timezone.now() + timedelta(hours=2))
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_comes_due_at_query_time_without_a_save():
    due = timezone.now() + timedelta(hours=2)
    article = make_article(publish_at=due)
    assert not Article.objects.published().exists()
    assert list(Article.objects.scheduled()) == [article]
    assert article.is_scheduled()
    later = due + timedelta(seconds=1)
    assert list(Article.objects.published(at=later)) == [article]
    assert article.is_published(at=later)


def test_in_language_needs_title_and_body():
    english = make_article(title_en="Hello", body_en="<p>x</p>")
    both = make_article(title_en="Hi", body_en="<p>x</p>", title_ar="مرحبا", body_ar="<p>نص</p>")
    arabic = make_article(title_en="", body_en="", title_ar="عاجل", body_ar="<p>نص</p>")
    make_article(title_en="Headline only", body_en="")
    assert set(Article.objects.in_language("en")) == {english, both}
    assert set(Article.objects.in_language("ar")) == {both, arabic}
    assert arabic.available_languages == ["ar"]
    assert both.available_languages == ["en", "ar"]


def test_with_related_loads_a_list_in_fixed_queries(django_assert_num_queries):
    section = make_section()
    tags = [make_tag() for _ in range(5)]
    authors = [make_author() for _ in range(3)]
    for _ in range(6):
        make_article(section=section, tags=tags, authors=authors)
    with django_assert_num_queries(3):
        articles = list(Article.objects.published().with_related())
        for article in articles:
            assert article.section.slug == section.slug
            assert [b.author.slug for b in article.bylines.all()] == [a.slug for a in authors]
            assert len(article.tags.all()) == 5


def test_saving_an_older_version_is_refused_and_keeps_the_newer_text():
    article = make_article(title_en="First")
    mine = Article.objects.get(pk=article.pk)
    theirs = Article.objects.get(pk=article.pk)
    theirs.title_en = "Their edit"
    theirs.save()
    mine.title_en = "My edit"
    with pytest.raises(StaleArticleError) as excinfo:
        mine.save()
    assert excinfo.value.current_version == theirs.version
    assert mine.title_en == "My edit"  # the refused text is still in hand
    assert Article.objects.get(pk=article.pk).title_en == "Their edit"


def test_each_save_increments_the_version():
    article = make_article()
    assert article.version == 1
    article.save()
    article.save()
    assert Article.objects.get(pk=article.pk).version == 3


def test_translation_goes_stale_when_the_source_text_changes():
    article = make_article(title_en="Talks", body_en="<p>x</p>", title_ar="محادثات", body_ar="<p>نص</p>")
    assert article.stale_translations == []
    article = Article.objects.get(pk=article.pk)
    article.body_en = "<p>x, updated</p>"
    article.save()
    assert article.stale_translations == ["ar"]
    article = Article.objects.get(pk=article.pk)
    article.body_ar = "<p>نص محدث</p>"
    article.save()
    assert article.stale_translations == []


def test_editing_only_non_text_fields_does_not_mark_a_language_edited():
    article = make_article(title_en="Talks", body_en="<p>x</p>", title_ar="محادثات", body_ar="<p>نص</p>")
    before = dict(article.language_edited_at)
    article = Article.objects.get(pk=article.pk)
    article.is_breaking = True
    article.save()
    assert article.language_edited_at == before


def test_first_published_is_set_once_when_published():
    article = make_article(status=Article.Status.DRAFT)
    assert article.first_published_at is None
    article.status = Article.Status.PUBLISHED
    article.publish_at = timezone.now() - timedelta(minutes=1)
    article.save()
    first = article.first_published_at
    assert first == article.publish_at
    article.publish_at = timezone.now()
    article.save()
    assert article.first_published_at == first


def test_body_is_sanitized_on_save_in_every_language():
    article = make_article(
        body_en='<p onclick="x()">ok<script>alert(1)</script></p>',
        title_ar="عنوان",
        body_ar='<p>نص<a href="javascript:alert(1)">رابط</a></p>',
    )
    article.refresh_from_db()
    assert article.body_en == "<p>ok</p>"
    assert article.body_ar == "<p>نص<a>رابط</a></p>"


def test_author_bio_is_sanitized():
    author = make_author(bio_en="<p>Bio<img src=x onerror=alert(1)></p>")
    author.refresh_from_db()
    assert author.bio_en == "<p>Bio</p>"


def test_clean_requires_a_headline_and_alt_text_for_images(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = Article(slug="x", title_en="", body_en="<p>x</p>")
    with pytest.raises(ValidationError):
        article.clean()
    image = make_image(alt_ar="سفينة")
    article = Article(slug="y", title_en="T", body_en="<p>x</p>", lead_image=image)
    with pytest.raises(ValidationError) as excinfo:
        article.clean()
    assert "lead_image" in excinfo.value.message_dict
    image.alt_en = "A ship"
    image.save()
    article.clean()


def _dump():
    out = io.StringIO()
    call_command(
        "dumpdata",
        "taxonomy.section",
        "taxonomy.tag",
        "articles.author",
        "articles.article",
        "articles.byline",
        "taxonomy.taggedarticle",
        natural_foreign=True,
        natural_primary=True,
        indent=1,
        stdout=out,
    )
    return out.getvalue()


def test_fixtures_with_natural_keys_round_trip(tmp_path):
    section = make_section(slug="gulf", name_en="Gulf", name_ar="الخليج")
    tag = make_tag(slug="nato", name_en="NATO", name_ar="الناتو")
    author = make_author(slug="nadia-al-dabbas", name_en="Nadia Al-Dabbas")
    make_article(slug="talks", section=section, tags=[tag], authors=[author], title_ar="محادثات", body_ar="<p>ن</p>")
    dumped = _dump()
    records = json.loads(dumped)
    assert all("pk" not in record for record in records), "every model must dump by natural key"

    path = tmp_path / "content.json"
    path.write_text(dumped, encoding="utf-8")
    for model in (TaggedArticle, Byline, Article, Author, Tag, Section):
        model.objects.all().delete()
    call_command("loaddata", str(path), verbosity=0)
    call_command("loaddata", str(path), verbosity=0)  # twice: nothing duplicated

    article = Article.objects.get(slug="talks")
    assert (Section.objects.count(), Tag.objects.count(), Author.objects.count(), Article.objects.count()) == (
        1,
        1,
        1,
        1,
    )
    assert article.section.name_ar == "الخليج"
    assert [t.slug for t in article.tags.all()] == ["nato"]
    assert [b.author.slug for b in article.bylines.all()] == ["nadia-al-dabbas"]
    assert article.title_ar == "محادثات"
    assert _dump() == dumped


def test_loaddata_sanitizes_html_although_it_never_calls_save(tmp_path):
    fixture = [
        {
            "model": "articles.article",
            "fields": {
                "slug": "hostile",
                "title": "Hostile",
                "title_en": "Hostile",
                "body": "<p>x<script>alert(1)</script></p>",
                "body_en": "<p>x<script>alert(1)</script></p>",
                "body_ar": '<p>ن<iframe src="https://evil.example"></iframe></p>',
                "status": "published",
                "publish_at": "2025-11-26T09:00:00Z",
            },
        },
        {
            "model": "articles.author",
            "fields": {"slug": "a", "name": "A", "name_en": "A", "bio_en": '<p onmouseover="x()">bio</p>'},
        },
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(fixture), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)
    article = Article.objects.get(slug="hostile")
    assert article.body_en == "<p>x</p>"
    assert article.body_ar == "<p>ن</p>"
    assert Author.objects.get(slug="a").bio_en == "<p>bio</p>"


def test_partial_saves_still_bump_the_version():
    article = make_article()
    stale = Article.objects.get(pk=article.pk)
    article.is_breaking = True
    article.save(update_fields=["is_breaking"])
    assert Article.objects.get(pk=article.pk).version == 2
    with pytest.raises(StaleArticleError):
        stale.save(update_fields=["title_en"])


def test_migration_fills_first_published_for_published_articles():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("articles.migrations.0007_sanitized_html_first_published")
    scheduled = make_article(publish_at=timezone.now() + timedelta(days=1))
    live = make_article()
    draft = make_article(status=Article.Status.DRAFT, publish_at=timezone.now())
    Article.objects.update(first_published_at=None)
    migration.fill_first_published(apps, None)
    for article in (scheduled, live, draft):
        article.refresh_from_db()
    assert scheduled.first_published_at == scheduled.publish_at
    assert live.first_published_at == live.publish_at
    assert draft.first_published_at is None


# -- every write path stores clean HTML ------------------------------------------------------

HOSTILE = '<p>ok<script>alert(1)</script><a href="javascript:alert(1)">x</a></p>'
CLEAN = "<p>ok<a>x</a></p>"


def stored_bodies(article):
    return tuple(Article.objects.filter(pk=article.pk).values_list("body_en", "body_ar").get())


def test_translated_body_columns_are_sanitized_html_fields():
    from editorial.fields import SanitizedHTMLField

    for model, name in ((Article, "body_en"), (Article, "body_ar"), (Author, "bio_en"), (Author, "bio_ar")):
        assert isinstance(model._meta.get_field(name), SanitizedHTMLField), name


def test_queryset_update_stores_sanitized_html():
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body_en=HOSTILE, body_ar=HOSTILE)
    assert stored_bodies(article) == (CLEAN, CLEAN)
    Author.objects.filter(pk=make_author().pk).update(bio_en=HOSTILE)
    assert Author.objects.values_list("bio_en", flat=True).get() == CLEAN


def test_bulk_create_stores_sanitized_html():
    Article.objects.bulk_create([Article(slug="bulk", title_en="Bulk", body_en=HOSTILE, body_ar=HOSTILE)])
    assert stored_bodies(Article.objects.get(slug="bulk")) == (CLEAN, CLEAN)
    Author.objects.bulk_create([Author(slug="bulk-author", name_en="B", bio_ar=HOSTILE)])
    assert Author.objects.get(slug="bulk-author").bio_ar == CLEAN


def test_bulk_update_stores_sanitized_html():
    article = make_article()
    article.body_en = HOSTILE
    article.body_ar = HOSTILE
    Article.objects.bulk_update([article], ["body_en", "body_ar"])
    assert stored_bodies(article) == (CLEAN, CLEAN)


def test_save_cleans_the_instance_too_and_keeps_empty_translations_null():
    article = make_article(body_en=HOSTILE)
    assert article.body_en == CLEAN
    assert Article.objects.values_list("body_ar", flat=True).get(pk=article.pk) in ("", None)


def test_saving_in_another_language_never_copies_text_across_languages():
    from django.utils import translation

    article = make_article(body_en="<p>English only.</p>", body_ar="")
    with translation.override("ar"):
        article = Article.objects.get(pk=article.pk)
        article.is_breaking = True
        article.save()
    article.refresh_from_db()
    assert article.body_en == "<p>English only.</p>"
    assert not article.body_ar


def test_a_correction_without_a_date_is_dated_when_added_or_changed():
    article = make_article()
    assert article.correction_at is None
    article = Article.objects.get(pk=article.pk)
    article.correction_en = "An earlier version misspelled the minister's name."
    article.save()
    first = article.correction_at
    assert first is not None and first <= timezone.now()
    # Saving other fields leaves the date alone.
    article = Article.objects.get(pk=article.pk)
    article.is_breaking = True
    article.save()
    assert article.correction_at == first
    # Changing the correction dates it again, even through a partial save.
    article = Article.objects.get(pk=article.pk)
    article.correction_ar = "صححت هذه المادة."
    article.save(update_fields=["correction_ar"])
    assert Article.objects.get(pk=article.pk).correction_at > first
    # A date the editor gives is kept.
    given = timezone.now() - timedelta(days=2)
    article = Article.objects.get(pk=article.pk)
    article.correction_en = "Updated with the ministry's reply."
    article.correction_at = given
    article.save()
    assert Article.objects.get(pk=article.pk).correction_at == given


def test_a_new_article_with_a_correction_gets_its_date():
    assert make_article(correction_en="Corrected.").correction_at is not None
    assert make_article().correction_at is None

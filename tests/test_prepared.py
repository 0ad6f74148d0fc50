"""Queries compiled once per shape (articles.prepared): the same SQL and rows as compiling them every
time, and never prepared when a value could reach the SQL other than as itself."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from articles import pagestate, views
from articles.models import Article
from articles.prepared import Prepared
from tests.factories import make_article, make_section, make_tag

pytestmark = pytest.mark.django_db

# SQLite gets times as text: no time is found among its parameters, so nothing is prepared there.
prepares = connection.vendor == "postgresql"


def by_slug(code, now, slug):
    return Article.objects.published(now).with_slug(code, slug).newest()[:1]


def test_the_sql_is_the_sql_of_the_built_query_for_any_values():
    prepared = Prepared(by_slug)
    now = timezone.now()
    for slug in ("one", "two", "ثلاثة"):
        assert prepared.sql("en", now, slug) == by_slug("en", now, slug).query.sql_with_params()
    assert (prepared._plans[("default", "en", (-1, -1))] is not None) == prepares


def test_the_rows_are_the_rows_of_the_built_query():
    tags = [make_tag(), make_tag(), make_tag()]
    story = make_article("story", tags=tags)
    others = [make_article(tags=tags[: index + 1]) for index in range(3)]
    make_article("draft", tags=tags, status=Article.Status.DRAFT)
    make_article("later", tags=tags, publish_at=timezone.now() + timedelta(hours=1))
    tag_ids = [tag.pk for tag in tags]
    for _ in range(3):
        related = views.RELATED.rows("en", timezone.now(), story.pk, tag_ids)
        assert [article.pk for article in related] == [others[2].pk, others[1].pk, others[0].pk]
        assert [article.shared_tags for article in related] == [3, 2, 1]
    assert views.ARTICLE.rows("en", timezone.now(), "draft") == []
    assert views.ARTICLE.rows("en", timezone.now(), "later") == []
    assert [article.pk for article in views.ARTICLE.rows("en", timezone.now(), "story")] == [story.pk]
    for prepared in (views.RELATED, views.ARTICLE):
        assert {plan is not None for plan in prepared._plans.values()} == {prepares}


def test_a_time_the_builder_reads_itself_is_never_frozen():
    prepared = Prepared(lambda code, slug: Article.objects.published().with_slug(code, slug)[:1])
    make_article("soon", publish_at=timezone.now() + timedelta(seconds=1))
    assert prepared.rows("en", "soon") == []
    assert prepared._plans[("default", "en", (-1,))] is None


def test_a_value_the_builder_transforms_is_never_prepared():
    prepared = Prepared(lambda code, now, slug: Article.objects.published(now).with_slug(code, slug.lower())[:1])
    make_article("lower")
    assert len(prepared.rows("en", timezone.now(), "LOWER")) == 1
    assert prepared._plans[("default", "en", (-1, -1))] is None


def test_list_items_are_put_in_their_places():
    sections = [make_section(), make_section()]
    first, second = make_article(section=sections[0]), make_article(section=sections[1])
    prepared = Prepared(lambda code, ids: Article.objects.filter(section__in=ids).order_by("pk"))
    assert [article.pk for article in prepared.rows("en", [sections[0].pk])] == [first.pk]
    assert [article.pk for article in prepared.rows("en", [sections[1].pk])] == [second.pk]
    both = [sections[1].pk, sections[0].pk]
    assert [article.pk for article in prepared.rows("en", both)] == [first.pk, second.pk]
    # An IN list drops repeated items: such a list is never run prepared.
    assert [article.pk for article in prepared.rows("en", [sections[0].pk] * 2)] == [first.pk]


def test_an_empty_list_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert views.SECTION_BLOCK_ROWS.rows("en", timezone.now(), []) == []


def test_settings_changes_forget_the_plans():
    prepared = Prepared(by_slug)
    prepared.sql("en", timezone.now(), "one")
    assert prepared._plans
    with override_settings(NEWSROOM_SITE_NAME="Other"):
        assert not prepared._plans


def test_the_shared_state_reads_the_same_from_its_prepared_queries():
    section = make_section("world", name_en="World", name_ar="العالم")
    soon = make_article(publish_at=timezone.now() + timedelta(hours=1))
    later = make_article(publish_at=timezone.now() + timedelta(hours=2))
    states = [pagestate.read_state() for _ in range(3)]
    assert states[0] == states[1] == states[2]
    assert [pk for _at, pk in states[0]["due"]] == [soon.pk, later.pk]
    assert [(row["pk"], row["name_ar"]) for row in states[0]["sections"]] == [(section.pk, "العالم")]
    assert pagestate.UPCOMING_TIMES._plans and (None not in pagestate.UPCOMING_TIMES._plans.values()) == prepares

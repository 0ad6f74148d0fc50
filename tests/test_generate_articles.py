"""manage.py generate_articles: benchmark articles in the promised shape, deterministic, clean, public."""

import io
import random
import re
import struct

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection

from articles import search
from articles.generator import generate as generate_rows
from articles.generator import load
from articles.generator.articles import ArticleMaker
from articles.generator.indexes import TABLES
from articles.generator.postgres import TsvectorDumper, _load_settings, check_references
from articles.generator.text import PLAIN_WORD, Lexemes, vocabulary
from articles.models import Article, Byline
from editorial.fields import PLAIN_PARAGRAPHS, clean_html_value, plain_paragraphs_pass_as_clean
from editorial.sanitize import sanitize_html
from taxonomy.models import Section, Tag, TaggedArticle

pytestmark = pytest.mark.django_db

TAG = re.compile("<[^>]+>")


def generate(count, *args):
    out = io.StringIO()
    call_command("generate_articles", str(count), *args, stdout=out, skip_checks=True)
    return out.getvalue()


def words(html):
    return len(TAG.sub(" ", html).split())


def snapshot():
    return list(
        Article.objects.order_by("pk").values_list(
            "slug", "title_en", "title_ar", "body_en", "body_ar", "status", "section__slug"
        )
    )


def test_articles_have_the_promised_shape():
    output = generate(200, "--seed", "3", "--batch-size", "64")
    assert re.search(r"Created 200 articles in [\d.]+ s: \d+ articles/s", output)
    articles = list(Article.objects.all())
    assert len(articles) == 200
    both = [a for a in articles if a.body_en and a.body_ar]
    assert 0.6 * 200 < len(both) < 0.9 * 200
    assert any(a.body_en and not a.body_ar for a in articles) and any(a.body_ar and not a.body_en for a in articles)
    assert {a.status for a in articles} == {"published", "draft", "review", "archived"}
    assert Article.objects.scheduled().exists()
    for article in articles:
        for body in (article.body_en, article.body_ar):
            if body:
                assert 600 <= words(body) <= 1_000
    years = {a.created_at.year for a in articles}
    assert max(years) - min(years) >= 10
    assert Section.objects.count() == 30 and Tag.objects.count() == 2_000
    assert Article.objects.filter(section__isnull=True).count() == 0
    per_article = Byline.objects.values("article").distinct().count()
    assert per_article == 200 and Byline.objects.count() <= 600
    assert TaggedArticle.objects.values("content_object").distinct().count() == 200


def test_the_same_seed_gives_the_same_articles():
    generate(50, "--seed", "7")
    first = snapshot()
    Article.objects.all().delete()
    generate(50, "--seed", "7")
    again = snapshot()
    # The slugs end in the article's number, which counts what exists, and times follow the clock:
    # the rest is equal.
    assert [row[1:] for row in again] == [row[1:] for row in first]


def test_bodies_are_already_clean():
    generate(60, "--seed", "1")
    for body_en, body_ar in Article.objects.values_list("body_en", "body_ar"):
        for body in (body_en, body_ar):
            if body:
                assert PLAIN_PARAGRAPHS.fullmatch(body)
                assert sanitize_html(body) == body


def test_the_plain_paragraph_pass_admits_only_clean_text():
    rng = random.Random(5)
    pool = vocabulary("en")[:300] + vocabulary("ar")[:300] + [",", ".", "،", "(x)", "1-2", "?", "؟"]
    for _ in range(200):
        paragraphs = [" ".join(rng.choices(pool, k=rng.randint(1, 30))) for _ in range(rng.randint(1, 5))]
        text = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        assert PLAIN_PARAGRAPHS.fullmatch(text)
        assert sanitize_html(text) == text
    with plain_paragraphs_pass_as_clean():
        for dirty in ["<p>a<script>x</script></p>", "<p>a &amp b</p>", '<p><a href="javascript:x">y</a></p>']:
            assert clean_html_value(dirty) == sanitize_html(dirty)
    assert all(PLAIN_WORD.fullmatch(word) for word in vocabulary("en") + vocabulary("ar"))


def test_generated_articles_are_on_public_pages(client):
    generate(50, "--seed", "2")
    latest = Article.objects.edition("en").first()
    response = client.get("/en/")
    assert response.status_code == 200
    assert latest.title_en in response.content.decode()
    assert client.get(latest.get_absolute_url()).status_code == 200


def test_running_twice_adds_more_without_clashing_slugs():
    generate(40, "--seed", "4")
    generate(40, "--seed", "4")
    assert Article.objects.count() == 80
    assert Article.objects.values("slug").distinct().count() == 80
    assert Section.objects.count() == 30 and Tag.objects.count() == 2_000


def test_one_language_and_silence():
    assert generate(30, "--languages", "ar", "-v", "0") == ""
    assert not Article.objects.exclude(body_en="").exists()
    with pytest.raises(CommandError):
        generate(5, "--languages", "fr")


def indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = ANY(%s::regclass[])",
            [TABLES],
        )
        return dict(cursor.fetchall())


def column_statistics():
    with connection.cursor() as cursor:
        cursor.execute("SELECT attname FROM pg_stats WHERE tablename = 'articles_article'")
        return {name for (name,) in cursor.fetchall()}


# The indexes are built again on connections of their own: the load must be committed.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="dropped and rebuilt indexes: PostgreSQL only"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_large_load_leaves_every_index_as_it_was_and_fresh_statistics(jobs):
    before = indexes()
    assert "article_search_ar_gin" in before and "articles_byline_author_id_4bd786b8" in before
    generate_rows(30, seed=1, rebuild_indexes=True, jobs=jobs)
    assert Article.objects.count() == 30
    assert indexes() == before
    analyzed = column_statistics()
    assert {"status", "publish_at", "section_id", "in_en", "search_en", "search_ar"} <= analyzed
    assert not analyzed & {"body_en", "body", "standfirst_ar"}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_indexes_are_built_again_after_an_error_mid_load(monkeypatch):
    before = indexes()
    copy_batch = load.copy_batch

    def copy_then_fail(connection, articles, links):
        if Article.objects.exists():
            raise RuntimeError("the load broke")
        copy_batch(connection, articles, links)

    monkeypatch.setattr(load, "copy_batch", copy_then_fail)
    with pytest.raises(RuntimeError, match="the load broke"):
        generate_rows(40, seed=1, batch_size=20, rebuild_indexes=True)
    assert Article.objects.count() == 20
    assert indexes() == before


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_large_load_builds_the_indexes_a_killed_one_left_dropped():
    before = indexes()
    with connection.cursor() as cursor:
        # As a load killed between dropping and building them leaves them.
        cursor.execute("DROP INDEX articles_byline_author_id_4bd786b8, article_search_en_gin, article_en_latest_idx")
    generate_rows(30, seed=1, rebuild_indexes=True)
    assert indexes() == before


def test_the_vectors_go_in_the_order_postgresql_keeps():
    # tsvectorrecv sorts a vector that comes unsorted (a quarter of the COPY's CPU): each one
    # is sent sorted by its lexemes' bytes, and spells what vector_literal spells.
    class Ref:
        def __init__(self, pk):
            self.pk = pk

    maker = ArticleMaker(9, ["en", "ar"], [Ref(1)], [Ref(1)], [Ref(i) for i in range(10)])
    dumper = TsvectorDumper(Lexemes)
    for number in range(10):
        values = maker.article(number)
        for code in ("en", "ar"):
            if values[f"search_{code}"] is None:
                continue
            entries = binary_vector_entries(dumper.dump(values[f"search_{code}"]))
            lexemes = [lexeme for lexeme, _position in entries]
            assert lexemes == sorted(lexemes) and len(set(lexemes)) == len(lexemes)
            literal = search.vector_literal(*values[f"search_{code}"].words())
            spelled = {
                f"'{lexeme.decode()}':{'1A' if position == 3 << 14 | 1 else position}" for lexeme, position in entries
            }
            assert spelled == set(literal.split())


def binary_vector_entries(data):
    """(lexeme bytes, position word) of each entry of a tsvector in its binary form (one position each)."""
    count, offset, entries = struct.unpack_from(">i", data)[0], 4, []
    for _ in range(count):
        end = data.index(b"\0", offset)
        positions, position = struct.unpack_from(">HH", data, end + 1)
        assert positions == 1
        entries.append((data[offset:end], position))
        offset = end + 5
    assert offset == len(data)
    return entries


@postgresql_only
def test_a_reference_to_a_missing_row_fails_the_check_after_the_load():
    generate_rows(5, seed=1)
    check_references(connection)
    article = Article.objects.first()
    with connection.cursor() as cursor:
        # Written as the load writes, with the row triggers (the foreign-key checks) off.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "INSERT INTO taxonomy_taggedarticle (content_object_id, tag_id) VALUES (%s, %s)",
            [article.pk, Tag.objects.order_by("-pk").first().pk + 1],
        )
        cursor.execute("SET LOCAL session_replication_role TO DEFAULT")
    with pytest.raises(IntegrityError, match="tag_id"):
        check_references(connection)


@postgresql_only
def test_the_load_skips_row_triggers_only_when_they_are_all_foreign_key_checks():
    generate_rows(3, seed=1)
    with connection.cursor() as cursor:
        # Loaded inside the test's transaction: the triggers are on again after it.
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
        _load_settings(cursor.cursor)
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "replica"
        cursor.execute("SET LOCAL session_replication_role = origin")
        cursor.execute(
            "CREATE FUNCTION generator_test_noop() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'"
        )
        cursor.execute(
            "CREATE TRIGGER generator_test_noop BEFORE INSERT ON articles_byline"
            " FOR EACH ROW EXECUTE FUNCTION generator_test_noop()"
        )
        _load_settings(cursor.cursor)
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"

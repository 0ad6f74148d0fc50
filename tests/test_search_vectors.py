"""The stored search vectors follow the text on every write path; ranked results are capped."""

import pytest
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast

from articles import ranking, search
from articles.generator import generate
from articles.generator.articles import ArticleMaker
from articles.models import Article
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db


def lexemes(pk, code):
    value = Article.objects.filter(pk=pk).values_list(f"search_{code}", flat=True).get()
    return {entry.split("'")[1] for entry in str(value or "").split()}


def test_save_update_and_bulk_update_keep_the_vector_in_step_with_the_text():
    article = make_article(title_en="Harbour expansion", body_en="<p>Cranes arrived.</p>")
    assert {"harbour", "expans", "crane", "arriv"} <= lexemes(article.pk, "en")
    Article.objects.filter(pk=article.pk).update(title_en="Desalination plant")
    assert "desalin" in lexemes(article.pk, "en") and "harbour" not in lexemes(article.pk, "en")
    article.refresh_from_db()
    article.body_en = "<p>Turbines hummed.</p>"
    Article.objects.bulk_update([article], ["body_en"])
    assert "turbin" in lexemes(article.pk, "en") and "crane" not in lexemes(article.pk, "en")
    article.refresh_from_db()
    article.title_en = "Election results"
    article.save(update_fields=["title_en"])
    assert "elect" in lexemes(article.pk, "en")


def test_a_raw_save_like_loaddatas_fills_the_vector():
    article = make_article(title_ar="الميناء الجديد", body_ar="<p>نص</p>")
    article.title_ar = "المطار الجديد"
    Article.save_base(article, raw=True)
    assert "المطار" in lexemes(article.pk, "ar") and "الميناء" not in lexemes(article.pk, "ar")


def test_the_generator_writes_the_vector_the_text_gives():
    class Ref:
        def __init__(self, pk):
            self.pk = pk

    maker = ArticleMaker(3, ["en", "ar"], [Ref(1)], [Ref(1), Ref(2)], [Ref(i) for i in range(20)])
    for number in range(20):
        values = maker.article(number)
        for code in ("en", "ar"):
            lexemes = values[f"search_{code}"]
            written = search.vector_literal(*lexemes.words()) if lexemes else None
            computed = search.article_vector(values, code)
            assert set((written or "").split()) == set((computed or "").split())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator's binary COPY of the vectors")
def test_the_generator_stores_the_vector_the_text_gives():
    generate(20, seed=5)
    fields = [f"{name}_{code}" for name in ("title", "standfirst", "body") for code in ("en", "ar")]
    stored = {code: Cast(f"search_{code}", TextField()) for code in ("en", "ar")}
    rows = list(Article.objects.values(*fields, **stored))
    assert len(rows) == 20
    for values in rows:
        for code in ("en", "ar"):
            stored, computed = values[code], search.article_vector(values, code)
            assert (stored is None) == (computed is None)
            assert set((stored or "").split()) == set((computed or "").split())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking by ts_rank on PostgreSQL")
def test_ranked_results_put_a_headline_match_first_and_cap_the_count():
    section, tag, author = make_section(), make_tag(), make_author()
    body_only = make_article("body", title_en="Other news", body_en="<p>The port reopened.</p>", section=section)
    headline = make_article("headline", title_en="Port reopens", body_en="<p>Ships.</p>", tags=[tag], authors=[author])
    for i in range(4):
        make_article(f"more-{i}", title_en=f"Story {i}", body_en="<p>Near the port.</p>")
    results = ranking.RankedResults(Article.objects.edition("en"), "port", "en", cap=3)
    assert results.count() == 3 and results.capped
    everything = ranking.RankedResults(Article.objects.edition("en"), "port", "en")
    assert everything.count() == 6 and not everything.capped
    assert everything[0:1] == [headline]
    assert body_only in everything[0:6]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the candidates' plan reads PostgreSQL's statistics")
@pytest.mark.parametrize("heap_row_cost", [0, 10**6])
def test_candidates_are_the_newest_matches_whichever_way_they_are_read(heap_row_cost, monkeypatch):
    """Common words walk the date index, rarer ones search a window of the newest articles first and
    the older ones only when the window holds too few: each way gives the newest `cap` matches."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for i in range(60):
        words = ["everywhere"] + (["often"] if i % 3 == 0 else []) + (["seldom"] if i % 20 == 0 else [])
        # Only in the oldest articles: outside any window of the newest, found by the older branch.
        words += ["ancient"] if i >= 54 else []
        # One new, the rest old: the first window finds one, then a second window (reading a row
        # costs much) or the GIN index alone (it costs nothing) finds the rest.
        words += ["clustered"] if i == 0 or i >= 50 else []
        make_article(
            f"story-{i}",
            title_en=f"Story {i}",
            body_en=f"<p>{' '.join(words)}.</p>",
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(hours=i),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    edition = Article.objects.edition("en")
    cases = [("everywhere", 5), ("often", 5), ("often", 15), ("seldom", 2), ("seldom", 10), ("ancient", 2)]
    cases += [("ancient", 8), ("clustered", 5), ("clustered", 20), ("missing", 5)]
    monkeypatch.setattr(ranking, "HEAP_ROW_COST", heap_row_cost)
    for word, cap in cases:
        expected = list(search.search(edition, word, "en").order_by("-publish_at", "-pk").values_list("pk", flat=True))
        found = ranking.RankedResults(edition, word, "en", cap=cap).ids
        print(word, cap, found, expected[:cap])
        assert sorted(found) == sorted(expected[:cap]), word

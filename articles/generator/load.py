"""Writing generated articles in batches: one transaction and a few bulk inserts per batch."""

import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.db import connections, transaction

from articles.models import Article, Byline
from articles.search import search_vector_sql
from editorial.fields import plain_paragraphs_pass_as_clean
from editorial.invalidation import content_changed
from taxonomy.models import TaggedArticle

from . import reference
from .articles import ArticleMaker

# The full-text GIN indexes of migrations 0006/0009 (PostgreSQL only).
SEARCH_INDEXES = {code: f"article_search_{code}_gin" for code in ("en", "ar")}


@dataclass
class Result:
    articles: int
    seconds: float
    index_seconds: float = 0.0

    @property
    def rate(self):
        return self.articles / self.seconds if self.seconds else 0.0


def generate(
    count, seed=0, languages=("en", "ar"), batch_size=1_000, using="default", progress=None, rebuild_indexes=None
):
    """Creates `count` articles; returns a Result. `progress(done)` is called after each batch."""
    started = time.perf_counter()
    maker = ArticleMaker(
        seed,
        languages,
        sections=reference.sections(using),
        authors=reference.authors(using),
        tags=reference.tags(using),
    )
    first = Article.objects.using(using).count() + 1
    rebuild = _wants_rebuild(count, using) if rebuild_indexes is None else rebuild_indexes
    timing = {}
    with search_indexes_dropped(using, timing) if rebuild else nullcontext():
        for start in range(0, count, batch_size):
            _write_batch(maker, first + start, min(batch_size, count - start), using)
            if progress:
                progress(min(start + batch_size, count))
    # bulk_create sends no post_save: cached public pages are invalidated here, once.
    content_changed(using=using)
    return Result(count, time.perf_counter() - started, timing.get("rebuild", 0.0))


def _write_batch(maker, first_number, size, using):
    with transaction.atomic(using=using), plain_paragraphs_pass_as_clean():
        articles = [maker.article(first_number + i) for i in range(size)]
        _avoid_taken_slugs(articles, using)
        Article.objects.using(using).bulk_create(articles)
        bylines, tagged = [], []
        for article in articles:
            article_bylines, tags = maker.links(article)
            bylines += article_bylines
            tagged += [TaggedArticle(content_object=article, tag=tag) for tag in tags]
        Byline.objects.using(using).bulk_create(bylines)
        TaggedArticle.objects.using(using).bulk_create(tagged)


def _avoid_taken_slugs(articles, using):
    """Slugs end in the article's number (count + 1 onwards), so a clash is rare: e.g. articles deleted."""
    suffix = 2
    while True:
        taken = set(
            Article.objects.using(using).filter(slug__in=[a.slug for a in articles]).values_list("slug", flat=True)
        )
        if not taken:
            return
        for article in articles:
            if article.slug in taken:
                article.slug = f"{article.slug}-{suffix}"
        suffix += 1


def _wants_rebuild(count, using):
    """On PostgreSQL, rebuilding the search indexes once beats updating them row by row when the
    load is large next to what is there."""
    if connections[using].vendor != "postgresql" or count < 20_000:
        return False
    return count >= Article.objects.using(using).count()


@contextmanager
def search_indexes_dropped(using, timing):
    """Drops the search GIN indexes for the load and builds them again after it (also on error)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for index in SEARCH_INDEXES.values():
            cursor.execute(f"DROP INDEX IF EXISTS {index}")
    try:
        yield
    finally:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for code, index in SEARCH_INDEXES.items():
                cursor.execute(f"CREATE INDEX {index} ON articles_article USING gin (({search_vector_sql(code)}))")
        timing["rebuild"] = time.perf_counter() - started

"""Writing generated articles in batches: one transaction and a few bulk inserts per batch."""

import multiprocessing
import random
import time
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connections, transaction

from articles.models import Article, Byline
from editorial.fields import plain_paragraphs_pass_as_clean
from editorial.invalidation import content_changed
from taxonomy.models import TaggedArticle

from . import reference
from .articles import ArticleMaker
from .indexes import analyze, analyze_links, indexes_dropped
from .postgres import check_references, copy_batch
from .text import Language

# Smaller loads keep the indexes: a test database needs no DROP INDEX.
REBUILD_FROM = 1_000


@dataclass
class Result:
    articles: int
    seconds: float
    index_seconds: float = 0.0

    @property
    def rate(self):
        """Articles per second, everything included (building the indexes too)."""
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def write_rate(self):
        """Articles per second without building the indexes after the load."""
        seconds = self.seconds - self.index_seconds
        return self.articles / seconds if seconds else 0.0


def generate(
    count,
    seed=0,
    languages=("en", "ar"),
    batch_size=1_000,
    using="default",
    progress=None,
    rebuild_indexes=None,
    jobs=1,
):
    """Creates `count` articles; returns a Result. `progress(done)` is called after each batch.

    With jobs > 1 (PostgreSQL), that many processes each write a share, from seeds of their own.
    """
    started = time.perf_counter()
    references = (reference.sections(using), reference.authors(using), reference.tags(using))
    first = Article.objects.using(using).count() + 1
    rebuild = _wants_rebuild(count, using) if rebuild_indexes is None else rebuild_indexes
    timing = {}
    postgresql = connections[using].vendor == "postgresql"
    # The load skips PostgreSQL's row-by-row foreign-key checks (postgres._load_settings): they
    # are made once after it, alongside the index builds when there are some.
    alongside = [check_references, analyze_links] if postgresql else []
    with indexes_dropped(using, timing, alongside) if rebuild else nullcontext():
        if jobs > 1 and postgresql:
            _write_in_processes(count, seed, languages, batch_size, using, progress, first, jobs, references)
        else:
            maker = ArticleMaker(seed, languages, *references)
            _write_share(maker, first, count, batch_size, using, progress)
    if postgresql:
        if not rebuild:
            check_references(connections[using])
        analyze(using, links=not rebuild)
    # bulk_create sends no post_save: cached public pages are invalidated here, once.
    content_changed(using=using)
    return Result(count, time.perf_counter() - started, timing.get("rebuild", 0.0))


def _write_share(maker, first, count, batch_size, using, progress):
    for start in range(0, count, batch_size):
        _write_batch(maker, first + start, min(batch_size, count - start), using)
        if progress:
            progress(min(start + batch_size, count))


def _write_in_processes(count, seed, languages, batch_size, using, progress, first, jobs, references):
    """Both cores work: one process per share, each on a connection of its own (the parent's
    are closed before the fork, which must not share a socket)."""
    shares = [count // jobs + (1 if job < count % jobs else 0) for job in range(jobs)]
    starts = [first + sum(shares[:job]) for job in range(jobs)]
    done = multiprocessing.get_context("fork").Value("l", 0)
    # The sentence and paragraph pools, drawn once for all processes (~0.7 s of CPU each), from
    # the run's seed; each process draws its articles from them with its own.
    texts = {code: Language(code, random.Random(seed)) for code in languages}
    connections.close_all()
    # The sections, authors and tags too: the parent's, read once (each process read them again).
    shared = (done, texts, references)
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_share_process, initargs=shared) as pool:
        work = [(seed * 1_000 + job, languages, starts[job], shares[job], batch_size, using) for job in range(jobs)]
        result = pool.map_async(_write_process_share, work)
        while not result.ready():
            result.wait(1)
            if progress:
                progress(done.value)
        result.get()


_done = None
_texts = None
_references = None
# Connections a forked process found open (the parent's socket): kept, never used nor closed here.
_inherited = []


def _share_process(done, texts, references):
    # The pool's one shared counter, the pools of text and the references, set once per worker
    # process (forked: nothing is copied until written).
    global _done, _texts, _references  # noqa: PLW0603
    _done, _texts, _references = done, texts, references
    # The parent closes its connections before forking; one still open (seen once in CI's
    # PostgreSQL run: a child's commit answered by the other's session, "connection in transaction
    # status INTRANS") would share its socket with the parent and the other processes. Each
    # process opens its own; the inherited object is kept alive, as freeing it would end the
    # parent's session.
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _inherited.append(connection.connection)
            connection.connection = None


def _write_process_share(arguments):
    seed, languages, first, count, batch_size, using = arguments
    maker = ArticleMaker(seed, languages, *_references, texts=_texts)

    def counted(_done_in_share, last=[0]):  # noqa: B006 (the share's previous count, between calls)
        with _done.get_lock():
            _done.value += _done_in_share - last[0]
        last[0] = _done_in_share

    try:
        _write_share(maker, first, count, batch_size, using, counted)
    finally:
        connections.close_all()


def _write_batch(maker, first_number, size, using):
    articles = [maker.article(first_number + i) for i in range(size)]
    links = [maker.links() for _ in articles]
    with transaction.atomic(using=using):
        _avoid_taken_slugs(articles, using)
        connection = connections[using]
        if connection.vendor == "postgresql":
            copy_batch(connection, articles, links)
            return
        with plain_paragraphs_pass_as_clean():
            instances = Article.objects.using(using).bulk_create([Article(**values) for values in articles])
        bylines, tagged = [], []
        for article, (article_bylines, tags) in zip(instances, links, strict=True):
            bylines += [Byline(article=article, author_id=a, position=p, role=r) for a, p, r in article_bylines]
            tagged += [TaggedArticle(content_object=article, tag_id=tag) for tag in tags]
        Byline.objects.using(using).bulk_create(bylines)
        TaggedArticle.objects.using(using).bulk_create(tagged)


def _avoid_taken_slugs(articles, using):
    """Slugs end in the article's number (count + 1 onwards), so a clash is rare: e.g. articles deleted."""
    suffix = 2
    while True:
        slugs = [values["slug"] for values in articles]
        taken = set(Article.objects.using(using).filter(slug__in=slugs).values_list("slug", flat=True))
        if not taken:
            return
        for values in articles:
            if values["slug"] in taken:
                values["slug"] = f"{values['slug']}-{suffix}"
        suffix += 1


def _wants_rebuild(count, using):
    """On PostgreSQL, whether to drop the secondary indexes for the load and build them after it.

    Measured (bench/README.md): maintaining the search indexes row by row cost ~13 ms per new
    article, building them ~8 ms per article in the table: building wins once the load is twice
    what is there.
    """
    if connections[using].vendor != "postgresql" or count < REBUILD_FROM:
        return False
    return count >= 2 * Article.objects.using(using).count()

"""Parsed documents to the database, all or nothing, from the instances records.py builds."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Author, Byline, ImportReport
from articles.models.slugs import slugs_in_use
from editorial.invalidation import content_changed
from taxonomy.models import TaggedArticle

from .errors import DocumentError
from .records import ImportFailed, build_records, check_documents, wanted_slugs
from .vocabulary import load_vocabulary


@dataclass(frozen=True)
class WriteSummary:
    articles: int
    authors_created: int
    authors_reused: int
    sections_created: int
    tags_created: int
    bylines: int
    tagged: int


def write_documents(documents, vocabulary=None, using=None, progress=None):
    """Stores the documents' articles, with their section, tags and authors, in one transaction.

    Authors, sections and tags that exist (by slug) are reused and left as they are; an article
    whose slug exists already is an error. Any error leaves the database untouched.
    `progress(n)` is called as each article is prepared.
    """
    vocabulary = vocabulary or load_vocabulary()
    documents = list(documents)
    errors = check_documents(documents)
    with transaction.atomic(using=using):
        errors += _existing_articles(documents, using)
        if errors:
            raise ImportFailed(errors)
        existing = {
            model: {instance.slug: instance for instance in model.objects.using(using).filter(slug__in=slugs)}
            for model, slugs in wanted_slugs(documents).items()
        }
        records = build_records(documents, vocabulary, now=timezone.now(), existing=existing, progress=progress)
        for instance in records.sections + records.tags:
            instance.save(force_insert=True, using=using)
        Author.objects.using(using).bulk_create(records.authors)
        # The body is a SanitizedHTMLField: bulk_create cleans it as it writes.
        Article.objects.using(using).bulk_create(records.articles)
        Byline.objects.using(using).bulk_create(records.bylines)
        TaggedArticle.objects.using(using).bulk_create(records.tagged)
        ImportReport.objects.using(using).bulk_create(records.reports)
        # bulk_create sends no post_save either: cached public pages are invalidated here.
        content_changed(using=using)
    return WriteSummary(
        articles=len(records.articles),
        authors_created=len(records.authors),
        authors_reused=len(existing[Author]),
        sections_created=len(records.sections),
        tags_created=len(records.tags),
        bylines=len(records.bylines),
        tagged=len(records.tagged),
    )


def _existing_articles(documents, using):
    slugs = [d.slug for d in documents]
    existing = slugs_in_use(Article, slugs, using)
    return [
        DocumentError(d.name, _("an article with slug %(slug)r exists already; it was not changed") % {"slug": d.slug})
        for d in documents
        if d.slug in existing
    ]

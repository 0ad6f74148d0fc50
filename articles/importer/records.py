"""Parsed documents to unsaved model instances, built once for both the database and the fixture.

Every timestamp comes from the document's date (or the `now` given), never from a clock read
here, so that the same documents give the same records.
"""

from dataclasses import dataclass, field
from datetime import UTC

from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from articles.models import Article, Author, Byline, ImportReport
from editorial.languages import language_codes, localized
from taxonomy.models import Section, Tag, TaggedArticle

from .errors import DocumentError


class ImportFailed(Exception):
    """One or more documents cannot be written; nothing was."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def check_documents(documents):
    """Errors that concern the set of documents: two of them wanting the same slug."""
    errors = []
    seen = {}
    for document in documents:
        if document.slug in seen:
            errors.append(
                DocumentError(
                    document.name,
                    _("slug %(slug)r is also the slug of %(other)s")
                    % {"slug": document.slug, "other": seen[document.slug]},
                )
            )
        else:
            seen[document.slug] = document.name
    return errors


@dataclass
class Records:
    """The instances to create for a set of documents, in the order a fixture lists them.

    Sections, tags and authors that exist already are referred to by the others but are not here.
    """

    sections: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    bylines: list = field(default_factory=list)
    tagged: list = field(default_factory=list)
    # Not in the fixture: a report belongs to an import into a database, which an editor reviews.
    reports: list = field(default_factory=list)

    def instances(self):
        return [*self.sections, *self.tags, *self.authors, *self.articles, *self.bylines, *self.tagged]


def wanted_slugs(documents):
    """{model: slugs} of the sections, tags and authors the documents refer to."""
    return {
        Section: sorted({d.section for d in documents if d.section}),
        Tag: sorted({slug for d in documents for slug in d.tags}),
        Author: sorted({credit.slug for d in documents for credit in d.credits}),
    }


def build_records(documents, vocabulary, now=None, existing=None, progress=None):
    """The documents as unsaved instances; `existing` ({model: {slug: instance}}) are reused, not built.

    `now` stamps the articles without a date; `progress(n)` is called as each article is built.
    """
    existing = existing or {}
    records = Records()
    sections = dict(existing.get(Section, {}))
    for slug in sorted(wanted_slugs(documents)[Section], key=lambda s: (vocabulary.section(s).position, s)):
        if slug not in sections:
            sections[slug] = _section(vocabulary.section(slug))
            records.sections.append(sections[slug])
    tags = dict(existing.get(Tag, {}))
    for slug in wanted_slugs(documents)[Tag]:
        if slug not in tags:
            tags[slug] = _with_columns(Tag(slug=slug), _translated("name", _vocabulary_names(vocabulary.tag(slug))))
            records.tags.append(tags[slug])
    authors = dict(existing.get(Author, {}))
    for slug, names in sorted(_author_names(documents).items()):
        if slug not in authors:
            authors[slug] = _author(slug, names)
            records.authors.append(authors[slug])
    for index, document in enumerate(documents, start=1):
        article = _article(document, sections.get(document.section), now)
        records.articles.append(article)
        records.bylines += [
            Byline(article=article, author=authors[credit.slug], role=credit.role, position=position)
            for position, credit in enumerate(document.credits)
        ]
        records.tagged += [TaggedArticle(content_object=article, tag=tags[slug]) for slug in document.tags]
        records.reports.append(
            ImportReport(
                article=article,
                document=document.name[:500],
                imported_at=now or document.published,
                report=document.report,
            )
        )
        if progress:
            progress(index)
    return records


def translated_article_fields():
    """The Article fields articles/translation.py registers, read when needed: one list, not two."""
    return list(translator.get_options_for_model(Article).fields)


def _with_columns(instance, columns):
    # Assigned, not given to the constructor: the columns follow the translation registry and
    # LANGUAGES, which may name a column before the model class has it.
    for name, value in columns.items():
        setattr(instance, name, value)
    return instance


def _translated(name, values, nullable=False):
    """A translated field's per-language columns from {code: text}; an empty nullable one is NULL.

    modeltranslation fills the untranslated column itself as the instance is saved.
    """
    columns = {}
    for code in language_codes():
        value = values.get(code) or ""
        columns[f"{name}_{code}"] = value if value or not nullable else None
    return columns


def _vocabulary_names(entry):
    return {code: entry.name.get(code, "") for code in language_codes()}


def _section(entry):
    section = Section(slug=entry.slug, position=entry.position)
    return _with_columns(section, _translated("name", _vocabulary_names(entry)))


def _author_names(documents):
    """Authors by slug: their name and job title by language, from their first document in it."""
    authors = {}
    for document in documents:
        for credit in document.credits:
            entry = authors.setdefault(credit.slug, {"name": {}, "job_title": {}})
            entry["name"].setdefault(document.language, credit.name)
            if credit.job_title:
                entry["job_title"].setdefault(document.language, credit.job_title)
    return authors


def _author(slug, names):
    columns = _translated("name", names["name"]) | _translated("job_title", names["job_title"], nullable=True)
    return _with_columns(Author(slug=slug), columns)


def _article(document, section, now):
    article = Article(
        slug=document.slug,
        section=section,
        source=document.source,
        is_breaking=document.is_breaking,
        status=document.status,
        original_language=document.language,
        **_timestamps(document, now),
    )
    return _with_columns(article, _article_text(document))


def _article_text(document):
    """The translated columns of the document's article: its text goes to its own language.

    The body is left as parsed: SanitizedHTMLField cleans it as it is written.
    """
    values = {
        "title": document.title,
        "standfirst": document.standfirst,
        "body": document.body_html,
        "dateline": document.dateline,
    }
    columns = {}
    for name in translated_article_fields():
        if name == "slug":
            # The slug made from the headline (or the sidecar's) is the article's in every language.
            columns |= {localized("slug", code): document.slug for code in language_codes()}
            continue
        # Headline and body are "" when absent, as the admin stores them; the other translated
        # columns are NULL until a translator fills them.
        nullable = name not in ("title", "body")
        columns |= _translated(name, {document.language: values.get(name, "")}, nullable=nullable)
    return columns


def _timestamps(document, now):
    when = document.published or now
    return {
        "publish_at": document.published,
        "first_published_at": document.published if document.status == Article.Status.PUBLISHED else None,
        "created_at": when,
        "updated_at": when,
        # In UTC like the model's own stamps: the stale-translation check compares them as text.
        "language_edited_at": {document.language: when.astimezone(UTC).isoformat()},
    }

"""Parsed documents to the database (all or nothing) or to a loaddata fixture (natural keys).

Both paths take the same ParsedDocument values and give the same rows: the fixture is what
`write_documents` would store, so a site loaded from it looks like one imported directly.
Every timestamp comes from the document's date, never from the clock, so that importing the
same documents twice gives the same fixture byte for byte.
"""

import json
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from articles.cache import content_changed
from articles.models import Article, Author, Byline, language_codes
from articles.sanitize import sanitize_html
from taxonomy.models import Section, Tag, TaggedArticle

from .errors import DocumentError
from .vocabulary import load_vocabulary


def translated_article_fields():
    """The Article fields articles/translation.py registers, read when needed: one list, not two."""
    return list(translator.get_options_for_model(Article).fields)


class ImportFailed(Exception):
    """One or more documents cannot be written; nothing was."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(frozen=True)
class WriteSummary:
    articles: int
    authors_created: int
    authors_reused: int
    sections_created: int
    tags_created: int
    bylines: int
    tagged: int


def _timestamps(document, now=None):
    when = document.published or now or timezone.now()
    return {
        "publish_at": document.published,
        "first_published_at": document.published if document.status == Article.Status.PUBLISHED else None,
        "created_at": when,
        "updated_at": when,
        # In UTC like the model's own stamps: the stale-translation check compares them as text.
        "language_edited_at": {document.language: when.astimezone(UTC).isoformat()},
    }


def _article_text(document, sanitize=True):
    """The translated columns of the document's article: its text goes to its own language."""
    values = {
        "title": document.title,
        "standfirst": document.standfirst,
        "body": sanitize_html(document.body_html) if sanitize else document.body_html,
        "dateline": document.dateline,
    }
    columns = {}
    for name in translated_article_fields():
        for code in language_codes():
            value = values.get(name, "") if code == document.language else ""
            # Headline and body are "" when absent, as the admin stores them; the other translated
            # columns are NULL until a translator fills them.
            columns[f"{name}_{code}"] = value if value or name in ("title", "body") else None
    return columns


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


def _translated(name, values, nullable=True):
    """A translated field's columns as modeltranslation stores them: the untranslated one holds
    the first language that has text; an empty nullable translation is NULL."""
    fields = {name: next((values[code] for code in language_codes() if values.get(code)), "")}
    for code in language_codes():
        value = values.get(code) or ""
        fields[f"{name}_{code}"] = value if value or not nullable else None
    return fields


def _vocabulary_names(entry):
    return {code: getattr(entry, f"name_{code}", "") for code in language_codes()}


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


def _author_fields(names):
    return _translated("name", names["name"], nullable=False) | _translated("job_title", names["job_title"])


def write_documents(documents, vocabulary=None, using=None, progress=None):
    """Stores the documents' articles, with their section, tags and authors, in one transaction.

    Authors, sections and tags that exist (by slug) are reused and left as they are; an article
    whose slug exists already is an error. Any error leaves the database untouched.
    `progress(n)` is called as each article is prepared.
    """
    vocabulary = vocabulary or load_vocabulary()
    documents = list(documents)
    errors = check_documents(documents)
    slugs = [d.slug for d in documents]
    with transaction.atomic(using=using):
        existing = set(Article.objects.using(using).filter(slug__in=slugs).values_list("slug", flat=True))
        errors += [
            DocumentError(
                d.name, _("an article with slug %(slug)r exists already; it was not changed") % {"slug": d.slug}
            )
            for d in documents
            if d.slug in existing
        ]
        if errors:
            raise ImportFailed(errors)

        sections, sections_created = _ensure_sections(documents, vocabulary, using)
        tags, tags_created = _ensure_tags(documents, vocabulary, using)
        authors, created, reused = _ensure_authors(documents, using)
        now = timezone.now()
        articles = []
        for index, document in enumerate(documents, start=1):
            article = Article(
                slug=document.slug,
                section=sections.get(document.section),
                source=document.source,
                is_breaking=document.is_breaking,
                status=document.status,
                original_language=document.language,
                version=1,
                # The body is a SanitizedHTMLField: bulk_create cleans it as it writes.
                **_article_text(document, sanitize=False),
                **_timestamps(document, now),
            )
            articles.append(article)
            if progress:
                progress(index)
        Article.objects.using(using).bulk_create(articles)
        bylines = [
            Byline(article=article, author=authors[credit.slug], role=credit.role, position=position)
            for article, document in zip(articles, documents, strict=True)
            for position, credit in enumerate(document.credits)
        ]
        Byline.objects.using(using).bulk_create(bylines)
        tagged = [
            TaggedArticle(content_object=article, tag=tags[slug])
            for article, document in zip(articles, documents, strict=True)
            for slug in document.tags
        ]
        TaggedArticle.objects.using(using).bulk_create(tagged)
        # bulk_create sends no post_save either: cached public pages are invalidated here.
        content_changed(using=using)
    return WriteSummary(
        articles=len(articles),
        authors_created=created,
        authors_reused=reused,
        sections_created=sections_created,
        tags_created=tags_created,
        bylines=len(bylines),
        tagged=len(tagged),
    )


def _ensure_sections(documents, vocabulary, using):
    wanted = sorted({d.section for d in documents if d.section})
    found = {s.slug: s for s in Section.objects.using(using).filter(slug__in=wanted)}
    created = 0
    for slug in wanted:
        if slug not in found:
            entry = vocabulary.section(slug)
            names = {f"name_{code}": name for code, name in _vocabulary_names(entry).items()}
            found[slug] = Section.objects.using(using).create(slug=slug, position=entry.position, **names)
            created += 1
    return found, created


def _ensure_tags(documents, vocabulary, using):
    wanted = sorted({slug for d in documents for slug in d.tags})
    found = {t.slug: t for t in Tag.objects.using(using).filter(slug__in=wanted)}
    created = 0
    for slug in wanted:
        if slug not in found:
            entry = vocabulary.tag(slug)
            names = {f"name_{code}": name for code, name in _vocabulary_names(entry).items()}
            found[slug] = Tag.objects.using(using).create(slug=slug, **names)
            created += 1
    return found, created


def _ensure_authors(documents, using):
    names = _author_names(documents)
    found = {a.slug: a for a in Author.objects.using(using).filter(slug__in=list(names))}
    reused = len(found)
    missing = [
        # Only the per-language columns: modeltranslation fills the untranslated one from them.
        Author(slug=slug, **{k: v for k, v in _author_fields(fields).items() if k not in ("name", "job_title")})
        for slug, fields in sorted(names.items())
        if slug not in found
    ]
    Author.objects.using(using).bulk_create(missing)
    found.update({a.slug: a for a in missing})
    return found, len(missing), reused


# -- fixtures ------------------------------------------------------------------------------------


def _iso(value):
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def fixture_records(documents, vocabulary=None, progress=None):
    """The loaddata records of the documents: natural keys only, in a stable order."""
    vocabulary = vocabulary or load_vocabulary()
    documents = sorted(documents, key=lambda d: d.slug)
    errors = check_documents(documents)
    errors += [
        DocumentError(
            d.name, _('no date: a fixture must be reproducible, so give the document a "date" in its sidecar')
        )
        for d in documents
        if d.published is None
    ]
    if errors:
        raise ImportFailed(errors)
    records = []
    for slug in sorted({d.section for d in documents if d.section}, key=lambda s: (vocabulary.section(s).position, s)):
        entry = vocabulary.section(slug)
        records.append(
            {
                "model": "taxonomy.section",
                "fields": {
                    "slug": slug,
                    **_translated("name", _vocabulary_names(entry), nullable=False),
                    **_translated("description", {}),
                    "position": entry.position,
                },
            }
        )
    for slug in sorted({t for d in documents for t in d.tags}):
        entry = vocabulary.tag(slug)
        records.append(
            {
                "model": "taxonomy.tag",
                "fields": {"slug": slug, **_translated("name", _vocabulary_names(entry), nullable=False)},
            }
        )
    for slug, fields in sorted(_author_names(documents).items()):
        records.append(
            {
                "model": "articles.author",
                "fields": {
                    "slug": slug,
                    **_author_fields(fields),
                    **_translated("bio", {}),
                    "photo": "",
                    "user": None,
                },
            }
        )
    for index, document in enumerate(documents, start=1):
        text = _article_text(document)
        fields = {
            "slug": document.slug,
            "section": [document.section] if document.section else None,
            "source": document.source,
            "is_breaking": document.is_breaking,
            "image": "",
            "status": document.status,
            "correction_at": None,
            "original_language": document.language,
            "created_by": None,
            "version": 1,
        }
        for name in translated_article_fields():
            values = [text[f"{name}_{code}"] for code in language_codes()]
            # The untranslated column mirrors what the ORM stores: the text in the original language.
            fields[name] = next((v for v in values if v), "")
            fields.update({f"{name}_{code}": text[f"{name}_{code}"] for code in language_codes()})
        stamps = _timestamps(document)
        fields.update({key: _iso(value) for key, value in stamps.items() if key != "language_edited_at"})
        fields["language_edited_at"] = stamps["language_edited_at"]
        records.append({"model": "articles.article", "fields": fields})
        if progress:
            progress(index)
    for document in documents:
        for position, credit in enumerate(document.credits):
            records.append(
                {
                    "model": "articles.byline",
                    "fields": {
                        "article": [document.slug],
                        "author": [credit.slug],
                        "role": credit.role,
                        "position": position,
                    },
                }
            )
    for document in documents:
        for slug in document.tags:
            records.append(
                {"model": "taxonomy.taggedarticle", "fields": {"content_object": [document.slug], "tag": [slug]}}
            )
    return records


def dump_fixture(records):
    """The fixture as text: sorted keys, one layout, a final newline, so the file diffs cleanly."""
    return json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

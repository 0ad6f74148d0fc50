"""Why a parsed document cannot be imported: no headline, no body, text longer than its column,
a body bigger than the sanitizer takes. Each problem names the file (and line) it comes from.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from articles.models import Article, Author
from editorial.sanitize import check_html_size

from .body import is_heading
from .cleanup import SHORT_LINES
from .errors import DocumentError


def body_size_problems(name, document):
    """A body bigger than the sanitizer takes (see editorial.sanitize) is this document's problem."""
    try:
        check_html_size(document.body_html)
    except ValidationError as error:
        return [DocumentError(name, " ".join(error.messages))]
    return []


def no_headline(name, meta):
    if meta.exists:
        where = _("its sidecar %(sidecar)s gives none") % {"sidecar": meta.name}
    else:
        where = _("there is no sidecar %(sidecar)s to give one") % {"sidecar": meta.name}
    return DocumentError(
        name,
        _(
            "no headline: the text has none (its first line reads as a byline or a paragraph) and %(where)s; "
            'add {"title": "..."} to %(sidecar)s'
        )
        % {"where": where, "sidecar": meta.name},
    )


def paragraph_problems(name, body, skipped):
    paragraphs = [b for b in body if b.kind in ("p", "quote")]
    # The last line is read as a paragraph whatever its shape; alone, a short line without a
    # sentence's punctuation is one more heading, and headings alone are no article.
    only_headings = len(paragraphs) == 1 and paragraphs[0] is body[-1] and is_heading(paragraphs[0].text)
    # Short lines with no paragraph after them are dropped as the page's: alone, they were all there was.
    only_headings = only_headings or not paragraphs and any(s.reason in SHORT_LINES for s in skipped)
    if only_headings:
        return [
            DocumentError(
                name,
                _("no body paragraphs: after the headline there are only short heading-like lines, no sentence"),
            )
        ]
    if not paragraphs:
        junk = sum(1 for s in skipped if s.reason != "repeated headline")
        return [
            DocumentError(
                name,
                _("no body paragraphs: nothing is left after the headline and %(junk)d line(s) of site junk")
                % {"junk": junk},
            )
        ]
    return []


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def _length_labels():
    return {
        (Article, "title"): _("the headline"),
        (Article, "slug"): _("the slug"),
        (Article, "dateline"): _("the dateline"),
        (Article, "source"): _("the source credit"),
        (Author, "name"): _("the author's name"),
        (Author, "job_title"): _("the author's job title"),
        (Author, "slug"): _("the author's slug"),
    }


def length_problems(name, title, slug, head, meta):
    """Text longer than its database column, each naming the file (and line) it came from.

    The limits are read from the models, so a migration that changes one changes the check.
    """
    title_line = None if "title" in head.from_sidecar else head.title_line or None
    # (model, column, value, sidecar key it came from or "", line in the document)
    checks = [
        (Article, "title", title, "title" if "title" in head.from_sidecar else "", title_line),
        (Article, "slug", slug, "slug" if "slug" in meta else "", None),
        (Article, "dateline", head.dateline, "dateline" if "dateline" in head.from_sidecar else "", None),
        (Article, "source", head.source, "source" if "source" in head.from_sidecar else "", None),
    ]
    for credit in head.credits:
        checks += [(Author, column, getattr(credit, column), "", None) for column in ("name", "job_title", "slug")]
    problems = []
    for model, column, value, key, line in checks:
        limit = _max_length(model, column)
        if limit and len(value) > limit:
            reason = _("%(what)s is %(length)d characters long, more than the %(limit)d the site stores: %(value)r") % {
                "what": _length_labels()[model, column],
                "length": len(value),
                "limit": limit,
                "value": value,
            }
            problems.append(meta.error(key, reason) if key else DocumentError(name, reason, line))
    return problems

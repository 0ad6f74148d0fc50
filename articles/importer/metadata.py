"""What a document is filed under, from its sidecar and its text: section, tags, date and status,
slug, and the sidecar's text where the document has none.

The sidecar's metadata is authoritative; its text only fills what the document lacks.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import Article

from .credits import dateline_prefix
from .dates import choose_date, parse_date
from .errors import DocumentError
from .text import clean_text

MAX_SLUG_CHARS = 100

# Sidecar keys for text the document itself may carry, each named as the Head attribute it fills.
_SIDECAR_TEXT = ("title", "standfirst", "source", "dateline")


def fill_from_sidecar(head, meta, notes):
    """Sidecar text fills what the document lacks; the document's own words always win.

    A sidecar value that contradicts the text is noted and ignored: replacing the text's
    headline would lose words of the article.
    """
    for key in _SIDECAR_TEXT:
        if key not in meta:
            continue
        value = clean_text(meta[key])[0]
        current = getattr(head, key)
        if not current:
            setattr(head, key, value)
            head.from_sidecar.add(key)
        elif value != current:
            notes.append(
                _("the sidecar's %(key)s %(value)r is ignored: the text gives %(current)r")
                % {"key": key, "value": value, "current": current}
            )


def section_of(meta, head, vocabulary, notes, body, language):
    if meta.get("section"):  # known to be in the vocabulary: checked_sidecar left it in
        return vocabulary.section(meta["section"]).slug
    if head.section_hint:
        entry = vocabulary.section(head.section_hint)
        if entry:
            return entry.slug
        notes.append(_("breadcrumb section %(section)r is not in the vocabulary") % {"section": head.section_hint})
    text = " ".join([head.title, head.standfirst] + [b.text for b in body])
    return vocabulary.suggest_section(text, language)


def tags_of(meta, title, head, body, vocabulary, language):
    head_text = f"{title}\n{head.standfirst}"
    body_text = "\n".join(b.text for b in body)
    slugs = vocabulary.suggest_tags(head_text, body_text, language)
    for key in meta.get("tags") or []:
        entry = vocabulary.tag(key)
        if entry.slug not in slugs:
            slugs.append(entry.slug)
    order = {tag.slug: index for index, tag in enumerate(vocabulary.tags)}
    return sorted(slugs, key=order.__getitem__)


def publication(meta, dates, name, notes, problems):
    """(date, where it came from: "sidecar" or "text, line N" or "", status, the candidate chosen).

    `dates` are the text's date candidates (head.date_candidates): the sidecar's date wins.
    """
    chosen = None
    if meta.get("date"):
        published = parse_date(meta["date"])
        source = "sidecar"
    else:
        chosen = choose_date(dates)
        published = chosen[2] if chosen else None
        source = f"text, line {chosen[0]}" if chosen else ""
    # Nothing goes live by itself: only a sidecar's "status" publishes; the rest waits for an editor.
    status = meta.get("status") or Article.Status.IN_REVIEW
    if status == Article.Status.PUBLISHED and published is None and "date" not in meta.refused:
        problems.append(
            DocumentError(
                name,
                _('status "published" needs a date: the head and first paragraph give none; add "date" to the sidecar'),
            )
        )
    if published is None:
        notes.append(
            _(
                "no date in the head or first paragraph, nor in a sidecar: held for review without a "
                "publication time, created at the time of the import"
            )
        )
    return published, source, Article.Status(status), chosen


def read_dateline(head, body, vocabulary):
    """The place and agency the first paragraph opens with ("بيروت (أ ف ب) -"), if the head gave none."""
    first = next((block for block in body if block.kind in ("p", "quote")), None)
    found = dateline_prefix(first.text, vocabulary) if first else None
    if not found:
        return
    dateline, agency, _rest = found
    head.dateline = head.dateline or dateline
    if agency and not head.source:
        head.source = agency
        head.source_line = (first.line, first.text[: len(first.text) - len(_rest)].strip())


def slug_of(meta, title, language, name, problems):
    if meta.get("slug"):
        return meta["slug"]
    slug = slugify(title) if language == "en" else ""
    slug = slug or slugify(title, allow_unicode=True)
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS].rsplit("-", 1)[0]
    if not slug and "slug" not in meta.refused:
        problems.append(DocumentError(name, _('no slug can be made from the headline; add "slug" to the sidecar')))
    return slug

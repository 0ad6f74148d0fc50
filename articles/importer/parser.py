"""Plain-text news documents to plain data, stage by stage. Nothing here touches the database.

decoding (bytes and sidecar) -> lines (cleaning, joining, junk) -> head -> body -> metadata,
with checks gathering every independent problem of a document so that one run shows them all.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext as _

from articles.models import Article

from .body import read_body
from .checks import body_size_problems, length_problems, no_headline, paragraph_problems
from .cleanup import drop_clutter
from .decoding import Sidecar, checked_sidecar, decode, read_sidecar, sidecar_path
from .errors import DocumentError, raise_all
from .head import date_candidates, read_head
from .lines import clean_lines, drop_junk
from .metadata import fill_from_sidecar, publication, read_dateline, section_of, slug_of, tags_of
from .report import build_report
from .text import detect_language
from .vocabulary import load_vocabulary


@dataclass(frozen=True)
class ParsedDocument:
    name: str
    language: str
    title: str
    slug: str
    body: tuple  # of Block
    standfirst: str = ""
    section: str | None = None
    tags: tuple = ()
    credits: tuple = ()  # of Credit
    source: str = ""
    dateline: str = ""
    is_breaking: bool = False
    published: datetime | None = None
    date_source: str = ""  # "sidecar", "text, line N", or "" when there is no date
    status: str = Article.Status.IN_REVIEW
    skipped: tuple = ()  # of Skipped: junk and repeated headlines
    emoji: int = 0
    notes: tuple = ()
    report: dict = field(default_factory=dict, compare=False)  # what went where: report.py

    @property
    def body_html(self):
        return "\n".join(block.html() for block in self.body)

    @property
    def paragraphs(self):
        return [b for b in self.body if b.kind in ("p", "quote")]

    @property
    def headings(self):
        return [b for b in self.body if b.kind == "h2"]

    @property
    def captions(self):
        return [b for b in self.body if b.kind == "figure"]


def read_document(path, vocabulary=None):
    """Parses the document at `path` with its sidecar, if any."""
    path = Path(path)
    problems = []
    text = meta = None
    try:
        text = decode(path.read_bytes(), str(path))
    except DocumentError as error:
        problems.append(error)
    try:
        meta = read_sidecar(path)
    except DocumentError as error:
        problems.append(error)
    raise_all(problems)
    # Named by the path as given: x.txt in two folders are two documents.
    return parse_document(text, name=str(path), meta=meta, vocabulary=vocabulary)


def _head_and_body(lines, language, vocabulary, skipped):
    """The head and body blocks of the lines; what is left out (junk, clutter, copies) goes to `skipped`."""
    head, rest = read_head(drop_junk(lines, skipped), language, vocabulary, skipped)
    body = read_body(drop_clutter(rest, language, vocabulary, skipped, head))
    read_dateline(head, body, vocabulary)
    return head, body


def parse_document(text, name="document", meta=None, vocabulary=None):
    """Parses one document's text (and its sidecar metadata, None when it has none)."""
    vocabulary = vocabulary or load_vocabulary()
    if meta is None:
        meta = Sidecar(name=str(sidecar_path(name)), exists=False)
    elif not isinstance(meta, Sidecar):
        meta = Sidecar(meta, name=str(sidecar_path(name)))
    # Independent problems are gathered and raised together, so one run shows them all.
    problems, meta = checked_sidecar(meta, vocabulary)
    notes = []
    lines, emoji = clean_lines(text)
    if not lines:
        raise_all([*problems, DocumentError(name, _("empty file: there is no text to import"))])
    language = meta.get("language") or detect_language(text)

    skipped = []
    head, body = _head_and_body(lines, language, vocabulary, skipped)
    problems += paragraph_problems(name, body, skipped)

    fill_from_sidecar(head, meta, notes)
    title = head.title
    if not title and "title" not in meta.refused:
        problems.append(no_headline(name, meta))

    section = section_of(meta, head, vocabulary, notes, body, language)
    tags = tags_of(meta, title, head, body, vocabulary, language)
    dates = date_candidates(head, body)
    published, date_source, status, chosen_date = publication(meta, dates, name, notes, problems)
    if not title:
        # Without a headline there is no slug to make; what the sidecar and the head give is
        # still checked, so that the next run does not stop at a mistake this one could show.
        raise_all(problems + length_problems(name, title, meta.get("slug", ""), head, meta))
    slug = slug_of(meta, title, language, name, problems)
    document = ParsedDocument(
        name=name,
        language=language,
        title=title,
        slug=slug,
        body=tuple(body),
        standfirst=head.standfirst,
        section=section,
        tags=tuple(tags),
        credits=tuple(head.credits),
        source=head.source,
        dateline=head.dateline,
        is_breaking=meta.get("is_breaking", head.is_breaking),
        published=published,
        date_source=date_source,
        status=status,
        skipped=tuple(sorted(skipped, key=lambda s: s.line)),
        emoji=emoji,
        notes=tuple(notes),
        report=build_report(
            name, head, skipped, dates, chosen_date, status, published if date_source == "sidecar" else None
        ),
    )
    raise_all(problems + length_problems(name, title, slug, head, meta) + body_size_problems(name, document))
    return document

"""Plain-text news documents to plain data. Nothing here touches the database.

A document is read line by line; every non-empty line is one block, which is how both
layouts in the wild come out right: paragraphs separated by blank lines and paragraphs
separated by single newlines (a wrapped line, recognisable by a lower-case continuation,
is joined back to its paragraph). The head of the document (breadcrumb, headline, repeated
headline, byline, outlet credit, standfirst) is read first, then the body, where each line
is junk, a photo caption, a section heading, a quotation or a paragraph.

Choices worth knowing:
- Flag emoji (regional-indicator pairs) are dropped everywhere: they decorate scraped
  headlines, carry no words, and would otherwise differ between the headline and its
  repetition. The parse result notes how many were dropped.
- A line ending with a parenthesised credit and no full stop is a photo caption
  ("... Jens Stoltenberg (European)"); a sentence ending "(European)." is body text. An
  acronym in parentheses that spells the words before it ("Gulf Cooperation Council (GCC)")
  is never a credit.
- Junk sentences at the end of a paragraph are dropped, the rest of the paragraph is kept.
"""

import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext as _

from .junk import JUNK_PATTERNS, junk_pattern_for, split_trailing_junk
from .vocabulary import load_vocabulary

ROLE_REPORTER = "reporter"
ROLE_WRITER = "writer"
STATUS_PUBLISHED = "published"
STATUS_DRAFT = "draft"
STATUSES = ("draft", "review", "published", "archived")

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = {
    "title",
    "standfirst",
    "section",
    "tags",
    "date",
    "status",
    "slug",
    "language",
    "source",
    "dateline",
    "is_breaking",
}

# Published documents without a time of day are published at 09:00 in Kuwait.
DEFAULT_PUBLISH_TIME = time(6, 0, tzinfo=UTC)

MAX_HEADING_WORDS = 14
MAX_HEADING_CHARS = 120
MAX_TITLE_CHARS = 300
MAX_SLUG_CHARS = 100
MIN_STANDFIRST_WORDS = 6
MAX_STANDFIRST_CHARS = 400
MAX_CAPTION_CHARS = 500  # Article.image_caption's length: a longer line is kept as a paragraph

_FLAGS = re.compile("[\U0001f1e6-\U0001f1ff]{2}|\U0001f3f4[\U000e0061-\U000e007a]+\U000e007f")
_SPACES = re.compile(r"\s+")
# Control characters other than line breaks and tabs never occur in text a person wrote.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_BREADCRUMB = re.compile(r"^(?:home|الرئيسية|الرئيسة)\s*[»›>|/]\s*(?P<rest>.+)$", re.IGNORECASE)
_BREADCRUMB_SEPARATOR = re.compile(r"\s*[»›>|]\s*")
# "عاجل" (urgent) is the Arabic breaking-news mark; English needs a separator ("Breaking: ...")
# so that a headline like "Breaking Point for Talks" is not taken for one.
_BREAKING = re.compile(r"^(?:عاجل\s*[:|\-–—]?\s+|(?i:breaking(?: news)?)\s*[:|\-–—]\s+)")
_BY = re.compile(r"^(?:by|بقلم|كتب|كتبت)\s*:?\s+(?P<rest>.+)$", re.IGNORECASE)
_AUTHOR_SEPARATOR = re.compile(r"\s+(?:and|&|و)\s+")
_NAME_WORD = r"(?:[A-Z][\w'’.]*(?:-[A-Z]?[\w'’.]+)*|al|bin|bint|ibn|de|van|von)"
_NAME_DASH_CITY = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{1,4}})\s+[-–—]\s+(?P<city>[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){{0,3}})$"
)
_ARABIC_NAME_DASH_CITY = re.compile(
    r"^(?P<name>[\u0600-\u06ff]+(?: [\u0600-\u06ff]+){1,4})\s+[-–—]\s+(?P<city>[\u0600-\u06ff ]{2,30})$"
)
_CAPTION = re.compile(r"^(?P<caption>.+?)\s*\((?P<credit>[^()]{1,60})\)$")
_TERMINAL = ".!?؟…:;,\"”’'»"
_OPENING_QUOTES = '“"«‘'
_CLOSING_QUOTES = '”"»’'
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_MDY = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
_DATE_DMY = re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)


class DocumentError(Exception):
    """A document that cannot be imported: says which file, where, and why."""

    def __init__(self, name, reason, line=None):
        self.name = name
        self.reason = reason
        self.line = line
        where = _("%(name)s, line %(line)d") % {"name": name, "line": line} if line else name
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "h2", "quote" or "figure"
    text: str
    line: int
    credit: str = ""

    def html(self):
        text = html.escape(self.text, quote=False)
        if self.kind == "h2":
            return f"<h2>{text}</h2>"
        if self.kind == "quote":
            return f"<blockquote><p>{text}</p></blockquote>"
        if self.kind == "figure":
            credit = html.escape(self.credit, quote=False)
            return f"<figure><figcaption>{text} ({credit})</figcaption></figure>"
        return f"<p>{text}</p>"


@dataclass(frozen=True)
class Credit:
    name: str
    slug: str
    job_title: str = ""
    role: str = ROLE_WRITER


@dataclass(frozen=True)
class Skipped:
    line: int
    text: str
    reason: str


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
    image_caption: str = ""
    image_credit: str = ""
    published: datetime | None = None
    status: str = STATUS_DRAFT
    skipped: tuple = ()  # of Skipped: junk and repeated headlines
    notes: tuple = ()

    @property
    def body_html(self):
        return "\n".join(block.html() for block in self.body)

    @property
    def paragraphs(self):
        return [b for b in self.body if b.kind in ("p", "quote")]

    @property
    def headings(self):
        return [b for b in self.body if b.kind == "h2"]


@dataclass
class _Line:
    number: int
    text: str


@dataclass
class _Head:
    title: str = ""
    title_line: int = 0
    section_hint: str = ""
    standfirst: str = ""
    credits: list = field(default_factory=list)
    source: str = ""
    dateline: str = ""
    is_breaking: bool = False


# -- reading files ---------------------------------------------------------------------------


def sidecar_path(path):
    path = Path(path)
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def decode(data, name):
    """Bytes to text, or DocumentError for empty, binary and non-UTF-8 input."""
    if not data.strip():
        raise DocumentError(name, _("empty file: there is no text to import"))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DocumentError(name, _("binary file (it contains NUL bytes), not a text document"), line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DocumentError(
            name,
            _(
                "not UTF-8: byte 0x%(byte)02x at column %(column)d cannot be decoded "
                "(save the file as UTF-8; Latin-1 or Windows-1252 text must be converted first)"
            )
            % {"byte": data[exc.start], "column": column},
            line,
        ) from None
    control = _CONTROL.search(text)
    if control:
        raise DocumentError(
            name,
            _("binary content: control character U+%(code)04X") % {"code": ord(control.group())},
            text.count("\n", 0, control.start()) + 1,
        )
    return text


def read_sidecar(path, name=None):
    """The metadata next to a document, {} when there is none."""
    side = sidecar_path(path)
    if not side.exists():
        return {}
    label = side.name
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DocumentError(label, _("the sidecar is not UTF-8")) from None
    except json.JSONDecodeError as exc:
        raise DocumentError(
            label, _("the sidecar is not valid JSON: %(error)s") % {"error": exc.msg}, exc.lineno
        ) from None
    if not isinstance(meta, dict):
        raise DocumentError(label, _("the sidecar must be a JSON object"))
    unknown = sorted(set(meta) - SIDECAR_KEYS)
    if unknown:
        raise DocumentError(
            label,
            _("unknown keys %(unknown)s; allowed: %(allowed)s")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(sorted(SIDECAR_KEYS))},
        )
    return meta


def read_document(path, vocabulary=None):
    """Parses the document at `path` with its sidecar, if any."""
    path = Path(path)
    text = decode(path.read_bytes(), path.name)
    meta = read_sidecar(path)
    return parse_document(
        text, name=path.name, meta=meta, vocabulary=vocabulary, sidecar_exists=sidecar_path(path).exists()
    )


# -- parsing ---------------------------------------------------------------------------------


def detect_language(text):
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    return "ar" if arabic > latin else "en"


def parse_document(text, name="document", meta=None, vocabulary=None, sidecar_exists=False):
    """Parses one document's text (and optional sidecar metadata) into a ParsedDocument."""
    vocabulary = vocabulary or load_vocabulary()
    meta = dict(meta or {})
    notes = []
    lines, flags = _clean_lines(text)
    if flags:
        notes.append(_("dropped %(count)d flag emoji") % {"count": flags})
    if not lines:
        raise DocumentError(name, _("empty file: there is no text to import"))
    language = meta.get("language") or detect_language(text)
    if language not in ("en", "ar"):
        raise DocumentError(name, _("unsupported language %(language)r (en or ar)") % {"language": language})

    skipped = []
    lines = _drop_junk(lines, skipped)
    head, rest = _read_head(lines, vocabulary, skipped)
    body, caption = _read_body(rest)
    if not any(b.kind in ("p", "quote") for b in body):
        junk = sum(1 for s in skipped if s.reason != "repeated headline")
        raise DocumentError(
            name,
            _("no body paragraphs: nothing is left after the headline and %(junk)d line(s) of site junk")
            % {"junk": junk},
        )

    _fill_from_sidecar(head, meta, name, notes)
    title = head.title
    if not title:
        side = sidecar_path(name).name
        if sidecar_exists:
            where = _("its sidecar %(sidecar)s gives none") % {"sidecar": side}
        else:
            where = _("there is no sidecar %(sidecar)s to give one") % {"sidecar": side}
        raise DocumentError(
            name,
            _(
                "no headline: the text has none (its first line reads as a byline or a paragraph) and %(where)s; "
                'add {"title": "..."} to %(sidecar)s'
            )
            % {"where": where, "sidecar": side},
        )
    if len(title) > MAX_TITLE_CHARS:
        raise DocumentError(
            name,
            _("headline longer than %(max)d characters") % {"max": MAX_TITLE_CHARS},
            head.title_line or None,
        )

    section = _section(meta, head, vocabulary, name, notes, body, language)
    tags = _tags(meta, title, head, body, vocabulary, language, name)
    published, status = _publication(meta, head, body, name, notes)
    slug = _slug(meta, title, language, name)
    is_breaking = bool(meta.get("is_breaking", head.is_breaking))
    return ParsedDocument(
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
        is_breaking=is_breaking,
        image_caption=caption.text if caption else "",
        image_credit=caption.credit if caption else "",
        published=published,
        status=status,
        skipped=tuple(sorted(skipped, key=lambda s: s.line)),
        notes=tuple(notes),
    )


# Sidecar keys for text the document itself may carry, with the _Head attribute each fills.
_SIDECAR_TEXT = {"title": "title", "standfirst": "standfirst", "source": "source", "dateline": "dateline"}


def _fill_from_sidecar(head, meta, name, notes):
    """Sidecar text fills what the document lacks; the document's own words always win.

    A sidecar value that contradicts the text is noted and ignored: replacing the text's
    headline would lose words of the article.
    """
    for key, attribute in _SIDECAR_TEXT.items():
        if key not in meta:
            continue
        value = meta[key]
        if not isinstance(value, str):
            raise DocumentError(
                name, _("the sidecar's %(key)s must be text, not %(type)s") % {"key": key, "type": type(value).__name__}
            )
        value = _clean_text(value)[0]
        current = getattr(head, attribute)
        if not current:
            setattr(head, attribute, value)
        elif value != current:
            notes.append(
                _("the sidecar's %(key)s %(value)r is ignored: the text gives %(current)r")
                % {"key": key, "value": value, "current": current}
            )


def _clean_text(text):
    flags = len(_FLAGS.findall(text))
    text = _FLAGS.sub(" ", text) if flags else text
    return _SPACES.sub(" ", text).strip(), flags


def _clean_lines(text):
    """Numbered, whitespace-normalised, non-empty lines; wrapped lines joined back."""
    lines = []
    flags = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        cleaned, count = _clean_text(raw)
        flags += count
        if not cleaned:
            if lines and lines[-1] is not None:
                lines.append(None)  # a blank line: a paragraph break
            continue
        previous = lines[-1] if lines else None
        if previous is not None and _is_wrapped(previous.text, cleaned):
            previous.text = f"{previous.text} {cleaned}"
            continue
        lines.append(_Line(number, cleaned))
    return [line for line in lines if line is not None], flags


def _is_wrapped(previous, line):
    # Hard-wrapped copy: a long line stopping mid-sentence followed by a lower-case continuation.
    return 60 <= len(previous) <= 100 and previous[-1] not in _TERMINAL and line[:1].islower()


def _drop_junk(lines, skipped):
    kept = []
    for line in lines:
        pattern = junk_pattern_for(line.text, JUNK_PATTERNS)
        if pattern:
            skipped.append(Skipped(line.number, line.text, pattern.name))
            continue
        text, junk, names = split_trailing_junk(line.text, JUNK_PATTERNS)
        if junk:
            skipped.append(Skipped(line.number, junk, ", ".join(names)))
            line = _Line(line.number, text)
        kept.append(line)
    return kept


def _same_headline(a, b):
    return _BREAKING.sub("", a).casefold() == _BREAKING.sub("", b).casefold()


def _read_head(lines, vocabulary, skipped):
    head = _Head()
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        crumb = _BREADCRUMB.match(text)
        if crumb and not head.title:
            parts = [p for p in _BREADCRUMB_SEPARATOR.split(crumb["rest"]) if p]
            _set_title(head, parts[-1], line.number)
            head.section_hint = parts[0] if len(parts) > 1 else ""
        elif head.title and _same_headline(text, head.title):
            skipped.append(Skipped(line.number, text, "repeated headline"))
        elif not head.credits and _read_byline(text, head, vocabulary):
            pass
        elif not head.source and vocabulary.is_outlet(text, guess=bool(head.title)):
            head.source = text
        elif not head.title and _is_headline(text):
            _set_title(head, text, line.number)
        elif head.title and not head.standfirst and _is_standfirst(text) and index + 1 < len(lines):
            head.standfirst = text
        else:
            break
        index += 1
    return head, lines[index:]


def _set_title(head, text, number):
    breaking = _BREAKING.match(text)
    if breaking:
        head.is_breaking = True
        text = text[breaking.end() :]
    head.title = text
    head.title_line = number


def _read_byline(text, head, vocabulary):
    by = _BY.match(text)
    if by:
        credits = []
        for part in _AUTHOR_SEPARATOR.split(by["rest"]):
            name, job_title = _split_name_and_job(part, vocabulary)
            if not _looks_like_name(name):
                return False
            role = next((r for word, r in vocabulary.byline_roles.items() if word in job_title.split()), ROLE_WRITER)
            credits.append(Credit(name, _author_slug(name), job_title, role))
        credited = {c.slug for c in head.credits}
        head.credits.extend(c for c in credits if c.slug not in credited and not credited.add(c.slug))
        return True
    dashed = _NAME_DASH_CITY.match(text) or _ARABIC_NAME_DASH_CITY.match(text)
    if dashed:
        name = dashed["name"]
        head.credits.append(Credit(name, _author_slug(name), "", ROLE_REPORTER))
        head.dateline = dashed["city"].strip()
        return True
    return False


def _split_name_and_job(rest, vocabulary):
    words = rest.split()
    if len(words) > 12:
        return "", ""
    for index, word in enumerate(words):
        if index >= 1 and word.strip(",") in vocabulary.job_title_words:
            return " ".join(words[:index]).rstrip(","), " ".join(words[index:])
    return rest, ""


def _looks_like_name(name):
    words = name.split()
    particles = {"al", "bin", "bint", "ibn", "de", "van", "von", "and"}
    return 1 <= len(words) <= 6 and all(w[:1].isupper() or _ARABIC.match(w) or w in particles for w in words)


def _author_slug(name):
    return slugify(name) or slugify(name, allow_unicode=True)


def _is_display_line(text, max_chars):
    """A line that stops without sentence punctuation: a headline, standfirst or heading."""
    return len(text) <= max_chars and text[-1] not in _TERMINAL + ")"


def _is_standfirst(text):
    # A summary is a sentence; a line of a few words under the headline is the first section heading.
    return len(text.split()) >= MIN_STANDFIRST_WORDS and _is_display_line(text, max_chars=MAX_STANDFIRST_CHARS)


def _is_headline(text):
    bare = text.rstrip(_CLOSING_QUOTES + ")")
    return bool(bare) and len(text) <= MAX_TITLE_CHARS and (bare[-1] not in ".;,:" or bare.endswith("..."))


def _read_body(lines):
    body = []
    caption = None
    for position, line in enumerate(lines):
        text = line.text
        is_last = position == len(lines) - 1
        figure = _caption(text)
        if figure:
            block = Block("figure", figure[0], line.number, credit=figure[1])
            if caption is None:
                caption = block  # the first caption is the featured image's
            else:
                body.append(block)
        elif not is_last and _is_heading(text):
            body.append(Block("h2", text, line.number))
        elif _is_quotation(text):
            body.append(Block("quote", text, line.number))
        else:
            body.append(Block("p", text, line.number))
    return body, caption


def _is_heading(text):
    return (
        len(text) <= MAX_HEADING_CHARS
        and len(text.split()) <= MAX_HEADING_WORDS
        and _is_display_line(text, MAX_HEADING_CHARS)
        and text[0] not in _OPENING_QUOTES
    )


def _is_quotation(text):
    # Only a line that is one quotation from end to end: "“...,” he said." stays a paragraph.
    if len(text) < 3 or text[0] not in _OPENING_QUOTES or text[-1] not in _CLOSING_QUOTES:
        return False
    inner = text[1:-1]
    return not any(q in inner for q in '“”"«»')


def _caption(text):
    match = _CAPTION.match(text)
    if not match:
        return None
    caption, credit = match["caption"], match["credit"].strip()
    words = caption.split()
    too_long = len(caption) > MAX_CAPTION_CHARS
    if too_long or len(words) < 6 or caption[-1] in _TERMINAL or len(credit.split()) > 5:
        return None
    # "Gulf Cooperation Council (GCC)": an acronym of the words before it is no credit.
    initials = "".join(w[0] for w in words if w[:1].isupper())
    if credit.isupper() and initials.endswith(credit.replace(".", "")):
        return None
    return caption, credit


def _section(meta, head, vocabulary, name, notes, body, language):
    if meta.get("section"):
        entry = vocabulary.section(meta["section"])
        if entry is None:
            known = ", ".join(s.slug for s in vocabulary.sections)
            raise DocumentError(
                name,
                _("unknown section %(section)r in the sidecar (known: %(known)s)")
                % {"section": meta["section"], "known": known},
            )
        return entry.slug
    if head.section_hint:
        entry = vocabulary.section(head.section_hint)
        if entry:
            return entry.slug
        notes.append(_("breadcrumb section %(section)r is not in the vocabulary") % {"section": head.section_hint})
    text = " ".join([head.title, head.standfirst] + [b.text for b in body])
    return vocabulary.suggest_section(text, language)


def _tags(meta, title, head, body, vocabulary, language, name):
    head_text = f"{title}\n{head.standfirst}"
    body_text = "\n".join(b.text for b in body)
    slugs = vocabulary.suggest_tags(head_text, body_text, language)
    extra = meta.get("tags") or []
    if not isinstance(extra, list):
        raise DocumentError(name, _("the sidecar's tags must be a list of tag slugs or names"))
    for key in extra:
        entry = vocabulary.tag(str(key))
        if entry is None:
            raise DocumentError(
                name, _("unknown tag %(tag)r in the sidecar: add it to the vocabulary first") % {"tag": key}
            )
        if entry.slug not in slugs:
            slugs.append(entry.slug)
    order = {tag.slug: index for index, tag in enumerate(vocabulary.tags)}
    return sorted(slugs, key=order.__getitem__)


def parse_date(value, name="document"):
    """An ISO date or date-time from a sidecar, as an aware datetime."""
    if isinstance(value, str):
        try:
            if "T" in value or " " in value.strip():
                parsed = datetime.fromisoformat(value)
                return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
            return datetime.combine(date.fromisoformat(value), DEFAULT_PUBLISH_TIME)
        except ValueError:
            pass
    raise DocumentError(
        name,
        _("the sidecar's date %(value)r is not an ISO date (2025-11-26 or 2025-11-26T09:00:00+03:00)")
        % {"value": value},
    )


def find_date(text):
    """The first calendar date written in the text ("November 26, 2025", "26 November 2025")."""
    candidates = []
    for regex in (_DATE_MDY, _DATE_DMY):
        match = regex.search(text)
        if match:
            candidates.append(match)
    for match in sorted(candidates, key=lambda m: m.start()):
        try:
            day = date(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
        except ValueError:
            continue
        return datetime.combine(day, DEFAULT_PUBLISH_TIME)
    return None


def _publication(meta, head, body, name, notes):
    if meta.get("date"):
        published = parse_date(meta["date"], name)
    else:
        published = find_date("\n".join([head.title, head.standfirst] + [b.text for b in body]))
    status = meta.get("status") or (STATUS_PUBLISHED if published else STATUS_DRAFT)
    if status not in STATUSES:
        raise DocumentError(
            name,
            _("unknown status %(status)r in the sidecar (one of %(known)s)")
            % {"status": status, "known": ", ".join(STATUSES)},
        )
    if status == STATUS_PUBLISHED and published is None:
        raise DocumentError(name, _('status "published" needs a date: the text gives none; add "date" to the sidecar'))
    if published is None:
        notes.append(_("no date in the text or a sidecar: imported as a draft"))
    return published, status


def _slug(meta, title, language, name):
    if meta.get("slug"):
        slug = str(meta["slug"])
        if slug != slugify(slug, allow_unicode=True) or len(slug) > 200:
            raise DocumentError(name, _("the sidecar's slug %(slug)r is not a valid slug") % {"slug": slug})
        return slug
    slug = slugify(title) if language == "en" else ""
    slug = slug or slugify(title, allow_unicode=True)
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS].rsplit("-", 1)[0]
    if not slug:
        raise DocumentError(name, _('no slug can be made from the headline; add "slug" to the sidecar'))
    return slug

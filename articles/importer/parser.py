"""Plain-text news documents to plain data. Nothing here touches the database.

A document is read line by line; every non-empty line is one block, which is how both
layouts in the wild come out right: paragraphs separated by blank lines and paragraphs
separated by single newlines (a hard-wrapped line, recognisable by a continuation after a
line of wrapping width that stops mid-sentence, is joined back to its paragraph). The head of
the document (breadcrumb, headline, repeated headline, byline, outlet credit, standfirst) is
read first, then the body, where each line is junk, a photo caption, a section heading, a
quotation or a paragraph.

Choices worth knowing:
- Emoji (flags and pictographs such as 🔴🔥⚡) are dropped everywhere, title and body
  alike: they decorate scraped text, carry no words, and would otherwise differ between the
  headline and its repetition. The parse result counts how many were dropped.
- A line ending with a parenthesised credit is a photo caption ("... Jens Stoltenberg
  (European)"), kept in the body, at its place, as a <figure><figcaption>. With a full stop
  after the credit it is a caption only when a caption of the same document without a full
  stop has that credit: "(European)." after a European caption is one; "... in Riyadh (Saudi
  Arabia)." and "... on Monday (KUNA)." alone are sentences. An acronym in parentheses that spells the words
  before it ("Gulf Cooperation Council (GCC)", "Kuwait News Agency (KUNA)") is never a credit.
- Junk sentences at the end of a paragraph are dropped, the rest of the paragraph is kept.
- The publication date is looked for only in the head and the first paragraph: a date
  further down is history ("Kuwait was liberated on February 26, 1991").
"""

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import Article, Author, Byline, language_codes
from editorial.fixtures import item_lines
from editorial.sanitize import check_html_size

from .junk import JUNK_PATTERNS, junk_pattern_for, split_trailing_junk
from .vocabulary import load_vocabulary

SIDECAR_SUFFIX = ".meta.json"
# What each sidecar key holds: a Python type, or "tags" (a list of text) and "date" (ISO text).
SIDECAR_TYPES = {
    "title": str,
    "standfirst": str,
    "section": str,
    "tags": "tags",
    "date": "date",
    "status": str,
    "slug": str,
    "language": str,
    "source": str,
    "dateline": str,
    "is_breaking": bool,
}
SIDECAR_KEYS = frozenset(SIDECAR_TYPES)

# Published documents without a time of day are published at 09:00 in the site's time zone.
DEFAULT_PUBLISH_TIME = time(9, 0)

MAX_HEADING_WORDS = 14
# A heading ending like a sentence ("Why does it matter?", "... Council (GCC)") must be shorter.
MAX_SHORT_HEADING_WORDS = 8
MAX_HEADING_CHARS = 120
MAX_SLUG_CHARS = 100
MIN_STANDFIRST_WORDS = 6
MAX_STANDFIRST_CHARS = 400
MAX_CAPTION_CHARS = 500  # a longer line ending in parentheses is a paragraph
# Hard-wrapped copy is wrapped at a fixed width: a line of this length stopping mid-sentence.
WRAP_WIDTH = (60, 100)

_FLAG = "[\U0001f1e6-\U0001f1ff]{2}|\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
# Pictographs only: ©, ®, ™, quotation dingbats and circled digits are text and stay.
_PICTOGRAPH = (
    "[\U0001f300-\U0001faff\U0001f004\U0001f0cf\U0001f18e\U0001f191-\U0001f19a\U0001f201-\U0001f251"
    "\u2600-\u26ff\u2700-\u275a\u2761-\u2767\u2794-\u27bf"
    "\u231a\u231b\u23e9-\u23fa\u2b1b\u2b1c\u2b50\u2b55]"
)
_EMOJI = re.compile(rf"(?:{_FLAG}|{_PICTOGRAPH})[\ufe0f\u200d\U0001f3fb-\U0001f3ff]*|\ufe0f\u20e3?|\u20e3")
_SPACES = re.compile(r"\s+")
# Control characters other than line breaks and tabs never occur in text a person wrote.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_BREADCRUMB = re.compile(r"^(?:home|الرئيسية|الرئيسة)\s*(?P<separator>[»›>|/])\s*(?P<rest>.+)$", re.IGNORECASE)
_ELLIPSIS = ("...", "…")
# "عاجل" (urgent) is the Arabic breaking-news mark; English needs a separator ("Breaking: ...")
# so that a headline like "Breaking Point for Talks" is not taken for one.
_BREAKING = re.compile(r"^(?:عاجل(?:\s*[:|\-–—]\s*|\s+)|(?i:breaking(?: news)?)\s*[:|\-–—]\s+)(?=\S)")
_BY = re.compile(r"^(?:by|بقلم|كتب|كتبت)\s*:?\s+(?P<rest>.+)$", re.IGNORECASE)
_AUTHOR_SEPARATOR = re.compile(r"\s+(?:and|&|و)\s+")
_NAME_WORD = r"(?:[A-Z][\w'’.]*(?:-[A-Z]?[\w'’.]+)*|al|bin|bint|ibn|de|van|von)"
_NAME_DASH_CITY = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{1,4}})\s+[-–—]\s+(?P<city>[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){{0,3}})$"
)
_ARABIC_NAME_DASH_CITY = re.compile(
    r"^(?P<name>[\u0600-\u06ff]+(?: [\u0600-\u06ff]+){1,4})\s+[-–—]\s+(?P<city>[\u0600-\u06ff ]{2,30})$"
)
_CAPTION = re.compile(r"^(?P<caption>.+?)\s*\((?P<credit>[^()]{1,60})\)(?P<stop>\.?)$")
_TRAILING_ACRONYM = re.compile(r"\((?P<acronym>[^()]{1,12})\)$")
_TERMINAL = ".!?؟…:;,\"”’'»"
_SENTENCE_END = ".!?؟:…"
_OPENING_QUOTES = '“"«‘'
_CLOSING_QUOTES = '”"»’'
# Words an acronym may skip: "Organisation of the Islamic Cooperation (OIC)".
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "on", "in", "de", "al", "&"})
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "يناير", "كانون الثاني"),
            ("february", "feb", "فبراير", "شباط"),
            ("march", "mar", "مارس", "آذار"),
            ("april", "apr", "أبريل", "ابريل", "إبريل", "نيسان"),
            ("may", "مايو", "أيار"),
            ("june", "jun", "يونيو", "يونيه", "حزيران"),
            ("july", "jul", "يوليو", "يوليه", "تموز"),
            ("august", "aug", "أغسطس", "اغسطس", "آب"),
            ("september", "sep", "sept", "سبتمبر", "أيلول"),
            ("october", "oct", "أكتوبر", "اكتوبر", "تشرين الأول"),
            ("november", "nov", "نوفمبر", "تشرين الثاني"),
            ("december", "dec", "ديسمبر", "كانون الأول"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_MDY = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
_DATE_DMY = re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}[,،]?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
# Arabic-Indic and Eastern Arabic-Indic (Persian) digits, read as the digits they are.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class DocumentError(Exception):
    """A document that cannot be imported: says which file, where, and why."""

    def __init__(self, name, reason, line=None, key=None):
        self.name = name
        self.reason = reason
        self.line = line
        self.key = key  # the sidecar key at fault, if any
        where = _("%(name)s, line %(line)d") % {"name": name, "line": line} if line else name
        super().__init__(f"{where}: {reason}")

    @property
    def errors(self):
        return [self]


class DocumentErrors(DocumentError):
    """Every independent problem of one document and its sidecar, so that one run shows them all."""

    def __init__(self, errors):
        self._errors = list(errors)
        first = self._errors[0]
        self.name, self.reason, self.line = first.name, first.reason, first.line
        Exception.__init__(self, "\n".join(str(error) for error in self._errors))

    @property
    def errors(self):
        return list(self._errors)


def raise_all(problems):
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise DocumentErrors(problems)


class Sidecar(dict):
    """A document's metadata, knowing its path as the user gave it and the line of each key for messages.

    `refused` holds the keys whose values were wrong and left out: what depends on them alone
    is not reported a second time. `problems` are those found while reading the file (a key
    given twice), reported with the others.
    """

    def __init__(self, values=(), name="", lines=None, exists=True, refused=(), problems=()):
        super().__init__(values)
        self.name = name
        self.lines = lines or {}
        self.exists = exists
        self.refused = frozenset(refused)
        self.problems = list(problems)

    def error(self, key, reason):
        return DocumentError(self.name, reason, self.lines.get(key), key=key)


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "h2", "quote" or "figure"
    text: str
    line: int
    credit: str = ""
    end: str = ""  # what follows a caption's credit: "." in "... (European)."

    def html(self):
        text = html.escape(self.text, quote=False)
        if self.kind == "h2":
            return f"<h2>{text}</h2>"
        if self.kind == "quote":
            return f"<blockquote><p>{text}</p></blockquote>"
        if self.kind == "figure":
            credit = html.escape(self.credit, quote=False)
            return f"<figure><figcaption>{text} ({credit}){self.end}</figcaption></figure>"
        return f"<p>{text}</p>"


@dataclass(frozen=True)
class Credit:
    name: str
    slug: str
    job_title: str = ""
    role: str = Byline.Role.WRITER


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
    published: datetime | None = None
    date_source: str = ""  # "sidecar", "text, line N", or "" when there is no date
    status: str = Article.Status.DRAFT
    skipped: tuple = ()  # of Skipped: junk and repeated headlines
    emoji: int = 0
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

    @property
    def captions(self):
        return [b for b in self.body if b.kind == "figure"]


@dataclass
class _Line:
    number: int
    text: str
    tail: str = ""  # the last physical line joined into it, for the wrap-width test


@dataclass
class _Head:
    title: str = ""
    title_line: int = 0
    title_truncated: bool = False
    section_hint: str = ""
    standfirst: str = ""
    credits: list = field(default_factory=list)
    source: str = ""
    dateline: str = ""
    is_breaking: bool = False
    lines: list = field(default_factory=list)  # the head's own lines, where a date may be
    from_sidecar: set = field(default_factory=set)


# -- reading files ---------------------------------------------------------------------------


def sidecar_path(path):
    path = Path(path)
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def _line_of(data, offset):
    return data[:offset].count(b"\n") + 1


_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _looks_like_utf16(data):
    """UTF-16 without its byte order mark: NUL bytes on one side of every pair only (the high byte
    of Latin letters, spaces and line breaks), many of them, and the whole decodes as UTF-16.

    Binary files have NULs at both even and odd offsets.
    """
    if len(data) % 2 or b"\x00" not in data:
        return False
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if even and odd:
        return False
    # Arabic letters have no NUL byte: its spaces and line breaks still make one character in ten.
    if max(even, odd) < len(data) // 20:
        return False
    try:
        data.decode("utf-16-le" if odd else "utf-16-be")
    except UnicodeDecodeError:
        return False
    return True


def decode(data, name):
    """Bytes to text, or DocumentError for empty, binary, UTF-16/32 and non-UTF-8 input."""
    encoding = next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)
    if encoding:
        raise DocumentError(
            name,
            _("%(encoding)s text (it starts with a %(encoding)s byte order mark): save it as UTF-8")
            % {"encoding": encoding},
        )
    if not data.strip():
        raise DocumentError(name, _("empty file: there is no text to import"))
    if _looks_like_utf16(data):
        raise DocumentError(name, _("UTF-16 text without a byte order mark: save it as UTF-8"))
    if b"\x00" in data:
        raise DocumentError(
            name, _("binary file (it contains NUL bytes), not a text document"), _line_of(data, data.index(b"\x00"))
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DocumentError(
            name,
            _(
                "not UTF-8: byte 0x%(byte)02x at column %(column)d cannot be decoded; convert it to UTF-8 "
                "(e.g. from Windows-1256 for Arabic or Windows-1252 for Latin text)"
            )
            % {"byte": data[exc.start], "column": column},
            _line_of(data, exc.start),
        ) from None
    control = _CONTROL.search(text)
    if control:
        raise DocumentError(
            name,
            _("binary content: control character U+%(code)04X") % {"code": ord(control.group())},
            text.count("\n", 0, control.start()) + 1,
        )
    return text


def read_sidecar(path):
    """The metadata next to a document (an empty Sidecar that does not exist when there is none)."""
    side = sidecar_path(path)
    label = str(side)
    if not side.exists():
        return Sidecar(name=label, exists=False)
    data = side.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            label,
            _("the sidecar is not UTF-8 (byte 0x%(byte)02x); save it as UTF-8") % {"byte": data[exc.start]},
            _line_of(data, exc.start),
        ) from None
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            label, _("the sidecar is not valid JSON: %(error)s") % {"error": exc.msg}, exc.lineno
        ) from None
    if not isinstance(meta, dict):
        raise DocumentError(label, _("the sidecar must be a JSON object"), 1)
    lines = {}
    for line, key in item_lines(text):
        lines.setdefault(key, []).append(line)
    repeated = [
        DocumentError(
            label,
            # JSON keeps the last value silently: which one the writer meant is theirs to say.
            _("the key %(key)r is given more than once, on lines %(lines)s: keep one")
            % {"key": key, "lines": ", ".join(str(line) for line in where)},
            where[0],
            key=key,
        )
        for key, where in lines.items()
        if len(where) > 1
    ]
    return Sidecar(meta, name=label, lines={key: where[0] for key, where in lines.items()}, problems=repeated)


def read_document(path, vocabulary=None):
    """Parses the document at `path` with its sidecar, if any."""
    path = Path(path)
    problems = []
    text = meta = None
    try:
        text = decode(path.read_bytes(), path.name)
    except DocumentError as error:
        problems.append(error)
    try:
        meta = read_sidecar(path)
    except DocumentError as error:
        problems.append(error)
    raise_all(problems)
    return parse_document(text, name=path.name, meta=meta, vocabulary=vocabulary)


def sidecar_problems(meta, vocabulary):
    """Every mistake of the sidecar, each naming the sidecar and the line of its key."""
    problems = []
    for key, value in meta.items():
        expected = SIDECAR_TYPES.get(key)
        if expected is None:
            problems.append(
                meta.error(
                    key,
                    _("unknown key %(key)r in the sidecar; allowed: %(allowed)s")
                    % {"key": key, "allowed": ", ".join(sorted(SIDECAR_KEYS))},
                )
            )
            continue
        if expected == "tags":
            valid = isinstance(value, list) and all(isinstance(item, str) for item in value)
        elif expected is bool:
            valid = isinstance(value, bool)
        else:
            valid = isinstance(value, str)
        if not valid:
            wanted = {
                "tags": _("a list of tag slugs or names"),
                "date": _("an ISO date as text"),
                bool: _("true or false (without quotes)"),
            }.get(expected) or _("text")
            problems.append(
                meta.error(
                    key,
                    _("the sidecar's %(key)s must be %(wanted)s, not %(value)s")
                    % {"key": key, "wanted": wanted, "value": json.dumps(value, ensure_ascii=False)},
                )
            )
            continue
        problems += [meta.error(key, reason) for reason in _sidecar_value_problems(key, value, vocabulary)]
    return problems


def _sidecar_value_problems(key, value, vocabulary):
    """Why a sidecar value of the right type is still wrong (several reasons for a list of tags)."""
    if not value:
        return []
    if key == "language" and value not in language_codes():
        return [
            _("unsupported language %(language)r in the sidecar (one of %(known)s)")
            % {"language": value, "known": ", ".join(language_codes())}
        ]
    if key == "status" and value not in Article.Status.values:
        return [
            _("unknown status %(status)r in the sidecar (one of %(known)s)")
            % {"status": value, "known": ", ".join(Article.Status.values)}
        ]
    if key == "section" and vocabulary.section(value) is None:
        return [
            _("unknown section %(section)r in the sidecar (known: %(known)s)")
            % {"section": value, "known": ", ".join(s.slug for s in vocabulary.sections)}
        ]
    if key == "tags":
        return [
            _("unknown tag %(tag)r in the sidecar: add it to the vocabulary first") % {"tag": tag}
            for tag in value
            if vocabulary.tag(tag) is None
        ]
    if key == "date":
        try:
            parse_date(value)
        except ValueError:
            return [
                _("the sidecar's date %(value)r is not an ISO date (2025-11-26 or 2025-11-26T09:00:00+03:00)")
                % {"value": value}
            ]
    if key == "slug" and value != slugify(value, allow_unicode=True):
        return [_("the sidecar's slug %(slug)r is not a valid slug") % {"slug": value}]
    return []


def _checked_sidecar(meta, vocabulary):
    """(problems, the sidecar without the keys that have one): the document is still read with
    the sound part, so that its own independent problems are reported in the same run."""
    repeated = {problem.key for problem in meta.problems}
    # A key given twice is refused whatever its values: which one was meant is unknown.
    problems = meta.problems + [p for p in sidecar_problems(meta, vocabulary) if p.key not in repeated]
    refused = {problem.key for problem in problems}
    sound = {key: value for key, value in meta.items() if key not in refused}
    return problems, Sidecar(sound, name=meta.name, lines=meta.lines, exists=meta.exists, refused=refused)


# -- parsing ---------------------------------------------------------------------------------


def detect_language(text):
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    return "ar" if arabic > latin else "en"


def parse_document(text, name="document", meta=None, vocabulary=None):
    """Parses one document's text (and its sidecar metadata, None when it has none)."""
    vocabulary = vocabulary or load_vocabulary()
    if meta is None:
        meta = Sidecar(name=sidecar_path(name).name, exists=False)
    elif not isinstance(meta, Sidecar):
        meta = Sidecar(meta, name=sidecar_path(name).name)
    # Independent problems are gathered and raised together, so one run shows them all.
    problems, meta = _checked_sidecar(meta, vocabulary)
    notes = []
    lines, emoji = _clean_lines(text)
    if not lines:
        raise_all([*problems, DocumentError(name, _("empty file: there is no text to import"))])
    language = meta.get("language") or detect_language(text)

    skipped = []
    lines = _drop_junk(lines, skipped)
    head, rest = _read_head(lines, vocabulary, skipped)
    body = _read_body(rest)
    problems += _paragraph_problems(name, body, skipped)

    _fill_from_sidecar(head, meta, notes)
    title = head.title
    if not title and "title" not in meta.refused:
        problems.append(_no_headline(name, meta))

    section = _section(meta, head, vocabulary, notes, body, language)
    tags = _tags(meta, title, head, body, vocabulary, language)
    published, date_source, status = _publication(meta, head, body, name, notes, problems)
    if not title:
        # Without a headline there is no slug to make; what the sidecar and the head give is
        # still checked, so that the next run does not stop at a mistake this one could show.
        raise_all(problems + _length_problems(name, title, meta.get("slug", ""), head, meta))
    slug = _slug(meta, title, language, name, problems)
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
    )
    raise_all(problems + _length_problems(name, title, slug, head, meta) + _body_size_problems(name, document))
    return document


def _body_size_problems(name, document):
    """A body bigger than the sanitizer takes (see editorial.sanitize) is this document's problem."""
    try:
        check_html_size(document.body_html)
    except ValidationError as error:
        return [DocumentError(name, " ".join(error.messages))]
    return []


def _no_headline(name, meta):
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


def _paragraph_problems(name, body, skipped):
    paragraphs = [b for b in body if b.kind in ("p", "quote")]
    # The last line is read as a paragraph whatever its shape; alone, a short line without a
    # sentence's punctuation is one more heading, and headings alone are no article.
    only_headings = len(paragraphs) == 1 and paragraphs[0] is body[-1] and _is_heading(paragraphs[0].text)
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


# Sidecar keys for text the document itself may carry, with the _Head attribute each fills.
_SIDECAR_TEXT = {"title": "title", "standfirst": "standfirst", "source": "source", "dateline": "dateline"}


def _fill_from_sidecar(head, meta, notes):
    """Sidecar text fills what the document lacks; the document's own words always win.

    A sidecar value that contradicts the text is noted and ignored: replacing the text's
    headline would lose words of the article.
    """
    for key, attribute in _SIDECAR_TEXT.items():
        if key not in meta:
            continue
        value = _clean_text(meta[key])[0]
        current = getattr(head, attribute)
        if not current:
            setattr(head, attribute, value)
            head.from_sidecar.add(attribute)
        elif value != current:
            notes.append(
                _("the sidecar's %(key)s %(value)r is ignored: the text gives %(current)r")
                % {"key": key, "value": value, "current": current}
            )


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


def _length_problems(name, title, slug, head, meta):
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


def _clean_text(text):
    emoji = 0
    # Every emoji code point is above U+20E3, and most lines have none: max() is a fast pre-check.
    if text and max(text) >= "\u20e3":
        text, emoji = _EMOJI.subn(" ", text)
    return _SPACES.sub(" ", text).strip(), emoji


def _clean_lines(text):
    """Numbered, whitespace-normalised, non-empty lines; hard-wrapped lines joined back."""
    lines = []
    emoji = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        cleaned, count = _clean_text(raw)
        emoji += count
        if not cleaned:
            if lines and lines[-1] is not None:
                lines.append(None)  # a blank line: a paragraph break
            continue
        previous = lines[-1] if lines else None
        if previous is not None and _is_wrapped(previous, cleaned, first=previous is lines[0]):
            previous.text = f"{previous.text} {cleaned}"
            previous.tail = cleaned
            continue
        lines.append(_Line(number, cleaned, cleaned))
    return [line for line in lines if line is not None], emoji


def _ends_sentence(text):
    """Whether `text` ends with a sentence's punctuation, closing quotes and brackets aside."""
    last = text.rstrip(_CLOSING_QUOTES + ")")[-1:]
    # Only quotes and brackets leave "", which `in` would find in any string.
    return bool(last) and last in _SENTENCE_END


def _is_wrapped(previous, line, first):
    """Hard-wrapped copy: a line of wrapping width stopping mid-sentence, then its continuation.

    English continues in lower case. Arabic has no case, so an Arabic line continued by Arabic
    text is joined, except under the first line, which is the headline.
    """
    tail = previous.tail
    if not WRAP_WIDTH[0] <= len(tail) <= WRAP_WIDTH[1] or _ends_sentence(tail):
        return False
    if line[:1].islower():
        return True
    return not first and bool(_ARABIC.match(tail[-1])) and bool(_ARABIC.match(line[0]))


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
            if not text:
                continue
            line = _Line(line.number, text)
        kept.append(line)
    return kept


def _headline_key(text):
    return _BREAKING.sub("", text).rstrip(".").casefold()


def _same_headline(a, b):
    return _headline_key(a) == _headline_key(b)


def _completes_truncated_title(head, text):
    if not head.title_truncated:
        return False
    stem = head.title.rstrip(".…").rstrip().casefold()
    candidate = _BREAKING.sub("", text).casefold()
    return len(candidate) > len(stem) and candidate.startswith(stem)


def _breadcrumb_parts(match):
    separator = match["separator"]
    # A headline may hold "|" or "/" ("Kuwait | Oman", "24/7"): those split only with spaces around.
    spaced = r"\s+" if separator in "|/" else r"\s*"
    return [p for p in re.split(rf"{spaced}{re.escape(separator)}{spaced}", match["rest"]) if p]


def _read_head(lines, vocabulary, skipped):
    head = _Head()
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        crumb = _BREADCRUMB.match(text)
        if crumb and not head.title:
            parts = _breadcrumb_parts(crumb)
            _set_title(head, parts[-1], line.number)
            head.title_truncated = head.title.endswith(_ELLIPSIS)
            head.section_hint = parts[0] if len(parts) > 1 else ""
        elif head.title and _completes_truncated_title(head, text):
            _set_title(head, text, line.number)
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
        head.lines.append(line)
        index += 1
    return head, lines[index:]


def _set_title(head, text, number):
    breaking = _BREAKING.match(text)
    if breaking:
        head.is_breaking = True
        text = text[breaking.end() :]
    head.title = text
    head.title_line = number
    head.title_truncated = False


def _read_byline(text, head, vocabulary):
    by = _BY.match(text)
    if by:
        rest = by["rest"].strip().rstrip(".")
        if vocabulary.is_agency(rest):
            # "By KUNA": the agency is the source credit, not an author.
            head.source = head.source or rest
            return True
        credits = []
        for part in _AUTHOR_SEPARATOR.split(rest):
            name, job_title = _split_name_and_job(part, vocabulary)
            if not _looks_like_name(name):
                return False
            credits.append(Credit(name, _author_slug(name), job_title, vocabulary.role_for(job_title)))
        credited = {c.slug for c in head.credits}
        head.credits.extend(c for c in credits if c.slug not in credited and not credited.add(c.slug))
        return True
    dashed = _NAME_DASH_CITY.match(text) or _ARABIC_NAME_DASH_CITY.match(text)
    if dashed:
        name = dashed["name"]
        head.credits.append(Credit(name, _author_slug(name), "", Byline.Role.REPORTER))
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
    limit = _max_length(Article, "title")
    return bool(bare) and len(text) <= limit and (bare[-1] not in ".;,:" or bare.endswith("..."))


def _read_body(lines):
    # Credits of captions that stand without a full stop: the same credit then marks a caption
    # even when a full stop follows it.
    known = {figure[1] for line in lines if (figure := _caption(line.text, ()))}
    body = []
    for position, line in enumerate(lines):
        text = line.text
        is_last = position == len(lines) - 1
        figure = _caption(text, known)
        if figure:
            body.append(Block("figure", figure[0], line.number, credit=figure[1], end=figure[2]))
        elif not is_last and _is_heading(text):
            body.append(Block("h2", text, line.number))
        elif _is_quotation(text):
            body.append(Block("quote", text, line.number))
        else:
            body.append(Block("p", text, line.number))
    return body


def _is_heading(text):
    if text[0] in _OPENING_QUOTES or len(text) > MAX_HEADING_CHARS:
        return False
    words = text.split()
    if len(words) > MAX_HEADING_WORDS:
        return False
    if text[-1] in "?؟":
        # "Why does it matter?": one short question on its own line.
        return len(words) <= MAX_SHORT_HEADING_WORDS and sum(text.count(q) for q in "?؟.!") == 1
    if text[-1] == ")":
        # "... the Gulf Cooperation Council (GCC)": the acronym of the words before it.
        acronym = _TRAILING_ACRONYM.search(text)
        before = text[: acronym.start()] if acronym else ""
        return (
            len(words) <= MAX_SHORT_HEADING_WORDS
            and bool(before.strip())
            and before.rstrip()[-1] not in _TERMINAL
            and _is_acronym_of(acronym["acronym"], before.split())
        )
    return text[-1] not in _TERMINAL


def _is_quotation(text):
    # Only a line that is one quotation from end to end: "“...,” he said." stays a paragraph.
    if len(text) < 3 or text[0] not in _OPENING_QUOTES or text[-1] not in _CLOSING_QUOTES:
        return False
    inner = text[1:-1]
    return not any(q in inner for q in '“”"«»')


def _spells(letters, words):
    """Whether `letters` are spelt by a prefix of each of `words` in turn (small words skippable)."""
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if word in _ACRONYM_SKIPS and _spells(letters, rest):
        return True
    return any(
        letters[:size] == word[:size] and _spells(letters[size:], rest)
        for size in range(1, min(len(word), len(letters)) + 1)
    )


def _is_acronym_of(credit, words):
    letters = credit.replace(".", "").replace("-", "")
    if not (2 <= len(letters) <= 10 and letters.isalpha() and letters.isupper()):
        return False
    letters = letters.casefold()
    words = [w.strip(",;:'’\"“”()").casefold() for w in words[-2 * len(letters) :]]
    words = [w for w in words if w]
    return any(words[start][:1] == letters[:1] and _spells(letters, words[start:]) for start in range(len(words)))


def _caption(text, known_credits):
    match = _CAPTION.match(text) if text.endswith((")", ").")) else None
    if not match:
        return None
    caption, credit = match["caption"], match["credit"].strip()
    words = caption.split()
    if len(caption) > MAX_CAPTION_CHARS or len(words) < 6 or caption[-1] in _TERMINAL:
        return None
    if not credit[:1].isalpha() or len(credit.split()) > 5 or _is_acronym_of(credit, words):
        return None
    if match["stop"] and credit not in known_credits:
        return None
    return caption, credit, match["stop"]


def _section(meta, head, vocabulary, notes, body, language):
    if meta.get("section"):  # known to be in the vocabulary: _checked_sidecar left it in
        return vocabulary.section(meta["section"]).slug
    if head.section_hint:
        entry = vocabulary.section(head.section_hint)
        if entry:
            return entry.slug
        notes.append(_("breadcrumb section %(section)r is not in the vocabulary") % {"section": head.section_hint})
    text = " ".join([head.title, head.standfirst] + [b.text for b in body])
    return vocabulary.suggest_section(text, language)


def _tags(meta, title, head, body, vocabulary, language):
    head_text = f"{title}\n{head.standfirst}"
    body_text = "\n".join(b.text for b in body)
    slugs = vocabulary.suggest_tags(head_text, body_text, language)
    for key in meta.get("tags") or []:
        entry = vocabulary.tag(key)
        if entry.slug not in slugs:
            slugs.append(entry.slug)
    order = {tag.slug: index for index, tag in enumerate(vocabulary.tags)}
    return sorted(slugs, key=order.__getitem__)


def site_time(value):
    """A naive datetime as the time it is in the site's zone (TIME_ZONE): how the newsroom writes times."""
    return timezone.make_aware(value, timezone.get_default_timezone())


def parse_date(value):
    """An ISO date or date-time, as an aware datetime; ValueError otherwise.

    An explicit offset is kept; a time without one, or a date alone, is in the site's zone.
    """
    if "T" in value or " " in value.strip():
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else site_time(parsed)
    return site_time(datetime.combine(date.fromisoformat(value), DEFAULT_PUBLISH_TIME))


def find_date(text):
    """The first calendar date written in `text` ("November 26, 2025", "26 نوفمبر 2025")."""
    text = text.translate(_DIGITS)
    candidates = [match for regex in (_DATE_MDY, _DATE_DMY) for match in regex.finditer(text)]
    for match in sorted(candidates, key=lambda m: m.start()):
        try:
            day = date(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
        except ValueError:
            continue
        return site_time(datetime.combine(day, DEFAULT_PUBLISH_TIME))
    return None


def _date_in_head(head, body):
    """The date in the lines before the first paragraph or in it, with its line number."""
    places = [(line.number, line.text) for line in head.lines]
    for block in body:
        places.append((block.line, block.text))
        if block.kind in ("p", "quote"):
            break
    for number, text in places:
        found = find_date(text)
        if found:
            return found, number
    return None, None


def _publication(meta, head, body, name, notes, problems):
    """(date, where it came from: "sidecar" or "text, line N" or "", status)."""
    if meta.get("date"):
        published = parse_date(meta["date"])
        source = "sidecar"
    else:
        published, line = _date_in_head(head, body)
        source = f"text, line {line}" if published else ""
    status = meta.get("status") or (Article.Status.PUBLISHED if published else Article.Status.DRAFT)
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
                "no date in the head or first paragraph, nor in a sidecar: imported as a draft, "
                "created at the time of the import"
            )
        )
    return published, source, Article.Status(status)


def _slug(meta, title, language, name, problems):
    if meta.get("slug"):
        return meta["slug"]
    slug = slugify(title) if language == "en" else ""
    slug = slug or slugify(title, allow_unicode=True)
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS].rsplit("-", 1)[0]
    if not slug and "slug" not in meta.refused:
        problems.append(DocumentError(name, _('no slug can be made from the headline; add "slug" to the sidecar')))
    return slug

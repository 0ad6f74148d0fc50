"""The head of a document, read before its body: breadcrumb, headline and its repetition, byline,
outlet credit, standfirst; and the publication date, looked for only in the head and the first
paragraph (a date further down is history: "Kuwait was liberated on February 26, 1991").
"""

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from articles.models import Article, Byline

from .dates import find_date
from .lines import Skipped
from .text import ARABIC, CLOSING_QUOTES, TERMINAL

MIN_STANDFIRST_WORDS = 6
MAX_STANDFIRST_CHARS = 400

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


@dataclass(frozen=True)
class Credit:
    name: str
    slug: str
    job_title: str = ""
    role: str = Byline.Role.WRITER


@dataclass
class Head:
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


def read_head(lines, vocabulary, skipped):
    head = Head()
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
    return 1 <= len(words) <= 6 and all(w[:1].isupper() or ARABIC.match(w) or w in particles for w in words)


def _author_slug(name):
    return slugify(name) or slugify(name, allow_unicode=True)


def _is_display_line(text, max_chars):
    """A line that stops without sentence punctuation: a headline, standfirst or heading."""
    return len(text) <= max_chars and text[-1] not in TERMINAL + ")"


def _is_standfirst(text):
    # A summary is a sentence; a line of a few words under the headline is the first section heading.
    return len(text.split()) >= MIN_STANDFIRST_WORDS and _is_display_line(text, max_chars=MAX_STANDFIRST_CHARS)


def _is_headline(text):
    bare = text.rstrip(CLOSING_QUOTES + ")")
    limit = Article._meta.get_field("title").max_length
    return bool(bare) and len(text) <= limit and (bare[-1] not in ".;,:" or bare.endswith("..."))


def date_in_head(head, body):
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

"""The headline, chosen among the lines of a document's head rather than taken by position.

A page repeats its headline (HTML title and heading), often with the site's name after a dash
or a bar, or glued to a breadcrumb, or cut short: the line that has such copies is the headline,
in its plain form. Otherwise the first line shaped like a headline is. Widgets, counters, dates,
navigation and bylines are never candidates. Every copy of the chosen headline is dropped.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .clutter import clutter_reason, is_sentence, stopword_count, words
from .credits import read_byline
from .text import CLOSING_QUOTES

# Lines read for a headline: those before the first sentence, at most this many.
HEAD_WINDOW = 15
BREAKING = re.compile(r"^(?:عاجل(?:\s*(?:[:|\-–—]|\.{2,}|…)\s*|\s+)|(?i:breaking(?: news)?)\s*[:|\-–—]\s+)(?=\S)")
_BREADCRUMB = re.compile(r"^(?:home|الرئيسية|الرئيسة)\s*(?P<separator>[»›>|/])\s*(?P<rest>.+)$", re.IGNORECASE)
_SUFFIX = re.compile(r"^(?P<rest>.+?)\s+(?:\||-|–|—)\s+(?P<suffix>[^|\-–—]{2,60})$")
_ELLIPSIS = ("...", "…")
MIN_CUT_SHORT = 15


@dataclass
class Choice:
    index: int | None = None
    title: str = ""
    line: int = 0
    how: str = ""
    truncated: bool = False
    section_hint: str = ""
    passed: list = field(default_factory=list)  # (line number, text, why)
    copies: dict = field(default_factory=dict)  # index in lines: why it is a copy
    site_words: frozenset = frozenset()


def headline_key(text):
    return BREAKING.sub("", text).rstrip(".").strip().casefold()


def breadcrumb_parts(text):
    match = _BREADCRUMB.match(text)
    if not match:
        return None
    separator = match["separator"]
    # A headline may hold "|" or "/" ("Kuwait | Oman", "24/7"): those split only with spaces around.
    spaced = r"\s+" if separator in "|/" else r"\s*"
    return [p for p in re.split(rf"{spaced}{re.escape(separator)}{spaced}", match["rest"]) if p]


def copy_of(text, title):
    """Why `text` is a copy of the headline `title` (exact, with a suffix, glued, cut short), or ""."""
    key, title_key = headline_key(text), headline_key(title)
    if not title_key:
        return ""
    if key == title_key:
        return "repeated headline"
    suffix = _SUFFIX.match(text)
    if suffix and headline_key(suffix["rest"]) == title_key:
        return "headline with the site's name"
    parts = breadcrumb_parts(text)
    if parts:
        return "breadcrumb ending with the headline" if copy_of(parts[-1], title) else ""
    if len(key) > len(title_key) and key.endswith(title_key) and not is_sentence(text):
        return "breadcrumb glued to the headline"
    stem = key.rstrip(".…").rstrip()
    if text.endswith(_ELLIPSIS) and len(stem) >= MIN_CUT_SHORT and title_key.startswith(stem) and stem != title_key:
        return "headline cut short"
    return ""


@lru_cache(maxsize=4096)
def not_a_headline(text, language, vocabulary, min_words=3):
    """Why a line cannot be the headline, or ""."""
    text = BREAKING.sub("", text)
    clutter = clutter_reason(text, language)
    if clutter:
        return clutter
    if read_byline(text, vocabulary):
        return "byline or credit"
    bare = text.rstrip(CLOSING_QUOTES + ")")
    if len(words(text)) < min_words:
        return "too short for a headline"
    if bare[-1:] in ".;,:" and not bare.endswith(_ELLIPSIS):
        return "ends like a sentence"
    return ""


def _window(lines):
    end = next((i for i, line in enumerate(lines) if is_sentence(line.text) and i > 0), len(lines))
    return range(min(end + 1, HEAD_WINDOW, len(lines)))


def _candidate_text(line):
    parts = breadcrumb_parts(line.text)
    return parts[-1] if parts else line.text


def choose_headline(lines, language, vocabulary):
    """The Choice of headline among `lines` (Line objects); Choice.index is None without one."""
    window = _window(lines)
    candidates = []
    # One word above a headline is a section name or a menu ("Courts", "طباعة"): a headline that
    # short is taken only when no longer line can be one.
    for min_words in (2, 1):
        candidates = [
            (index, _candidate_text(lines[index]))
            for index in window
            if not not_a_headline(_candidate_text(lines[index]), language, vocabulary, min_words)
        ]
        if candidates:
            break
    # A candidate that is a copy of another (with a suffix, glued, cut short) gives way to it.
    plain = [
        (i, t)
        for i, t in candidates
        if not any(j != i and copy_of(t, other) and copy_of(t, other) != "repeated headline" for j, other in candidates)
    ]
    repeated = [(i, t) for i, t in plain if any(j != i and copy_of(lines[j].text, t) for j in window)]
    choice = Choice()
    if repeated:
        choice.index, choice.title = repeated[0]
        choice.how = "the line the page repeats (title and heading)"
    elif plain:
        choice.index, choice.title = _past_a_label(plain, lines, language, vocabulary)
        choice.how = "the first line shaped like a headline"
        choice.title = _without_section_suffix(choice.title, language)
    if choice.index is None:
        return choice
    _describe(choice, lines, language, vocabulary)
    return choice


def _past_a_label(plain, lines, language, vocabulary):
    """A short label above the headline ("Opinion", "مقالات الرأي") gives way to the line under it
    when that one sits on the head: a byline or a date line follows it."""
    (index, text), rest = plain[0], plain[1:]
    if not rest or rest[0][0] != index + 1 or len(words(text)) > 3 or len(words(text)) >= len(words(rest[0][1])):
        return index, text
    after = lines[index + 2].text if index + 2 < len(lines) else ""
    if after and (read_byline(after, vocabulary) or clutter_reason(after, language) == "date line"):
        return rest[0]
    return index, text


def _without_section_suffix(title, language):
    """ "Oil rises | Business": a page title's short tail after a bar (a site or section name) goes."""
    suffix = _SUFFIX.match(title)
    if not suffix or " | " not in title:
        return title
    tail, rest = suffix["suffix"], suffix["rest"]
    if len(words(tail)) <= 3 and not stopword_count(tail, language) and len(words(rest)) >= 4:
        return rest
    return title


def _describe(choice, lines, language, vocabulary):
    line = lines[choice.index]
    parts = breadcrumb_parts(line.text)
    if parts:
        choice.how = "the end of the breadcrumb"
        choice.section_hint = parts[0] if len(parts) > 1 else ""
    choice.line = line.number
    choice.truncated = choice.title.endswith(_ELLIPSIS)
    site = set()
    for index, other in enumerate(lines):
        if index == choice.index:
            continue
        why = copy_of(other.text, choice.title)
        if why:
            choice.copies[index] = why
            crumbs = breadcrumb_parts(other.text)
            if crumbs and len(crumbs) > 1:
                choice.section_hint = choice.section_hint or crumbs[0]
            suffix = _SUFFIX.match(other.text)
            if why == "headline with the site's name" and suffix:
                site.update({suffix["suffix"].casefold(), *(w.casefold() for w in words(suffix["suffix"]))})
        elif choice.truncated and index > choice.index and copy_of(choice.title, other.text) == "headline cut short":
            # "Home » world » Talks resume as ..." gives way to the full headline further down.
            choice.copies[choice.index] = "headline cut short"
            choice.index, choice.title, choice.line, choice.truncated = index, other.text, other.number, False
    choice.site_words = frozenset(site)
    for index in range(choice.index):
        if index in choice.copies:
            reason = choice.copies[index]
        else:
            reason = not_a_headline(_candidate_text(lines[index]), language, vocabulary) or "not repeated by the page"
        choice.passed.append((lines[index].number, lines[index].text, reason))

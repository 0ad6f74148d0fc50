"""The head of a document, read before its body: the headline (chosen in headline.py), what sits
above it (page clutter), and under it the byline, credits, date lines and standfirst.
"""

from dataclasses import dataclass, field

from .body import is_labelled_caption
from .clutter import clutter_reason, is_sentence, stopword_count, words
from .credits import Credit, bare_name, read_byline
from .dates import find_date
from .headline import BREAKING, choose_headline
from .lines import Skipped
from .text import TERMINAL

MIN_STANDFIRST_WORDS = 6
MAX_STANDFIRST_CHARS = 400

__all__ = ["Credit", "Head", "read_head"]


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
    above: list = field(default_factory=list)  # lines above the headline (the page's)
    from_sidecar: set = field(default_factory=set)
    headline_how: str = ""
    passed_over: list = field(default_factory=list)
    byline: tuple = ()  # (line number, text, shape) of the byline read
    source_line: tuple = ()
    site_words: frozenset = frozenset()


def _set_title(head, text, number):
    breaking = BREAKING.match(text)
    if breaking:
        head.is_breaking = True
        text = text[breaking.end() :]
    head.title = text
    head.title_line = number


def _credit(head, found, line):
    if found.credits and not head.credits:
        head.credits.extend(found.credits)
        head.byline = (line.number, line.text, found.shape)
    elif found.credits:
        return False
    if found.source and not head.source:
        head.source = found.source
        head.source_line = (line.number, line.text)
    if found.dateline and not head.dateline:
        head.dateline = found.dateline
    return True


def read_head(lines, language, vocabulary, skipped):
    """(Head, the lines after it); what the head drops is added to `skipped`."""
    head = Head()
    choice = choose_headline(lines, language, vocabulary)
    start = 0
    if choice.index is not None:
        _set_title(head, choice.title, choice.line)
        head.title_truncated = choice.truncated
        head.section_hint = choice.section_hint
        head.headline_how = choice.how
        head.passed_over = choice.passed
        head.site_words = choice.site_words
        start = choice.index + 1
        for index in range(choice.index):
            _above(head, lines[index], choice, index, language, vocabulary, skipped)
    copies = choice.copies
    index = start
    captions = []  # "Photo: ..." between the headline and the byline: the body's first caption
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1].text if index + 1 < len(lines) else None
        if index not in copies and is_labelled_caption(line.text):
            captions.append(line)
        elif not _head_line(head, line, copies.get(index), language, vocabulary, skipped, following):
            break
        else:
            head.lines.append(line)
        index += 1
    rest = captions + [line for position, line in enumerate(lines[index:], start=index) if position not in copies]
    skipped += [Skipped(lines[i].number, lines[i].text, why) for i, why in copies.items() if i >= index]
    return head, rest


def _above(head, line, choice, index, language, vocabulary, skipped):
    """A line above the headline: the page's; a byline or credit there is still read."""
    head.above.append(line)
    found = read_byline(line.text, vocabulary, choice.site_words)
    if found and _credit(head, found, line):
        return  # read, not dropped: the import report names its line
    reason = choice.copies.get(index) or clutter_reason(line.text, language) or "above the headline"
    skipped.append(Skipped(line.number, line.text, reason))


def _head_line(head, line, copy, language, vocabulary, skipped, following):
    """Reads one line under the headline (`following` is the next one's text); False when the
    body starts at it."""
    text = line.text
    has_next = following is not None
    if copy:
        skipped.append(Skipped(line.number, text, copy))
        return True
    clutter = clutter_reason(text, language)
    if clutter:
        skipped.append(Skipped(line.number, text, clutter))
        return True
    found = read_byline(text, vocabulary, head.site_words)
    if found and _credit(head, found, line):
        return True
    if not head.source and vocabulary.is_outlet(text, guess=bool(head.title)):
        head.source = text
        head.source_line = (line.number, text)
        return True
    if not head.credits and not head.standfirst and head.title:
        found = bare_name(text, vocabulary)
        if found and has_next:
            _credit(head, found, line)
            return True
    if head.title and has_next and _is_label(text, language) and _is_head_line(following, language, vocabulary):
        # "Courts", "Technology" between the headline and its byline: the page's section label.
        skipped.append(Skipped(line.number, text, "section label"))
        return True
    if head.title and not head.standfirst and _is_standfirst(text) and has_next:
        head.standfirst = text
        return True
    return False


def _is_label(text, language):
    return len(words(text)) <= 2 and not is_sentence(text) and not stopword_count(text, language)


def _is_head_line(text, language, vocabulary):
    return bool(read_byline(text, vocabulary) or clutter_reason(text, language))


def _is_display_line(text, max_chars):
    """A line that stops without sentence punctuation: a headline, standfirst or heading."""
    return len(text) <= max_chars and text[-1] not in TERMINAL + ")"


def _is_standfirst(text):
    # A summary is a sentence; a line of a few words under the headline is the first section heading.
    return len(text.split()) >= MIN_STANDFIRST_WORDS and _is_display_line(text, max_chars=MAX_STANDFIRST_CHARS)


def date_candidates(head, body):
    """(line number, text, date, where) of every date in the head, above it, and in the first paragraph."""
    places = [(line.number, line.text, "above the headline") for line in head.above]
    places += [(line.number, line.text, "head") for line in head.lines]
    for block in body:
        places.append((block.line, block.text, "first paragraph" if block.kind in ("p", "quote") else "head"))
        if block.kind in ("p", "quote"):
            break
    found = []
    for number, text, where in places:
        when = find_date(text)
        if when:
            found.append((number, text, when, where))
    return found

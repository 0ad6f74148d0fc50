"""Text to numbered lines: whitespace normalised, emoji dropped, hard-wrapped lines joined back,
site junk taken out.

Every non-empty line is one block, which is how both layouts in the wild come out right:
paragraphs separated by blank lines and paragraphs separated by single newlines. A hard-wrapped
line, recognisable by a continuation after a line of wrapping width that stops mid-sentence, is
joined back to its paragraph. Junk sentences at the end of a paragraph are dropped, the rest of
the paragraph is kept.
"""

from dataclasses import dataclass

from .dates import has_date, has_time
from .junk import JUNK_PATTERNS, junk_pattern_for, split_trailing_junk
from .text import ARABIC, CLOSING_QUOTES, SENTENCE_END, clean_text

# Hard-wrapped copy is wrapped at a fixed width: a line of this length stopping mid-sentence.
WRAP_WIDTH = (60, 100)


@dataclass(frozen=True)
class Skipped:
    line: int
    text: str
    reason: str


@dataclass
class Line:
    number: int
    text: str
    tail: str = ""  # the last physical line joined into it, for the wrap-width test


def clean_lines(text):
    """Numbered, whitespace-normalised, non-empty lines; hard-wrapped lines joined back."""
    lines = []
    emoji = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        cleaned, count = clean_text(raw)
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
        lines.append(Line(number, cleaned, cleaned))
    return [line for line in lines if line is not None], emoji


def _ends_sentence(text):
    """Whether `text` ends with a sentence's punctuation, closing quotes and brackets aside."""
    last = text.rstrip(CLOSING_QUOTES + ")")[-1:]
    # Only quotes and brackets leave "", which `in` would find in any string.
    return bool(last) and last in SENTENCE_END


def _is_wrapped(previous, line, first):
    """Hard-wrapped copy: a line of wrapping width stopping mid-sentence, then its continuation.

    English continues in lower case. Arabic has no case: an Arabic line continued by Arabic text
    no longer than the wrapping width, itself of that width or ending the sentence, is joined,
    except under the first line, which is the headline. A date, a clock or a bar ("نشر في: ... |
    آخر تحديث: ...") is the page's line, never wrapped copy.
    """
    tail = previous.tail
    if not WRAP_WIDTH[0] <= len(tail) <= WRAP_WIDTH[1] or _ends_sentence(tail):
        return False
    if _is_page_line(tail) or _is_page_line(line) or previous.text.startswith(line[:20]):
        # A page's line, or the headline written again under the page title: not a continuation.
        return False
    if line[:1].islower():
        return True
    if first or not (ARABIC.match(tail[-1]) and ARABIC.match(line[0])) or len(line) > WRAP_WIDTH[1]:
        return False
    return len(line) >= WRAP_WIDTH[0] or _ends_sentence(line)


def _is_page_line(text):
    return " | " in text or has_date(text) or has_time(text)


def drop_junk(lines, skipped):
    """The lines without their site junk; what was dropped is added to `skipped`."""
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
            line = Line(line.number, text)
        kept.append(line)
    return kept

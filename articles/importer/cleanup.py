"""The body's lines sorted into article text and page clutter, using each line's neighbours.

A short line without a sentence is a heading only where a heading sits: before a paragraph,
after a paragraph or at the start of the body (or, being a phrase of its language, at least
before a paragraph). Elsewhere (a run of short lines, the lines after the article's last
paragraph: related articles, "most read", tags) it is the page's. Sentences are never dropped.
"""

from .body import is_heading
from .clutter import GALLERY, clutter_reason, is_phrase, is_sentence
from .credits import is_trailer, read_byline, split_trailer
from .lines import Line, Skipped
from .report import WIRE_TRAILER

AFTER_LAST_PARAGRAPH = "after the article's last paragraph"
NOT_BEFORE_A_PARAGRAPH = "not followed by a paragraph"
SHORT_LINES = (AFTER_LAST_PARAGRAPH, NOT_BEFORE_A_PARAGRAPH)


def drop_clutter(lines, language, vocabulary, skipped, head):
    """The body's lines without the page's; wire trailers and a closing source line are read."""
    kept = []
    previous = ""
    for line in lines:
        text = line.text
        reason = WIRE_TRAILER if is_trailer(text) else clutter_reason(text, language)
        if not reason and previous == GALLERY and not is_sentence(text):
            reason = "caption of the photo gallery"
        previous = reason
        if not reason:
            kept.append(line)
            continue
        skipped.append(Skipped(line.number, text, reason))
        if reason == "date line" and not any(is_sentence(k.text) for k in kept):
            head.lines.append(line)  # still the head's: where the article's date may be
    kept = _closing_credits(kept, vocabulary, skipped, head)
    return _isolated_short_lines(kept, language, skipped)


def _closing_credits(lines, vocabulary, skipped, head):
    """ "المصدر: الأناضول" or "Source: AP" after the last paragraph names the source."""
    while lines and not is_sentence(lines[-1].text):
        found = read_byline(lines[-1].text, vocabulary)
        if not found or found.credits or not found.source:
            break
        head.source = head.source or found.source
        head.source_line = head.source_line or (lines[-1].number, lines[-1].text)
        lines = lines[:-1]
    if lines:
        text, trailer = split_trailer(lines[-1].text)
        if trailer:
            skipped.append(Skipped(lines[-1].number, trailer, WIRE_TRAILER))
            lines = [*lines[:-1], Line(lines[-1].number, text)]
    return lines


def _short(line):
    # A label ending in a colon ("Share or comment on this article:") is short too: what it
    # introduced is gone.
    text = line.text
    label = text.endswith(":") and len(text.split()) <= 8
    return (is_heading(text) or label) and not is_sentence(text)


def _isolated_short_lines(lines, language, skipped):
    kept = []
    last_text = max((i for i, line in enumerate(lines) if not _short(line)), default=-1)
    for index, line in enumerate(lines):
        if not _short(line):
            kept.append(line)
            continue
        before = lines[index - 1] if index else None
        after = lines[index + 1] if index + 1 < len(lines) else None
        if index > last_text:
            skipped.append(Skipped(line.number, line.text, AFTER_LAST_PARAGRAPH))
        elif after is None or _short(after):
            skipped.append(Skipped(line.number, line.text, NOT_BEFORE_A_PARAGRAPH))
        elif before is not None and _short(before) and not is_phrase(line.text, language):
            skipped.append(Skipped(line.number, line.text, "navigation or widget (no phrase, no paragraph before)"))
        else:
            kept.append(line)
    return kept

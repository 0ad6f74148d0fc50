"""The body of a document: each line after the head is a photo caption, a section heading, a
quotation or a paragraph, in that order of precedence.

A line ending with a parenthesised credit is a photo caption ("... Jens Stoltenberg (European)"),
kept at its place as a <figure><figcaption>. With a full stop after the credit it is a caption
only when a caption of the same document without a full stop has that credit. An acronym in
parentheses that spells the words before it ("Kuwait News Agency (KUNA)") is never a credit.
"""

import html
import re
from dataclasses import dataclass

from .text import CLOSING_QUOTES, OPENING_QUOTES, TERMINAL

MAX_HEADING_WORDS = 14
# A heading ending like a sentence ("Why does it matter?", "... Council (GCC)") must be shorter.
MAX_SHORT_HEADING_WORDS = 8
MAX_HEADING_CHARS = 120
MAX_CAPTION_CHARS = 500  # a longer line ending in parentheses is a paragraph
_CAPTION = re.compile(r"^(?P<caption>.+?)\s*\((?P<credit>[^()]{1,60})\)(?P<stop>\.?)$")
# A caption that says it is one: "Photo: ... (Photo: Supplied)", "Image: ...", "صورة: ...", "الصورة: ...".
_LABELLED_CAPTION = re.compile(
    r"^(?:photo|photos|image|picture|pic|file photo|صورة|الصورة|الصور)\s*[:：]\s*\S", re.IGNORECASE
)
_LABELLED_CREDIT = re.compile(r"^(?P<caption>.+?)\s*\((?P<credit>[^()]{1,60})\)(?P<stop>\.?)$")
_TRAILING_ACRONYM = re.compile(r"\((?P<acronym>[^()]{1,12})\)$")
# Words an acronym may skip: "Organisation of the Islamic Cooperation (OIC)".
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "on", "in", "de", "al", "&"})


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
            credit = f" ({html.escape(self.credit, quote=False)})" if self.credit else ""
            return f"<figure><figcaption>{text}{credit}{self.end}</figcaption></figure>"
        return f"<p>{text}</p>"


def read_body(lines):
    # Credits of captions that stand without a full stop: the same credit then marks a caption
    # even when a full stop follows it.
    known = {figure[1] for line in lines if (figure := _caption(line.text, ()))}
    body = []
    for position, line in enumerate(lines):
        text = line.text
        is_last = position == len(lines) - 1
        figure = _caption(text, known) or _labelled_caption(text)
        if figure:
            body.append(Block("figure", figure[0], line.number, credit=figure[1], end=figure[2]))
        elif not is_last and is_heading(text):
            body.append(Block("h2", text, line.number))
        elif _is_quotation(text):
            body.append(Block("quote", text, line.number))
        else:
            body.append(Block("p", text, line.number))
    return body


def is_heading(text):
    if text[0] in OPENING_QUOTES or len(text) > MAX_HEADING_CHARS:
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
            and before.rstrip()[-1] not in TERMINAL
            and _is_acronym_of(acronym["acronym"], before.split())
        )
    return text[-1] not in TERMINAL


def _is_quotation(text):
    # Only a line that is one quotation from end to end: "“...,” he said." stays a paragraph.
    if len(text) < 3 or text[0] not in OPENING_QUOTES or text[-1] not in CLOSING_QUOTES:
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
    if len(caption) > MAX_CAPTION_CHARS or len(words) < 6 or caption[-1] in TERMINAL:
        return None
    if not credit[:1].isalpha() or len(credit.split()) > 5 or _is_acronym_of(credit, words):
        return None
    if match["stop"] and credit not in known_credits:
        return None
    return caption, credit, match["stop"]


def is_labelled_caption(text):
    return len(text) <= MAX_CAPTION_CHARS and bool(_LABELLED_CAPTION.match(text))


def _labelled_caption(text):
    """(caption, credit, stop) of a line labelled as a photo's caption; None for other lines."""
    if not is_labelled_caption(text):
        return None
    match = _LABELLED_CREDIT.match(text)
    if match and len(match["credit"].split()) <= 6:
        return match["caption"], match["credit"].strip(), match["stop"]
    return text, "", ""

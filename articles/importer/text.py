"""Character classes every stage of the parser shares, and the cleaning of one line of text.

Emoji (flags and pictographs such as 🔴🔥⚡) are dropped everywhere, title and body alike: they
decorate scraped text, carry no words, and would otherwise differ between the headline and its
repetition. The callers count how many were dropped.
"""

import re

_FLAG = "[\U0001f1e6-\U0001f1ff]{2}|\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
# Pictographs only: ©, ®, ™, quotation dingbats and circled digits are text and stay.
_PICTOGRAPH = (
    "[\U0001f300-\U0001faff\U0001f004\U0001f0cf\U0001f18e\U0001f191-\U0001f19a\U0001f201-\U0001f251"
    "\u2600-\u26ff\u2700-\u275a\u2761-\u2767\u2794-\u27bf"
    "\u231a\u231b\u23e9-\u23fa\u2b1b\u2b1c\u2b50\u2b55]"
)
_EMOJI = re.compile(rf"(?:{_FLAG}|{_PICTOGRAPH})[\ufe0f\u200d\U0001f3fb-\U0001f3ff]*|\ufe0f\u20e3?|\u20e3")
_SPACES = re.compile(r"\s+")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
TERMINAL = ".!?؟…:;,\"”’'»"
SENTENCE_END = ".!?؟:…"
OPENING_QUOTES = '“"«‘'
CLOSING_QUOTES = '”"»’'


def clean_text(text):
    """(`text` without emoji and with its whitespace normalised, the number of emoji dropped)."""
    emoji = 0
    # Every emoji code point is above U+20E3, and most lines have none: max() is a fast pre-check.
    if text and max(text) >= "\u20e3":
        text, emoji = _EMOJI.subn(" ", text)
    return _SPACES.sub(" ", text).strip(), emoji


def detect_language(text):
    arabic = len(ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    return "ar" if arabic > latin else "en"

"""Website furniture that scraped articles carry and that is never article text.

This is the one list of junk patterns: add a `JunkPattern` here when a new kind of site
furniture turns up. A pattern is matched against a whole line (case-insensitive, after
whitespace is normalised). Patterns marked `trailing` also match the last sentences of a
line, because prompts such as "Share your thoughts in the comments below!" are often glued
to the article's closing paragraph: only the matching sentences are dropped then, never the
article text before them.
"""

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class JunkPattern:
    name: str
    pattern: str
    trailing: bool = False
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))

    def matches(self, text):
        return self.regex.fullmatch(text.strip()) is not None


JUNK_PATTERNS = (
    JunkPattern(
        "related links",
        r"(?:you may also like|you might also like|related (?:articles|posts|stories|news)"
        r"|read (?:also|more)|recommended(?: for you)?|more from this section|اقرأ أيضا|اقرأ أيضاً"
        r"|مواضيع ذات صلة|أخبار ذات صلة)\s*:?",
    ),
    JunkPattern(
        "comment form",
        r"(?:leave a (?:comment|reply)|post a comment|add a comment|\d+ comments?|no comments(?: yet)?"
        r"|comments? (?:are )?closed\.?|اترك تعليقا|اترك تعليقاً|أضف تعليقا|أضف تعليقاً)\s*:?",
    ),
    JunkPattern("comment-spam notice", r"this site uses akismet to reduce spam\..*"),
    JunkPattern(
        "ad-block notice",
        r"(?:ad ?block(?:er)? detected!?|please (?:support us by )?disabl\w* your ad ?blocker.*"
        r"|we noticed you(?:'| a)re using an ad ?blocker.*)",
    ),
    JunkPattern(
        "share prompt",
        r"(?:share (?:this(?: article| story| post)?|your thoughts|your views|your opinion)\b.*"
        r"|(?:share|follow us) on (?:facebook|twitter|x|whatsapp|telegram|linkedin|instagram)\b.*"
        r"|let us know (?:what you think )?in the comments.*|شارك(?:نا)? (?:رأيك|المقال).*|تابعونا على.*)",
        trailing=True,
    ),
    JunkPattern(
        "newsletter prompt",
        r"(?:subscribe to (?:our|the) newsletter.*|sign up (?:for|to) our newsletter.*|اشترك في النشرة.*)",
        trailing=True,
    ),
    JunkPattern("cookie notice", r"(?:this (?:web)?site uses cookies.*|accept (?:all )?cookies)"),
    JunkPattern("navigation", r"(?:advertisement|sponsored|skip to (?:main )?content|back to top|إعلان)\s*"),
)

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")


def junk_pattern_for(line, patterns=JUNK_PATTERNS):
    """The pattern a whole line matches, or None."""
    for pattern in patterns:
        if pattern.matches(line):
            return pattern
    return None


def split_trailing_junk(line, patterns=JUNK_PATTERNS):
    """Splits `line` into (article text, junk sentences at its end, pattern names).

    Only whole sentences at the end of the line are ever taken, so the returned text is the
    line's own beginning, unchanged.
    """
    trailing = [p for p in patterns if p.trailing]
    sentences = _SENTENCE_END.split(line)
    cut = len(sentences)
    names = []
    while cut > 1:
        match = next((p for p in trailing if p.matches(sentences[cut - 1])), None)
        if match is None:
            break
        names.append(match.name)
        cut -= 1
    if cut == len(sentences):
        return line, "", ()
    kept = " ".join(sentences[:cut])
    return kept, line[len(kept) :].strip(), tuple(reversed(names))

"""Website furniture that scraped articles carry and that is never article text.

This is the one list of junk patterns: add a `JunkPattern` here when a new kind of site
furniture turns up. A pattern must match the WHOLE prompt (case-insensitive, after whitespace
is normalised), never a sentence that merely starts like one: "Share your thoughts in the
comments below!" is junk, "Share your views with the committee by Friday, the ministry said."
is news. So no pattern ends in an open-ended `.*`; spell out the prompt's possible endings.

Patterns marked `trailing` also match whole sentences at the end of a line, because prompts
such as "Share your thoughts in the comments below!" are often glued to the article's closing
paragraph: only the matching sentences are dropped then, never the article text before them.
A pattern marked `takes_question` (a call to comment) also takes the question to the reader
right before it ("What are your predictions...? Share your thoughts in the comments below!"):
the question is part of the comment-box prompt, but only when it addresses the reader and sits
immediately before the prompt in the same paragraph.
"""

import re
from dataclasses import dataclass, field

# Sentence punctuation that may close a prompt: "Share this article!", "Leave a comment."
_END = r"\s*[.!]*"
_NETWORKS = r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|instagram|youtube|tiktok)"
_NETWORKS_AR = r"(?:فيسبوك|فيس بوك|تويتر|إكس|اكس|واتساب|واتس آب|تيليجرام|تلغرام|تليغرام|إنستغرام|انستغرام|يوتيوب)"
# Arabic pages name the networks in either script: "تابعونا على X"، "تابعونا على إنستغرام".
_ANY_NETWORK = rf"(?:{_NETWORKS_AR}|{_NETWORKS})"
_HANDLE = r"@[\w.]{1,30}"
_AD_PROMPT = (
    r"scroll to continue(?: reading)?|continue reading(?: below)?|scroll down to continue(?: reading)?"
    r"|story continues below|article continues below"
)


@dataclass(frozen=True)
class JunkPattern:
    name: str
    pattern: str
    trailing: bool = False
    takes_question: bool = False
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))

    def matches(self, text):
        return self.regex.fullmatch(text.strip()) is not None


JUNK_PATTERNS = (
    JunkPattern(
        # A feed's footer (WordPress): "The post <headline> appeared first on <site>."
        "feed footer",
        r"the post [^\n]{1,300} appeared first on [^.\n]{1,80}\.?",
        trailing=True,
    ),
    JunkPattern("publisher's standards", r"our standards: the thomson reuters trust principles\.?"),
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
    JunkPattern(
        "comment-spam notice",
        r"this site uses akismet to reduce spam\.(?: learn how your comment data is processed\.)?",
    ),
    JunkPattern(
        "ad-block notice",
        r"(?:ad ?block(?:er)? detected!?"
        r"|please (?:support us by )?disabl\w* your ad ?blocker(?: extension)?(?: (?:from|in|on) your browsers?)?"
        rf"(?: for (?:our|this) (?:web)?site)?{_END}"
        rf"|we(?: have)? noticed (?:that )?you(?:'|’| a)re using an ad ?blocker{_END})",
    ),
    JunkPattern(
        "comment prompt",
        rf"(?:share your (?:thoughts|views|opinions?|comments)(?: with us)?"
        rf"(?: (?:in|below in) the comments?(?: section)?(?: below)?| below)?{_END}"
        rf"|let us know (?:what you think )?(?:in the comments?(?: section)?(?: below)?|below){_END}"
        rf"|(?:شاركنا|شارك) (?:رأيك|برأيك|آراءك)(?: في التعليقات)?{_END})",
        trailing=True,
        takes_question=True,
    ),
    JunkPattern(
        "share prompt",
        rf"(?:share this(?: article| story| post| page)?{_END}"
        rf"|(?:share|follow us) on {_NETWORKS}(?:\s*(?:,|and|&|or|/)\s*{_NETWORKS})*{_END}"
        rf"|شارك (?:المقال|الخبر|هذا المقال|هذا الخبر){_END}"
        rf"|تابعونا (?:على|عبر) {_ANY_NETWORK}(?:\s*(?:،|,|/|و)\s*{_ANY_NETWORK})*{_END})",
        trailing=True,
    ),
    JunkPattern(
        # A handle to follow: "Follow @ArabNews", "Follow us @Site on Instagram", "تابع @الحساب".
        "follow prompt",
        rf"(?:follow(?: us| me)?(?: on {_NETWORKS})?:? {_HANDLE}(?: on {_NETWORKS})?{_END}"
        # A wire's own: "Follow AP's coverage of the Middle East at https://...".
        r"|follow [\w.]{1,20}(?:'|’)s? coverage of [^.\n]{1,80} at https?://\S+"
        rf"|(?:تابع|تابعونا|تابعوا)(?: على {_ANY_NETWORK})?:? {_HANDLE}(?: على {_ANY_NETWORK})?{_END})",
        trailing=True,
    ),
    JunkPattern(
        "newsletter prompt",
        rf"(?:(?:subscribe to|sign up (?:for|to)) (?:our|the)(?: free| daily| weekly| morning| evening)? newsletters?"
        rf"(?: here| now| today)?{_END}"
        rf"|(?:اشترك|اشتركوا|سجل) (?:في|ب) (?:النشرة|نشرتنا)(?: البريدية| الإخبارية| اليومية)*{_END})",
        trailing=True,
    ),
    JunkPattern(
        "cookie notice",
        r"(?:this (?:web)?site uses cookies(?: to (?:improve|enhance|ensure) (?:your|the)(?: user)? experience)?"
        rf"{_END}|accept (?:all )?cookies)",
    ),
    JunkPattern(
        "navigation",
        r"[-–—]?\s*(?:advertisement|sponsored|skip to (?:main )?content|back to top|scroll to top|now reading"
        r"|إعلان)\s*[-–—]?",
    ),
    JunkPattern(
        # An ad slot's label with its prompt: "Advertisement · Scroll to continue", "ADVERTISEMENT |
        # Continue reading below", "Story continues below advertisement", "تابع القراءة أسفل الإعلان".
        "advertisement",
        rf"[-–—]?\s*(?:advertisement|ad|إعلان)\s*[·•|:/\-–—]\s*(?:{_AD_PROMPT})\s*[-–—]?"
        rf"|(?:{_AD_PROMPT})\s*[:·•|]?\s*(?:advertisement|the advertisement|this advertisement|ad|إعلان)?{_END}"
        rf"|(?:story|article|text) continues? (?:below|after) (?:this |the )?(?:advertisement|ad){_END}"
        rf"|(?:تابع|تابعوا|أكمل|اكمل|أكمل|يتابع|يتبع) (?:القراءة|قراءة الخبر|الخبر|المقال)"
        rf" (?:أسفل|اسفل|بعد|تحت) (?:الإعلان|الاعلان){_END}",
    ),
)

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
# A question to the reader: "What are your predictions...?", "ما رأيك...؟"
_READER = re.compile(r"\b(?:you|your|yours)\b|(?:أنت|أنتم|رأيك|رأيكم|برأيك|برأيكم|توقعاتك|توقعاتكم)", re.IGNORECASE)


def junk_pattern_for(line, patterns=JUNK_PATTERNS):
    """The pattern a whole line matches, or None."""
    for pattern in patterns:
        if pattern.matches(line):
            return pattern
    return None


def _is_reader_question(sentence):
    return sentence.rstrip().endswith(("?", "؟")) and _READER.search(sentence) is not None


def split_trailing_junk(line, patterns=JUNK_PATTERNS):
    """Splits `line` into (article text, junk sentences at its end, pattern names).

    Only whole sentences at the end of the line are ever taken, so the returned text is the
    line's own beginning, unchanged; it is "" when the whole line is a prompt.
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
        if match.takes_question and cut >= 1 and _is_reader_question(sentences[cut - 1]):
            names.append("question to the reader")
            cut -= 1
            break
    if cut == len(sentences):
        return line, "", ()
    kept = " ".join(sentences[:cut])
    return kept, line[len(kept) :].strip(), tuple(reversed(names))

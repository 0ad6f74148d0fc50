"""Page clutter told from article text by what a line is, not by a list of every site's wording.

A line of the page (a widget, a counter, a date or clock line, a share bar, hashtags, an image's
alt text written twice, a wire service's closing initials) has no sentence, and mostly none of
its language's function words; a heading of the article reads as a phrase and sits between
paragraphs (body.py decides that, it needs the neighbours). Nothing here ever takes a sentence.
"""

import re
from functools import lru_cache

from .dates import MONTH_NAMES, has_date, has_time
from .text import ARABIC, SENTENCE_END

# Function words: a phrase has some, a menu or a button row has none.
STOPWORDS = {
    "en": frozenset(
        [
            "a",
            "an",
            "the",
            "of",
            "to",
            "in",
            "on",
            "at",
            "by",
            "for",
            "from",
            "with",
            "about",
            "after",
            "before",
            "over",
            "under",
            "into",
            "onto",
            "as",
            "and",
            "or",
            "but",
            "nor",
            "so",
            "if",
            "than",
            "then",
            "that",
            "this",
            "these",
            "those",
            "there",
            "here",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "has",
            "have",
            "had",
            "do",
            "does",
            "did",
            "will",
            "would",
            "can",
            "could",
            "should",
            "may",
            "might",
            "must",
            "shall",
            "it",
            "its",
            "he",
            "she",
            "they",
            "we",
            "you",
            "i",
            "his",
            "her",
            "their",
            "our",
            "your",
            "my",
            "him",
            "them",
            "us",
            "not",
            "no",
            "who",
            "whom",
            "whose",
            "which",
            "what",
            "when",
            "where",
            "why",
            "how",
            "all",
            "any",
            "some",
            "more",
            "most",
            "other",
            "such",
            "only",
            "own",
            "same",
            "too",
            "very",
            "just",
            "also",
            "up",
            "out",
            "off",
            "again",
            "once",
            "new",
            "says",
            "said",
        ]
    ),
    "ar": frozenset(
        [
            "في",
            "من",
            "على",
            "إلى",
            "الى",
            "عن",
            "مع",
            "أن",
            "ان",
            "إن",
            "لا",
            "ما",
            "لم",
            "لن",
            "قد",
            "هذا",
            "هذه",
            "ذلك",
            "تلك",
            "التي",
            "الذي",
            "الذين",
            "اللذين",
            "كان",
            "كانت",
            "يكون",
            "تكون",
            "بين",
            "بعد",
            "قبل",
            "حتى",
            "أو",
            "او",
            "ثم",
            "كما",
            "عند",
            "منذ",
            "خلال",
            "أي",
            "كل",
            "غير",
            "هو",
            "هي",
            "هم",
            "هن",
            "نحو",
            "لدى",
            "إذا",
            "اذا",
            "إلى",
            "لكن",
            "بل",
            "ليس",
            "ليست",
            "عبر",
            "ضد",
            "حول",
            "دون",
            "وفي",
            "ومن",
            "وعلى",
            "وإلى",
            "وعن",
            "ومع",
            "وأن",
            "وقد",
            "ولا",
            "وما",
            "ولم",
            "وهو",
            "وهي",
            "وكان",
            "وكانت",
            "فى",
            "أمام",
            "تحت",
            "فوق",
            "عندما",
            "حيث",
            "إنه",
            "أنه",
            "لأن",
            "يا",
        ]
    ),
}

# Buttons and menus every site has, in a word or two; whatever else a site's chrome says is told
# by its shape (no sentence, no function word, not between paragraphs).
_WIDGET_WORDS = frozenset(
    [
        "share",
        "print",
        "email",
        "e-mail",
        "whatsapp",
        "facebook",
        "twitter",
        "x",
        "telegram",
        "linkedin",
        "instagram",
        "youtube",
        "tiktok",
        "pinterest",
        "reddit",
        "messenger",
        "copy",
        "link",
        "comments",
        "comment",
        "clear",
        "search",
        "menu",
        "close",
        "home",
        "شارك",
        "طباعة",
        "اطبع",
        "واتساب",
        "واتس",
        "فيسبوك",
        "تويتر",
        "إكس",
        "تيليجرام",
        "تلغرام",
        "لينكدإن",
        "انستغرام",
        "يوتيوب",
        "البريد",
        "الإلكتروني",
        "مشاركة",
        "نسخ",
        "الرابط",
        "بحث",
        "الرئيسية",
        "إغلاق",
        "تعليقات",
    ]
)
_COUNTER = re.compile(
    r"^(?:(?:views?|reads?|comments?|shares?|عدد المشاهدات|عدد القراءات|المشاهدات|القراءات|مشاهدة|مشاهدات"
    r"|قراءة|قراءات|تعليق|تعليقات)\s*:?\s*)?[\d٠-٩۰-۹][\d٠-٩۰-۹,.]*[kK]?"
    r"(?:\s*(?:views?|reads?|comments?|shares?|مشاهدة|مشاهدات|قراءة|قراءات|تعليق|تعليقات))?$",
    re.IGNORECASE,
)
# "Read also: <another article's headline>" inside the article.
_RELATED = re.compile(
    r"^(?:read also|read more|see also|related|also read|اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|إقرأ أيضا|اقرأ المزيد|طالع أيضا|"
    r"مواضيع ذات صلة|أخبار ذات صلة|شاهد أيضا)\s*[:：]\s*\S",
    re.IGNORECASE,
)
# A gallery or photo widget: "2 View gallery", "View gallery", "+5 photos", "صور".
GALLERY = "photo gallery widget"
_GALLERY = re.compile(r"^\+?\d*\s*(?:view (?:gallery|photos?)|photos?|gallery|الصور|صور|معرض الصور)$", re.IGNORECASE)
# A photo's credit on its own line: "(Photo: Supplied)", "(تصوير: أحمد علي)", "Photo credit: AFP".
PHOTO_CREDIT = "photo credit"
_PHOTO_CREDIT = re.compile(
    r"^\(?\s*(?:photo|photos|photo credit|image|image credit|picture|credit|صورة|الصورة|الصور|تصوير|عدسة)"
    r"\s*[:：]\s*(?P<credit>[^():：]{1,50})\)?\.?$",
    re.IGNORECASE,
)
_HASHTAGS = re.compile(r"^(?:#\w+\s*)+$")
# Font-size and similar toggles: "A+ A-", "A A A", "+ -".
_TOGGLES = re.compile(r"^(?:[Aa]?[+-]|[Aa])(?:\s+(?:[Aa]?[+-]|[Aa]))+$")
# What labels a date line: its words, the weekday, the clock's am/pm, the hijri era.
_DATE_WORDS = re.compile(
    r"(?<!\w)(?:published|posted|updated|last updated|date|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|ast|est|edt|bst|cet|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
    r"نشر في|نشر بتاريخ|تاريخ النشر|آخر تحديث|اخر تحديث|تحديث|الساعة|صباحا|صباحاً|مساء|مساءً|ص|م|هـ|"
    r"الموافق|محرم|صفر|ربيع|الأول|الآخر|الثاني|جمادى|الأولى|الآخرة|رجب|شعبان|رمضان|شوال|ذو|القعدة|الحجة|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|بتوقيت|غرينتش|جرينتش)"
    r"(?=$|[\s,،:|\-–—/.])",
    re.IGNORECASE,
)
_WEATHER = re.compile(r"-?\d+\s*°\s*[CF]?|\d+\s*درجة")


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@lru_cache(maxsize=8192)
def _words(text):
    return tuple(_WORD.findall(text))


def words(text):
    return list(_words(text))


def stopword_count(text, language):
    stop = STOPWORDS.get(language, STOPWORDS["en"])
    return sum(1 for word in words(text) if word.casefold() in stop)


@lru_cache(maxsize=8192)
def is_sentence(text):
    """A line of running text: sentence punctuation at its end, or long enough to be a paragraph."""
    bare = text.rstrip("”\"»’')")
    count = len(_words(text))
    return count >= 25 or (count >= 5 and bare[-1:] in SENTENCE_END and bare[-1:] != ":")


def is_date_line(text):
    """A line that is a date or clock and nothing else but labels ("نشر في: 09-02-2026 | 14:05")."""
    if not (has_date(text) or has_time(text)) or is_sentence(text) and len(words(text)) > 14:
        return False
    # Month names first: "كانون الثاني" holds a word that is also a label's.
    rest = _DATE_WORDS.sub(" ", MONTH_NAMES.sub(" ", text))
    leftover = [w for w in words(_WEATHER.sub(" ", rest)) if len(w) > 1]
    # A city and a temperature may follow the page's clock ("... 11:06 ص القاهرة 24°").
    return len(leftover) <= (2 if _WEATHER.search(text) else 0)


def is_weather_line(text):
    return bool(_WEATHER.search(text))


def _is_widget_row(text):
    tokens = [t.casefold() for t in re.split(r"[\s|/·•,،]+", text) if t]
    return bool(tokens) and all(t.strip("-–—") in _WIDGET_WORDS for t in tokens if t.strip("-–—"))


def _is_photo_credit(text):
    # In brackets it is a credit; bare ("Photo: Supplied") only a name's few words, else a caption.
    match = _PHOTO_CREDIT.match(text)
    return bool(match) and len(words(match["credit"])) <= (5 if text.startswith("(") else 3)


def _is_doubled(text):
    # An image's alt text and caption written one after the other: "Book cover Book cover".
    half = text.split()
    size = len(half) // 2
    return size >= 1 and len(half) % 2 == 0 and half[:size] == half[size:]


@lru_cache(maxsize=8192)
def clutter_reason(text, language):
    """Why a whole line is page clutter, or "" when it may be article text."""
    if is_sentence(text):
        return ""
    # Symbols without a word ("A+ A-", "»", "|||"): a widget when short; a long run is no widget.
    if _TOGGLES.match(text) or len(text) <= 40 and not words(text) and not ARABIC.search(text):
        return "widget"
    if _GALLERY.match(text):
        return GALLERY
    if _COUNTER.match(text):
        return "counter"
    if _RELATED.match(text):
        return "related article"
    if _HASHTAGS.match(text):
        return "hashtags"
    if _is_photo_credit(text):
        return PHOTO_CREDIT
    if is_date_line(text):
        return "date line"
    if _is_widget_row(text):
        return "share or navigation buttons"
    if _is_doubled(text):
        return "image alt text"
    return ""


def is_phrase(text, language):
    """Reads as a phrase of the language (a heading), not as a menu or a button row."""
    return stopword_count(text, language) > 0

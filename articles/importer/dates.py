"""Publication dates: ISO text from a sidecar, and dates written in English or Arabic in the text."""

import re
from datetime import date, datetime, time
from functools import lru_cache

from django.utils import timezone

# Published documents without a time of day are published at 09:00 in the site's time zone.
DEFAULT_PUBLISH_TIME = time(9, 0)

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "يناير", "كانون الثاني"),
            ("february", "feb", "فبراير", "شباط"),
            ("march", "mar", "مارس", "آذار"),
            ("april", "apr", "أبريل", "ابريل", "إبريل", "نيسان"),
            ("may", "مايو", "أيار"),
            ("june", "jun", "يونيو", "يونيه", "حزيران"),
            ("july", "jul", "يوليو", "يوليه", "تموز"),
            ("august", "aug", "أغسطس", "اغسطس", "آب"),
            ("september", "sep", "sept", "سبتمبر", "أيلول"),
            ("october", "oct", "أكتوبر", "اكتوبر", "تشرين الأول"),
            ("november", "nov", "نوفمبر", "تشرين الثاني"),
            ("december", "dec", "ديسمبر", "كانون الأول"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
MONTH_NAMES = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
)
_DATE_MDY = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
_DATE_DMY = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}[,،]?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
# Numbers only: year first (2026-02-09, 2026/02/09), or day first as the region writes it (09-02-2026).
_DATE_YMD_NUMERIC = re.compile(r"(?<![\d/.-])(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?![\d/.-])")
_DATE_DMY_NUMERIC = re.compile(r"(?<![\d/.-])(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})(?![\d/.-])")
_ANY_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
# Arabic-Indic and Eastern Arabic-Indic (Persian) digits, read as the digits they are.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_REGEXES = (_DATE_MDY, _DATE_DMY, _DATE_YMD_NUMERIC, _DATE_DMY_NUMERIC)


def site_time(value):
    """A naive datetime as the time it is in the site's zone (TIME_ZONE): how the newsroom writes times."""
    return timezone.make_aware(value, timezone.get_default_timezone())


def parse_date(value):
    """An ISO date or date-time, as an aware datetime; ValueError otherwise.

    An explicit offset is kept; a time without one, or a date alone, is in the site's zone.
    """
    if "T" in value or " " in value.strip():
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else site_time(parsed)
    return site_time(datetime.combine(date.fromisoformat(value), DEFAULT_PUBLISH_TIME))


def _month(match):
    month = match["month"]
    return int(month) if month.isdigit() else _MONTHS[month.lower()]


def find_date(text):
    """The first calendar date written in `text` ("November 26, 2025", "26 نوفمبر 2025", "09-02-2026")."""
    day = _find_day(text)
    # Made aware here, not in the cache: the site's zone is read at each call.
    return site_time(datetime.combine(day, DEFAULT_PUBLISH_TIME)) if day else None


def _find_day(text):
    return _first_date(text)[1]


@lru_cache(maxsize=8192)
def _first_date(text):
    """(where the first calendar date in `text` starts, that date), or (-1, None)."""
    if not _ANY_DIGIT.search(text):
        return -1, None  # most lines: no date without a number
    text = text.translate(_DIGITS)
    candidates = [match for regex in _REGEXES for match in regex.finditer(text)]
    for match in sorted(candidates, key=lambda m: m.start()):
        try:
            return match.start(), date(int(match["year"]), _month(match), int(match["day"]))
        except ValueError:
            continue
    return -1, None


def has_date(text):
    return _find_day(text) is not None


def has_time(text):
    return _TIME.search(text.translate(_DIGITS)) is not None


_PUBLISHED_LABEL = re.compile(r"published|posted|\bdate\b|نشر في|نشر بتاريخ|تاريخ النشر|بتاريخ", re.IGNORECASE)
_UPDATED_LABEL = re.compile(r"updated|آخر تحديث|اخر تحديث|تحديث", re.IGNORECASE)
_WEATHER = re.compile(r"\d\s*°|\d+\s*درجة")


def date_score(text, where):
    """How surely a date line is the article's own: its "published" label beats the page's clock,
    weather and "last updated" lines."""
    published, updated = _PUBLISHED_LABEL.search(text), _UPDATED_LABEL.search(text)
    score = 0
    if published and (not updated or published.start() < updated.start()):
        score += 3
    elif updated:
        score -= 3
    if _WEATHER.search(text):
        score -= 2
    if where == "above the headline":
        score -= 1
    return score


def is_update_only(text):
    """A "last updated" line whose date is the update's: when the page was last touched, not when
    the article appeared, so never the article's date, even when it is the only one. A date
    written before the label ("February 9, 2026 | Updated: ...") or a "published" label is the
    article's."""
    published, updated = _PUBLISHED_LABEL.search(text), _UPDATED_LABEL.search(text)
    if not updated or published:
        return False
    return _first_date(text)[0] > updated.start()


def choose_date(candidates):
    """The best of (line number, text, date, where) candidates, the earliest among equals; or None."""
    # A paragraph saying "updated" is news, not a page's date line.
    candidates = [c for c in candidates if c[3] == "first paragraph" or not is_update_only(c[1])]
    if not candidates:
        return None
    return max(candidates, key=lambda c: (date_score(c[1], c[3]), -c[0]))

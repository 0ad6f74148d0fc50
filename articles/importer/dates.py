"""Publication dates: ISO text from a sidecar, and dates written in English or Arabic in the text."""

import re
from datetime import date, datetime, time

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
_DATE_MDY = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
_DATE_DMY = re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}[,،]?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
# Arabic-Indic and Eastern Arabic-Indic (Persian) digits, read as the digits they are.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


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


def find_date(text):
    """The first calendar date written in `text` ("November 26, 2025", "26 نوفمبر 2025")."""
    text = text.translate(_DIGITS)
    candidates = [match for regex in (_DATE_MDY, _DATE_DMY) for match in regex.finditer(text)]
    for match in sorted(candidates, key=lambda m: m.start()):
        try:
            day = date(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
        except ValueError:
            continue
        return site_time(datetime.combine(day, DEFAULT_PUBLISH_TIME))
    return None

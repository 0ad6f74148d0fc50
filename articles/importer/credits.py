"""Who wrote a document and where it was filed: bylines of every shape, agency credits in the
dateline ("KUWAIT CITY, Feb 9 (KUNA) --", "الرياض - واس"), and the wire's closing trailer.

A byline is read only in the head, so "كتب الوزير رسالة" in a paragraph is never one.
"""

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from articles.models import Byline

from .clutter import STOPWORDS, is_sentence, words
from .text import ARABIC

_BY = re.compile(
    r"^(?:by|written by|بقلم|كتب|كتبت|كتبه|كتبتها|إعداد|تقرير)(?:\s*[:\-–—]\s*|\s+)(?P<rest>\S.*?)\s*:?$",
    re.IGNORECASE,
)
_OUTLET_AFTER_NAMES = re.compile(
    r"^(?P<names>.+?)\s+(?:[Ff][Oo][Rr]\s+|of\s+)?"
    r"(?P<outlet>(?:Associated Press|[A-Z]{3,}|[A-Z][\w.]+ (?:News|Times|Online|Press)))$"
)
_PARTICLES = frozenset({"al", "bin", "bint", "ibn", "de", "van", "von", "el", "abu", "and"})
# "A - B", "A- B", "A/ B": a name and a city, a city and an agency, an outlet and an agency.
_PAIR = re.compile(r"^(?P<a>[^,،()]{2,60}?)(?P<space>\s*)[-–—/]\s+(?P<b>[^()]{2,60})$")
_NAME_COMMA_OUTLET = re.compile(r"^(?P<name>[^,،]{3,60})[,،]\s*(?P<outlet>[^,،]{2,60})$")
_SOURCE_LINE = re.compile(r"^(?:source|المصدر|مصدر الخبر)\s*:\s*(?P<source>.{2,60})$", re.IGNORECASE)
# Arabic short vowels and shadda are marks, not \w: "عمّان" is one word.
_CITY = r"[^\W\d_][\w\u064b-\u065f\u0670'’.]*(?:[ -][^\W\d_][\w\u064b-\u065f\u0670'’.]*){0,2}"
# "KUWAIT CITY, Feb 9 (KUNA) -- ", "بيروت (أ ف ب) - ", "الكويت - 14 - 1 (كونا) -- ".
_DATELINE_AGENCY = re.compile(
    rf"^(?P<city>{_CITY})(?P<when>[\s,،\-–—/\w.]{{0,24}}?)\s*\((?P<agency>[^()\d]{{1,25}})\)\s*(?:[-–—]+|:)\s*(?=\S)"
)
# "الرياض - واس - أعلنت ...": a place, then an agency of the vocabulary, between dashes.
_DATELINE_DASH_AGENCY = re.compile(
    r"^(?P<city>[^\W\d_][\w'’]*(?: [^\W\d_][\w'’]*)?)\s*[-–—]\s*(?P<agency>[^\-–—:]{2,25}?)\s*[-–—:]\s*"
)
_DATELINE_SLASH = re.compile(rf"^(?P<city>{_CITY})\s*/\s+(?=\S)")
_DATELINE_CAPS = re.compile(
    r"^(?P<city>[A-Z][A-Z'’.]+(?: [A-Z][A-Z'’.]+){0,2})\s*(?:[-–—]+|:)\s+(?=[A-Z])"
    r"|^(?P<town>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}):\s+(?=[A-Z])"
)
# Wire trailers: KUNA's "(end) ab.cd", "(انتهى)", the desk's initials ("خ ع ن / م ش ر"), and
# Reuters' "(Reporting by ...; Editing by ...)", "(إعداد ... - تحرير ...)".
_TRAILER = re.compile(
    r"^(?:\((?:end|ends|انتهى|النهاية|نهاية)\)(?:\s+[\w./ ]{1,20})?"
    r"|(?:[\u0600-\u06ff]\s){1,5}[\u0600-\u06ff]?(?:\s*/\s*(?:[\u0600-\u06ff]\s?){1,6})+"
    r"|\((?:reporting|writing|editing|additional reporting|compiled|إعداد|تحرير|تغطية صحفية|شارك في التغطية)"
    r"\b[^()]*\)"
    r"|(?:reporting|writing|additional reporting) by [^()]{2,200}?(?:;\s*editing by [^()]{2,100})?)$",
    re.IGNORECASE,
)
# A wire's copyright line, alone on its line: "Copyright 2026 The Associated Press. All rights reserved.
# This material may not be published, ...", "© 2026 Reuters", "جميع الحقوق محفوظة لوكالة ... © 2026".
# A line saying more than that (a sentence about copyright) is text.
_YEAR = r"[\d٠-٩]{4}"
_COPYRIGHT = re.compile(
    rf"^(?:(?:copyright\s*(?:©|\(c\))?|©|\(c\))\s*{_YEAR}\s+[^.,;،]{{1,50}}?\.?"
    r"(?:\s*all rights reserved\.?)?"
    r"(?:\s*this material may not be published, broadcast, rewritten,? or redistributed(?: without permission)?\.?)?"
    rf"|(?:(?:©|حقوق النشر)\s*{_YEAR}\s*[^.,;،]{{0,40}}?\s*[.\-–|]?\s*)?جميع الحقوق محفوظة"
    rf"(?:\s*(?:ل|لـ)\s*[^.,;،]{{1,40}}?)?\s*\.?(?:\s*(?:©\s*)?{_YEAR})?)$",
    re.IGNORECASE,
)
_TRAILING_END = re.compile(
    r"\s*\((?:end|ends|انتهى|النهاية|نهاية)\)(?:\s+[\w.]{1,12}(?:\s*/\s*[\w.]{1,12})?)?$", re.IGNORECASE
)


@dataclass(frozen=True)
class Credit:
    name: str
    slug: str
    job_title: str = ""
    role: str = Byline.Role.WRITER


@dataclass
class Found:
    """What one head line credits: authors, a dateline, a source."""

    credits: list = field(default_factory=list)
    dateline: str = ""
    source: str = ""
    shape: str = ""


def author_slug(name):
    return slugify(name) or slugify(name, allow_unicode=True)


def looks_like_name(name):
    """Two to six words of a person's name: capitalised (or Arabic), no function word."""
    found = name.split()
    if not 1 <= len(found) <= 6 or any(ch.isdigit() for ch in name) or is_sentence(name):
        return False
    for word in found:
        folded = word.casefold()
        if ARABIC.match(word):
            if folded in STOPWORDS["ar"]:
                return False
        elif not (word[:1].isupper() or folded in _PARTICLES) or folded in STOPWORDS["en"] - _PARTICLES:
            return False
    return True


def _split_name_and_job(rest, vocabulary):
    found = rest.split()
    if len(found) > 12:
        return "", ""
    for index, word in enumerate(found):
        if index >= 1 and word.strip(",") in vocabulary.job_title_words:
            return " ".join(found[:index]).rstrip(","), " ".join(found[index:])
    return rest, ""


def _credit(name, job_title, vocabulary, role=None):
    return Credit(name, author_slug(name), job_title, role or vocabulary.role_for(job_title))


def _by_line(text, vocabulary):
    by = _BY.match(text)
    if not by:
        return None
    rest = by["rest"].strip().rstrip(".:")
    outlet = _OUTLET_AFTER_NAMES.match(rest)
    if outlet and (vocabulary.is_outlet(outlet["outlet"], guess=False) or outlet["outlet"].isupper()):
        # "By SARAH LEWIS FOR MAILONLINE", "By ... Associated Press": the site, not a person.
        rest = outlet["names"].strip()
    if vocabulary.is_agency(rest) or vocabulary.is_outlet(rest):
        # "By KUNA", "By Web Report": an agency or a desk, not an author.
        return Found(shape="by agency or desk", source=rest if vocabulary.is_agency(rest) else "")
    credits = []
    for name, job_title in _name_parts(rest, vocabulary):
        if not looks_like_name(name) or len(name.split()) < 2 and not ARABIC.match(name):
            return None
        credits.append(_credit(_name_case(name), job_title, vocabulary))
    return Found(credits=credits, shape="by")


def _name_parts(rest, vocabulary):
    """(name, job title) of each author of a by-line: "A, Health and Science Correspondent and B".

    A piece after a comma that holds a job title word is the job title of the name before it.
    """
    parts = []
    for piece in (p.strip() for p in re.split(r"\s*[,،]\s*", rest) if p.strip()):
        if parts and not parts[-1][1] and any(word in vocabulary.job_title_words for word in piece.split()):
            parts[-1] = (parts[-1][0], piece)
            continue
        parts += [_split_name_and_job(name, vocabulary) for name in re.split(r"\s+(?:and|&|و)\s+", piece) if name]
    return parts


def _name_case(name):
    # "LAURA BENNETT" as a wire prints it is Laura Bennett on the site.
    return name.title() if name.isupper() and not ARABIC.search(name) else name


def _pair_line(text, vocabulary, site_words):
    pair = _PAIR.match(text)
    if not pair:
        return None
    a, b = pair["a"].strip(), pair["b"].strip()
    if vocabulary.is_agency(b):
        # "عمان - بترا": where and which agency; "المواطن - واس": the site itself, then the agency.
        dateline = "" if a.casefold() in site_words or vocabulary.is_outlet(a, guess=False) else a
        return Found(dateline=dateline if len(a.split()) <= 3 else "", source=b, shape="dateline and agency")
    if not (looks_like_name(a) and looks_like_name(b)):
        return None
    a_words, b_words = len(a.split()), len(b.split())
    # "CITY- NAME" (no space before the dash) and "جدة - حنان الغامدي" (a one-word city first).
    if not pair["space"] or a_words == 1 < b_words:
        if b_words >= 2:
            return Found(credits=[_credit(b, "", vocabulary, Byline.Role.REPORTER)], dateline=a, shape="city - name")
        return None
    if a_words >= 2 and b_words <= 3:
        return Found(credits=[_credit(a, "", vocabulary, Byline.Role.REPORTER)], dateline=b, shape="name - city")
    return None


def read_byline(text, vocabulary, site_words=frozenset()):
    """What a head line credits, or None when it is no byline."""
    found = _by_line(text, vocabulary)
    if found or len(text) > 120:
        return found
    found = _pair_line(text, vocabulary, site_words)
    if found:
        return found
    comma = _NAME_COMMA_OUTLET.match(text)
    if comma and looks_like_name(comma["name"]) and len(comma["name"].split()) >= 2:
        outlet = comma["outlet"].strip()
        if vocabulary.is_outlet(outlet) or vocabulary.is_agency(outlet) or _is_title_case(outlet):
            # The outlet after the name is the publisher itself, not a source to credit.
            return Found(credits=[_credit(comma["name"].strip(), "", vocabulary)], shape="name, outlet")
    source = _SOURCE_LINE.match(text)
    if source:
        return Found(source=source["source"].strip().rstrip("."), shape="source line")
    if vocabulary.is_agency(text.strip("()[] ")):
        return Found(source=text.strip("()[] "), shape="agency line")
    return None


def _is_title_case(text):
    found = words(text)
    return 1 <= len(found) <= 5 and all(w[:1].isupper() for w in found)


def bare_name(text, vocabulary):
    """A name alone on its line under the headline ("Nadia Al-Dabbas", "فهد المطيري")."""
    if len(text) > 50 or vocabulary.is_outlet(text) or not looks_like_name(text):
        return None
    if not 2 <= len(text.split()) <= 4 or text.startswith("ال"):
        # An Arabic given name has no article: "التفاصيل الكاملة" is a label, "فهد المطيري" a name.
        return None
    return Found(credits=[_credit(text, "", vocabulary)], shape="name alone")


def dateline_prefix(text, vocabulary):
    """(dateline, agency, the text after them) of a first paragraph, or None."""
    for regex in (_DATELINE_AGENCY, _DATELINE_SLASH, _DATELINE_CAPS):
        match = regex.match(text)
        if match and not is_sentence(text[: match.end()]):
            agency = match.groupdict().get("agency") or ""
            agency = agency.strip()
            if agency and not (vocabulary.is_agency(agency) or len(agency.split()) <= 3):
                continue
            return (match["city"] or match.groupdict().get("town") or "").strip(), agency, text[match.end() :]
    pair = _DATELINE_DASH_AGENCY.match(text)
    if pair and vocabulary.is_agency(pair["agency"].strip()):
        return pair["city"].strip(), pair["agency"].strip(), text[pair.end() :]
    return None


def is_trailer(text):
    text = text.strip()
    return bool(_TRAILER.match(text) or _COPYRIGHT.match(text))


def split_trailer(text):
    """(the paragraph, the wire trailer at its end or "")."""
    match = _TRAILING_END.search(text)
    if not match or match.start() == 0:
        return text, ""
    return text[: match.start()].rstrip(), text[match.start() :].strip()

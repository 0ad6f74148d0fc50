"""The one HTML policy of newsroom.

Every piece of stored HTML (article bodies, author bios) goes through `sanitize_html` on every
write path: the columns are `editorial.fields.SanitizedHTMLField`, which cleans values as they
are written (save, QuerySet.update, bulk_create, bulk_update and loaddata's raw saves alike).
The policy is idempotent, as a value may be cleaned twice on its way to the database. bleach
is no longer maintained upstream, so it is used here and nowhere else: swapping the library
means rewriting this module and keeping tests/test_sanitize.py green.
"""

import html
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from html.entities import html5 as _NAMED_REFERENCES

import bleach
from bleach.html5lib_shim import Filter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import urls

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "strong",
        "em",
        "b",
        "i",
        "figure",
        "figcaption",
        "img",
    }
)
ALLOWED_PROTOCOLS = urls.ALLOWED_SCHEMES

# Elements whose content is never text a reader should see: they are removed whole, not unwrapped.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math", "textarea", "select"}
)

# bleach's cost grows with the square of the nesting depth (1.1 s for 3,000 nested <ul>), with
# the square of one tag's attribute count (88 s for 75,000), and by 15-35 microseconds for every
# end tag, comment and bare "<" or "&" it tokenizes. So the limits count what was sent, before
# any reference is decoded: characters (a valid character reference, "&amp;", counts as the one
# character it stands for, as cleaning writes one for each bare "&" and "<"), references, start
# tags, and the rest of the markup. At the editors' limits the worst input found cleans in about
# 0.4 s (800 nested lists, 800 more start tags, 1,600 end tags and 50,000 references); a long
# article has a few hundred start tags (300 paragraphs, each with a link and a bold word: 900).
MAX_HTML_LENGTH = 300_000
MAX_HTML_TAGS = 1_600
# Lists, quotations and figures: the allowed elements that stay open inside each other, where
# the quadratic cost lies (about 0.5 s for 1,600 nested <ul> or <figure>, 0.13 s for 800).
MAX_HTML_NESTABLE = 800
_NESTABLE_START_TAG = re.compile("<(?:ul|ol|blockquote|figure)[\\t\\n\\f\\r />]", re.IGNORECASE)
# End tags, comments, doctypes and attributes. Cleaning writes the end tags an input left open,
# so room for as many as the start tags.
MAX_HTML_MARKUP = 3_200
# Character references and the bare "&" and "<" cleaning writes as references.
MAX_HTML_REFERENCES = 50_000
# Start tags only ("<" then a letter): cleaning adds the end tags an input left open.
_START_TAG = re.compile("<[a-zA-Z]")
_OTHER_MARKUP = re.compile("<[/!?]")
# A "<" the tokenizer reads as text: cleaning writes it as "&lt;".
_BARE_LT = re.compile("<(?![a-zA-Z/!?])")
# A start tag as the HTML tokenizer delimits it (quoted values may hold ">"), and the attributes
# in it, so that one tag with thousands of attributes is counted: possessive, so linear.
_WS = "\t\n\f\r "
_TAG_EXTENT = re.compile(
    f"<[a-zA-Z][^{_WS}/>]*+(?P<attributes>(?:[{_WS}/]++|(?:=[^{_WS}/>=]*+|[^{_WS}/>=]++)"
    f"""(?:[{_WS}]*+=[{_WS}]*+(?:"[^"]*+"?|'[^']*+'?|[^{_WS}>]*+))?)*+)"""
)
_ATTRIBUTE = re.compile(
    f"(?:=[^{_WS}/>=]*+|[^{_WS}/>=]++)"
    f"""(?:[{_WS}]*+=[{_WS}]*+(?:"[^"]*+"?|'[^']*+'?|[^{_WS}>]*+))?"""
)
# Valid character references, as cleaning keeps them (named ones need their ";").
_REFERENCE = re.compile("&(#[xX][0-9a-fA-F]+;|#[0-9]+;|[a-zA-Z][a-zA-Z0-9]*;)")
# sanitize_html itself refuses only past twice the limits (about 2 s of work at worst): a guard
# for every write path, with room for stored text that was cleaned before the limits existed.
_GUARD_FACTOR = 2

# Directional formatting characters: the explicit ones (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI,
# PDI) and the marks (LRM, RLM, ALM). In a link they can make the visible text or address read
# differently from what it is (the "Trojan Source" family of tricks), so they are removed from
# attributes (in any spelling: "&#x202E;" and "&rlm;" too) and from link text.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

# bleach tokenizes every "&" on its own, and checks each for a reference, at a cost that grows
# faster than the count (33 s for 299,000 "&amp;"). So it never sees one: each "&" is handed to
# it as this private-use character, and put back in the clean text, written as the reference it
# starts, or as "&amp;" where it starts none. The character itself, if sent, is sent on as a
# reference.
_AMP = "\ue000"
_AMP_AS_SENT = "&#xe000;"
_HIDDEN_REFERENCE = re.compile(_AMP + "(#[xX][0-9a-fA-F]+;|#[0-9]+;|[a-zA-Z][a-zA-Z0-9]*;)?")


def _is_valid_reference(body):
    """`body` ("amp;", "#x27;") names a character: what cleaning keeps written as a reference."""
    if body.startswith("#"):
        digits = body[2:-1] if body[1] in "xX" else body[1:-1]
        digits = digits.lstrip("0")
        # Past 8 digits no code point is meant (and int() of a huge string is itself costly).
        if not digits or len(digits) > 8:
            return False
        return 0 < int(digits, 16 if body[1] in "xX" else 10) < 0x110000
    return body in _NAMED_REFERENCES


def _write_reference(match):
    body = match.group(1)
    if body and _is_valid_reference(body):
        return "&" + body
    return "&amp;" + (body or "")


# The usual references, restored at the regular expression engine's speed before the rest go
# one by one through _write_reference: short numeric ones name a character (0 < n < 0x110000).
_COMMON_REFERENCES = re.compile(
    _AMP + "(?=amp;|lt;|gt;|quot;|nbsp;|#0*[1-9][0-9]{0,5};|#[xX]0*[1-9a-fA-F][0-9a-fA-F]{0,4};)"
)


def _restore_ampersands(text):
    if _AMP not in text:
        return text
    return _HIDDEN_REFERENCE.sub(_write_reference, _COMMON_REFERENCES.sub("&", text))


# Both the attribute filter and _BidiFilter read each value: decoded once.
@lru_cache(maxsize=256)
def _as_browser_reads_attribute(value):
    """An attribute value bleach is given (ampersands hidden), decoded as a browser will read
    the value that cleaning writes."""
    if _AMP not in value:
        return value
    return html.unescape(_restore_ampersands(value))


def _allowed_attribute(tag, name, value):
    if tag == "a":
        if name == "href":
            return urls.allowed_href(BIDI_CONTROLS.sub("", _as_browser_reads_attribute(value)))
        return name == "title"
    if tag == "img":
        if name == "src":
            return urls.allowed_image_source(BIDI_CONTROLS.sub("", _as_browser_reads_attribute(value)))
        return name in {"alt", "width", "height"}
    return False


class _DropImagesWithoutSourceFilter(Filter):
    """An image whose address was not allowed is removed whole: a bare <img alt> helps nobody."""

    def __iter__(self):
        for token in super().__iter__():
            is_image = token.get("name") == "img" and token["type"] in ("StartTag", "EmptyTag")
            if is_image and not (token.get("data") or {}).get((None, "src")):
                continue
            yield token


_HEADINGS = frozenset({"h2", "h3", "h4"})


class _NoNestedHeadingsFilter(Filter):
    """Unwraps a heading inside another (the parser builds one from "<h2><a><h2>"): written out,
    it would be parsed as two headings side by side, so cleaning twice would change it."""

    def __iter__(self):
        open_headings = []  # True for each open heading that was unwrapped
        for token in super().__iter__():
            if token.get("name") in _HEADINGS:
                if token["type"] == "StartTag":
                    open_headings.append(bool(open_headings))
                    if open_headings[-1]:
                        continue
                elif token["type"] == "EndTag" and open_headings and open_headings.pop():
                    continue
            yield token


class _DropContentFilter(Filter):
    """Removes the elements in DROPPED_WITH_CONTENT together with everything inside them."""

    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            kind = token["type"]
            name = token.get("name")
            if kind in ("StartTag", "EmptyTag") and name in DROPPED_WITH_CONTENT:
                if kind == "StartTag":
                    depth += 1
                continue
            if kind == "EndTag" and name in DROPPED_WITH_CONTENT:
                depth = max(depth - 1, 0)
                continue
            if depth == 0:
                yield token


class _BidiFilter(Filter):
    """Strips bidi control characters from every attribute, however spelled, and link text."""

    def __iter__(self):
        in_link = 0
        for token in super().__iter__():
            kind = token["type"]
            if kind in ("StartTag", "EmptyTag") and token.get("data"):
                _strip_bidi_in_attributes(token["data"])
            if token.get("name") == "a":
                if kind == "StartTag":
                    in_link += 1
                elif kind == "EndTag":
                    in_link = max(in_link - 1, 0)
            elif in_link and kind in ("Characters", "SpaceCharacters"):
                token = {**token, "data": _without_bidi(token["data"])}
            yield token


def _strip_bidi_in_attributes(attributes):
    for key, value in list(attributes.items()):
        attributes[key] = _without_bidi(value)


def _without_bidi(value):
    """`value` (ampersands hidden) without bidi controls, literal or written as references."""
    decoded = _as_browser_reads_attribute(value)
    if not BIDI_CONTROLS.search(decoded):
        return value
    # Written back with every "&" as "&amp;" (hidden, like the others): what remains is the
    # decoded text, to be read as such ("<" in text is escaped again as it is written out).
    plain = BIDI_CONTROLS.sub("", decoded)
    return plain.replace("&", "&amp;").replace(_AMP, _AMP_AS_SENT).replace("&", _AMP)


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS | DROPPED_WITH_CONTENT,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_DropContentFilter, _NoNestedHeadingsFilter, _BidiFilter, _DropImagesWithoutSourceFilter],
)


def check_html_size(value, factor=1):
    """Raises ValidationError if `value` is longer, or has more references, start tags or other
    markup, than editors may store. Counted on the text as sent, before anything is decoded.

    The validator of every SanitizedHTMLField, so an editor sees why next to the field.
    """
    if not value:
        return
    for count, limit, message, code in _sizes(value, factor):
        if count > limit * factor:
            raise ValidationError(message, code=code, params={"limit": limit, "count": count})


def _sizes(value, factor):
    """(count, limit, message, code) for each limit, cheapest first, each count computed only if
    the ones before it passed (a generator), and each in linear time."""
    references = value.count("&") + len(_BARE_LT.findall(value))
    yield (
        references,
        MAX_HTML_REFERENCES,
        _(
            "This text has too many character references (such as &amp;) and bare & or < signs: "
            "at most %(limit)s are allowed, it has %(count)s."
        ),
        "html_too_many_references",
    )
    length = len(_REFERENCE.sub(_one_character, value)) if references else len(value)
    yield (
        length,
        MAX_HTML_LENGTH,
        _("This text is too long: at most %(limit)s characters are allowed, it has %(count)s."),
        "html_too_long",
    )
    yield (
        len(_START_TAG.findall(value)),
        MAX_HTML_TAGS,
        _("This text has too many HTML tags: at most %(limit)s are allowed, it has %(count)s."),
        "html_too_many_tags",
    )
    yield (
        len(_NESTABLE_START_TAG.findall(value)),
        # An editors' limit: the guard holds them only to the start tags', as text stored before
        # this limit existed must still save (at worst about 2 s for 3,200 nested lists).
        MAX_HTML_NESTABLE if factor == 1 else MAX_HTML_TAGS,
        _("This text has too many lists, quotations and figures: at most %(limit)s are allowed, it has %(count)s."),
        "html_too_many_nestable",
    )
    yield (
        len(_OTHER_MARKUP.findall(value)) + _count_attributes(value),
        MAX_HTML_MARKUP,
        _(
            "This text has too much markup: at most %(limit)s end tags, comments and attributes are "
            "allowed, it has %(count)s."
        ),
        "html_too_much_markup",
    )


def _one_character(match):
    # A valid reference is one character of the text; anything else is counted as written.
    return "&" if _is_valid_reference(match.group(1)) else match.group(0)


def _count_attributes(value):
    count = 0
    for tag in _TAG_EXTENT.finditer(value):
        count += len(_ATTRIBUTE.findall(value, tag.start("attributes"), tag.end("attributes")))
    return count


def sanitize_html(html):
    """Returns `html` reduced to newsroom's safelist. Empty or None gives "".

    Raises ValidationError (see check_html_size) for text too large to clean in reasonable time.
    """
    if not html:
        return ""
    text = str(html)
    clean = _remembered(text)
    if clean is None:
        # Known clean text skips the guard: cleaning may have made it longer than its input.
        check_html_size(text, factor=_GUARD_FACTOR)
        clean = _sanitize(text)
    return clean


# A save cleans a value more than once (when the model prepares it, when it is written, and in
# the untranslated column too), at tens of milliseconds for a long article: recent results are
# remembered, each clean output also as its own input, so the later passes cost a lookup.
_recent = OrderedDict()
_recent_lock = threading.Lock()
_RECENT_MAX = 64


def _remembered(html):
    with _recent_lock:
        clean = _recent.get(html)
        if clean is not None:
            _recent.move_to_end(html)
        return clean


def _sanitize(html):
    # A bidi control inside an href can also hide a scheme ("java\u202escript:"), so it is removed
    # before bleach judges the protocol, not only afterwards.
    text = _strip_bidi_in_hrefs(html).replace(_AMP, _AMP_AS_SENT)
    # A bare "<" is text, and bleach would tokenize each on its own: handed over as the "&lt;"
    # cleaning writes for it.
    text = _BARE_LT.sub("&lt;", text).replace("&", _AMP)
    clean = _restore_ampersands(_cleaner.clean(text)).strip()
    with _recent_lock:
        _recent[html] = clean
        _recent[clean] = clean
        while len(_recent) > _RECENT_MAX:
            _recent.popitem(last=False)
    return clean


_HREF_ATTR = re.compile(r"""(href\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def _strip_bidi_in_hrefs(html):
    return _HREF_ATTR.sub(lambda m: m.group(1) + BIDI_CONTROLS.sub("", m.group(2)), html)

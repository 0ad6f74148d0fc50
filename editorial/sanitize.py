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
from urllib.parse import urlsplit

import bleach
from bleach.html5lib_shim import Filter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
IMAGE_PROTOCOLS = frozenset({"http", "https"})

# Elements whose content is never text a reader should see: they are removed whole, not unwrapped.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math", "textarea", "select"}
)

# bleach's cost grows with the square of the nesting depth: about 1 s for 5,000 nested <figure>
# tags, a gunicorn timeout for 30,000 misnested <a><b>. Editors are held to these limits (the
# field's validator, the importer); at them the worst case costs about 0.35 s. A long article has
# a few hundred start tags (300 paragraphs, each with a link and a bold word: 900).
MAX_HTML_LENGTH = 300_000
MAX_HTML_TAGS = 3_000
# Start tags only ("<" then a letter): cleaning adds the end tags an input left open, and it
# writes &amp; and &lt; for a bare & and <, so clean text, counted the same way, stays within the
# limits its input met (lengths are measured with entities read as one character).
_START_TAG = re.compile("<[a-zA-Z]")
# sanitize_html itself refuses only past twice the limits (at most about 1.4 s of work): a guard
# for every write path, with room for stored text that was cleaned before the limits existed.
_GUARD_FACTOR = 2

# Directional formatting characters: the explicit ones (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI,
# PDI) and the marks (LRM, RLM, ALM). In a link they can make the visible text or address read
# differently from what it is (the "Trojan Source" family of tricks), so they are removed from
# hrefs and link text.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# Browsers drop these from a URL before reading it: "/\t/evil.example" is "//evil.example".
_URL_IGNORED = re.compile("[\t\n\r]")


def _allowed_href(value):
    """http, https and mailto addresses, paths on this site ("/..."), and "#fragment" links."""
    value = _URL_IGNORED.sub("", value).strip()
    if value.startswith("#"):
        return True
    return _is_site_path(value) or urlsplit(value).scheme.lower() in ALLOWED_PROTOCOLS


def _allowed_image_source(value):
    """http and https addresses, and paths on this site: the editor's image button inserts
    uploads as "/media/..."."""
    value = _URL_IGNORED.sub("", value).strip()
    return _is_site_path(value) or urlsplit(value).scheme.lower() in IMAGE_PROTOCOLS


def _is_site_path(value):
    """A path on this site ("/..."). Protocol-relative addresses ("//evil.example/x", or
    "/\\evil.example" which browsers read the same way) lead off the site without saying so, and
    other relative addresses break when the article is shown at another address (a feed, a
    preview), so neither counts."""
    return value.startswith("/") and not value.startswith(("//", "/\\"))


def _allowed_attribute(tag, name, value):
    if tag == "a":
        if name == "href":
            return _allowed_href(BIDI_CONTROLS.sub("", value))
        return name == "title"
    if tag == "img":
        if name == "src":
            return _allowed_image_source(value)
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


class _LinkBidiFilter(Filter):
    """Strips bidi control characters from link addresses and link text."""

    def __iter__(self):
        in_link = 0
        for token in super().__iter__():
            kind = token["type"]
            if token.get("name") == "a":
                if kind == "StartTag":
                    in_link += 1
                    attrs = token.get("data") or {}
                    for key, value in list(attrs.items()):
                        if key == (None, "href"):
                            attrs[key] = BIDI_CONTROLS.sub("", value)
                elif kind == "EndTag":
                    in_link = max(in_link - 1, 0)
            elif in_link and kind in ("Characters", "SpaceCharacters"):
                token = {**token, "data": BIDI_CONTROLS.sub("", token["data"])}
            yield token


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS | DROPPED_WITH_CONTENT,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_DropContentFilter, _LinkBidiFilter, _DropImagesWithoutSourceFilter],
)


def check_html_size(value, factor=1):
    """Raises ValidationError if `value` is longer, or has more start tags, than editors may store.

    The validator of every SanitizedHTMLField, so an editor sees why next to the field.
    """
    if not value:
        return
    length = len(html.unescape(value)) if "&" in value else len(value)
    if length > MAX_HTML_LENGTH * factor:
        raise ValidationError(
            _("This text is too long: at most %(limit)s characters are allowed, it has %(count)s."),
            code="html_too_long",
            params={"limit": MAX_HTML_LENGTH, "count": length},
        )
    tags = len(_START_TAG.findall(value))
    if tags > MAX_HTML_TAGS * factor:
        raise ValidationError(
            _("This text has too many HTML tags: at most %(limit)s are allowed, it has %(count)s."),
            code="html_too_many_tags",
            params={"limit": MAX_HTML_TAGS, "count": tags},
        )


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
    clean = _cleaner.clean(_strip_bidi_in_hrefs(html)).strip()
    with _recent_lock:
        _recent[html] = clean
        _recent[clean] = clean
        while len(_recent) > _RECENT_MAX:
            _recent.popitem(last=False)
    return clean


_HREF_ATTR = re.compile(r"""(href\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def _strip_bidi_in_hrefs(html):
    return _HREF_ATTR.sub(lambda m: m.group(1) + BIDI_CONTROLS.sub("", m.group(2)), html)

"""The one HTML policy of newsroom.

Every piece of stored HTML (article bodies, author bios) goes through `sanitize_html`, on every
write path: model saves, admin forms, the importer and fixtures loaded with `loaddata` (see
`sanitize_instance_html`, connected to `pre_save` in `articles.apps`). bleach is no longer
maintained upstream, so it is used here and nowhere else: swapping the library means rewriting
this module and keeping tests/test_sanitize.py green.
"""

import re
from urllib.parse import urlsplit

import bleach
from bleach.html5lib_shim import Filter
from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

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

# Explicit directional formatting characters (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
# In a link they can make the visible text or address read differently from what it is
# (the "Trojan Source" family of tricks), so they are removed from hrefs and link text.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _allowed_attribute(tag, name, value):
    if tag == "a":
        return name in {"href", "title"}
    if tag == "img":
        if name == "src":
            scheme = urlsplit(value.strip()).scheme.lower()
            return scheme in IMAGE_PROTOCOLS
        return name in {"alt", "width", "height"}
    return False


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
    filters=[_DropContentFilter, _LinkBidiFilter],
)


def sanitize_html(html):
    """Returns `html` reduced to newsroom's safelist. Empty or None gives ""."""
    if not html:
        return ""
    # A bidi control inside an href can also hide a scheme ("java\u202escript:"), so it is removed
    # before bleach judges the protocol, not only afterwards.
    return _cleaner.clean(_strip_bidi_in_hrefs(str(html))).strip()


_HREF_ATTR = re.compile(r"""(href\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def _strip_bidi_in_hrefs(html):
    return _HREF_ATTR.sub(lambda m: m.group(1) + BIDI_CONTROLS.sub("", m.group(2)), html)


def sanitize_instance_html(sender, instance, raw=False, **kwargs):
    """pre_save receiver: cleans every language column of the model's `html_fields`.

    It runs for raw saves too, which is the only hook `loaddata` gives: fixtures never call
    Model.save().
    """
    # The unsuffixed field is modeltranslation's view of the active language; the columns that
    # hold the text are the suffixed ones, so those are the ones cleaned.
    for field in getattr(sender, "html_fields", ()):
        for code, _name in settings.LANGUAGES:
            name = build_localized_fieldname(field, code)
            value = getattr(instance, name, None)
            if value:
                setattr(instance, name, sanitize_html(value))

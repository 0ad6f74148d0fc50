"""Where a link or image address in an article leads, judged as a browser reads it.

editorial.sanitize keeps an href or src only if it passes here. The value given is the
attribute as the browser will see it, character references already decoded: what matters is
the address the browser resolves, not its spelling ("/&#92;evil.example" is "/\\evil.example",
which leads off the site). Not to be confused with a URL configuration: nothing here routes.
"""

import re

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})

# The WHATWG URL parser drops ASCII tab and newline anywhere in the address, and C0 controls and
# spaces at either end, before it reads anything: "java\tscript:" is "javascript:", "/\n/evil"
# is "//evil".
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile("([a-zA-Z][a-zA-Z0-9+.-]*):")
# For the special schemes (http, https and so a relative address on this site), "\" is read
# as "/": "/\evil.example" and "\\evil.example" are "//evil.example".
_SPECIAL_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", "file"})


def as_browser_reads(value):
    """`value` (references decoded) with what a URL parser ignores removed, and "\\" as "/"
    where the parser reads it so."""
    value = _TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE))
    scheme = scheme_of(value)
    if scheme is None or scheme in _SPECIAL_SCHEMES:
        value = value.replace("\\", "/")
    return value


def scheme_of(value):
    """The lower-cased scheme of an address as a browser reads it, or None for a relative one."""
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else None


def is_site_path(value):
    """A path on this site ("/..."). A protocol-relative address ("//evil.example/x", however
    spelled) leads off the site without saying so, and other relative addresses break when
    the article is shown at another address (a feed, a preview), so neither counts."""
    return value.startswith("/") and not value.startswith("//")


def allowed_href(value):
    """http, https and mailto addresses, paths on this site ("/..."), and "#fragment" links."""
    value = as_browser_reads(value)
    if value.startswith("#"):
        return True
    return is_site_path(value) or scheme_of(value) in ALLOWED_SCHEMES


def allowed_image_source(value):
    """http and https addresses, and paths on this site: the editor's image button inserts
    uploads as "/media/..."."""
    value = as_browser_reads(value)
    return is_site_path(value) or scheme_of(value) in IMAGE_SCHEMES


def leads_off_site_while_looking_local(value):
    """True for an address that reads as relative (no scheme) yet resolves to another host:
    what a test, or a reviewer, asks of every href and src the sanitizer keeps."""
    value = as_browser_reads(value)
    return scheme_of(value) is None and value.startswith("//")

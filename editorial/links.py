"""Addresses of pages named by a slug, made without a reverse() per link.

A list or front page prints a few hundred links (articles, sections, authors); reverse() walks the
URL configuration for each. The address of `name` with any slug is the same prefix and suffix
around the quoted slug, so reverse() runs once per name, language and script prefix.
"""

from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language

PLACEHOLDER = "slug-placeholder"
# What reverse() leaves unquoted in a path argument: the result is the same address.
SAFE = RFC3986_SUBDELIMS + "/~:@"
_around = {}


def slug_url(name, slug):
    """reverse(name, kwargs={"slug": slug}), for URL patterns whose one argument is a slug."""
    before, after = slug_url_parts(name)
    return f"{before}{quote_slug(slug)}{after}"


def slug_url_parts(name):
    """(before, after): the address of `name` for any slug, in the active language, is
    before + quote_slug(slug) + after. For a page of thousands of links (a sitemap)."""
    key = (name, get_language(), get_script_prefix())
    around = _around.get(key)
    if around is None:
        around = _around[key] = reverse(name, kwargs={"slug": PLACEHOLDER}).split(PLACEHOLDER)
    return around


def quote_slug(slug):
    return quote(str(slug), safe=SAFE)

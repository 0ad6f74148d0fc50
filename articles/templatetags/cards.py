"""What every article card of an edition shares, worked out once per language rather than once per card.

A front page shows over a hundred cards. Each one used to look up the active language, the script
prefix, the time zone, the date format and its labels, and to go through format_html and the
translated fields' descriptors for every piece; the card tag (public.article_card) now asks the
kit of its edition for them, so a card's own work is its text.
"""

import functools
import html
import re
from types import SimpleNamespace

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils import dateformat, formats, timezone, translation

from editorial.languages import localized
from editorial.links import quote_slug, slug_url_parts

# A run of Latin script: starts with a Latin letter or digit, goes on through Latin letters, digits,
# spaces and ASCII punctuation (OPEC+, 3%, U.S., COP28), and ends before trailing spaces.
LATIN_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f!-/:-@\[-`{-~ ]*")


def escape_text(text):
    """django.utils.html.escape() without its lazy-string wrapper: the same characters, as a plain str."""
    return html.escape(str(text))


def isolate_text(text, bidi):
    """Escaped text, with its Latin runs in <bdi> when the page is right-to-left (see public.isolate)."""
    text = "" if text is None else str(text)
    if not bidi:
        return html.escape(text)
    parts = []
    position = 0
    for match in LATIN_RUN.finditer(text):
        run = match.group().rstrip(" ")
        parts.append(html.escape(text[position : match.start()]))
        parts.append(f"<bdi>{html.escape(run)}</bdi>")
        position = match.start() + len(run)
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def _linker(name):
    """A function slug -> escaped address of URL pattern `name` (as slug_url(), escaped for an attribute)."""
    before, after = slug_url_parts(name)
    return lambda slug: html.escape(f"{before}{quote_slug(slug)}{after}")


@functools.lru_cache(maxsize=256)
def _fixed_url(name, code, prefix):
    return reverse(name)


def fixed_url(name):
    """reverse(name) for a page without arguments, once per language and script prefix."""
    return _fixed_url(name, translation.get_language(), get_script_prefix())


def edition_kit():
    """The kit of the active language, script prefix and time zone."""
    return _kit(translation.get_language(), get_script_prefix(), timezone.get_current_timezone())


@functools.lru_cache(maxsize=64)
def _kit(code, prefix, zone):
    bidi = translation.get_language_bidi()
    return SimpleNamespace(
        title=localized("title", code),
        slug=localized("slug", code),
        standfirst=localized("standfirst", code),
        name=localized("name", code),
        isolate=functools.partial(isolate_text, bidi=bidi),
        article_url=_linker("article_detail"),
        section_url=_linker("section_detail"),
        author_url=_linker("author_detail"),
        breaking=f'  <p class="label label--breaking">{escape_text(translation.gettext("Breaking"))}</p>\n',
        by=escape_text(translation.gettext("By")),
        and_=f" {escape_text(translation.gettext('and'))} ",
        comma=f"{escape_text(translation.gettext(','))} ",
        # An article's time reads the same on every page of the edition: formatted once per article.
        moment=functools.lru_cache(maxsize=2048)(functools.partial(_moment, formats.get_format("DATETIME_FORMAT"))),
    )


def _moment(layout, published):
    """(machine-readable, displayed) time of a card, both escaped; empty for an article never published."""
    if published is None:
        return "", ""
    local = timezone.template_localtime(published)
    return html.escape(local.isoformat()), html.escape(dateformat.format(local, layout))


@receiver(setting_changed)
def _forget_kits(**kwargs):
    # Languages, formats or the time zone may have changed (tests override settings).
    _kit.cache_clear()
    _fixed_url.cache_clear()

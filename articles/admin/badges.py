"""Which languages an article is complete in, as the admin shows it."""

from django.conf import settings
from django.utils.html import format_html_join
from django.utils.translation import gettext

from editorial.languages import language_codes


def language_badges(article, verbose=False):
    available = article.available_languages
    stale = article.stale_translations
    names = dict(settings.LANGUAGES)
    parts = []
    for code in language_codes():
        if code in stale:
            state, label = (
                "stale",
                gettext("%(language)s: translation older than the original") % {"language": names[code]},
            )
        elif code in available:
            state, label = "complete", gettext("%(language)s: complete") % {"language": names[code]}
        else:
            state, label = "missing", gettext("%(language)s: missing headline or body") % {"language": names[code]}
        parts.append((state, label, code.upper(), label if verbose else ""))
    return format_html_join(
        " ",
        '<span class="nr-lang nr-lang--{}" title="{}">{} <span class="nr-lang__text">{}</span></span>',
        parts,
    )

import functools
import json
import math
import re
import time

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from editorial.languages import edition_text, language_codes

from . import cards
from .cards import escape_text

register = template.Library()

WORDS_PER_MINUTE = {"ar": 180, "en": 230}
WORD = re.compile(r"\w+")
# Like django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
# A deployment drops its wordmark here (Google wants a raster logo); none is shipped, as the
# site name is configurable.
LOGO = "img/logo.png"
# Seconds a process trusts what it found of the logo: looking through every app's static folder
# cost each article page a dozen file system calls. A logo dropped in shows within this time.
LOGO_RECHECK = 60
_logo = {}


def logo_url():
    """The logo's static address, None when the site has none: looked up at most every LOGO_RECHECK
    seconds per process, and again whenever settings change (tests override the static files')."""
    now = time.monotonic()
    if _logo.get("until", 0) <= now:
        _logo.update(url=static(LOGO) if finders.find(LOGO) else None, until=now + LOGO_RECHECK)
    return _logo["url"]


@receiver(setting_changed)
def _forget_logo(**kwargs):
    _logo.clear()


@register.filter
def reading_minutes(html):
    return max(1, math.ceil(word_count(html or "") / WORDS_PER_MINUTE.get(translation.get_language(), 220)))


@functools.lru_cache(maxsize=256)
def word_count(html):
    # Stripping the tags parses the whole body: once per text, not once per page view. The most
    # read few hundred bodies kept (a few MB), keyed by the text itself: an edit is a new key.
    return len(WORD.findall(strip_tags(html)))


@register.simple_tag
def language_name(code):
    return translation.get_language_info(code)["name_local"]


@register.simple_tag(takes_context=True)
def absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


@register.simple_tag
def address(name):
    """{% url name %} of a page without arguments (home, latest, search, feeds): a page prints a few."""
    return cards.fixed_url(name)


@register.simple_tag
def switcher(alternates, current):
    """(code, local name, url or None) for each language but the current one."""
    return [
        (code, translation.get_language_info(code)["name_local"], (alternates or {}).get(code))
        for code in language_codes()
        if code != current
    ]


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    request = context["request"]
    code = translation.get_language()
    published = published_at(article)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "inLanguage": code,
        "datePublished": published,
        "dateModified": updated_at(article) or published,
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": request.build_absolute_uri("/"),
        },
    }
    if edition(article, "standfirst"):
        data["description"] = edition(article, "standfirst")
    authors = [
        {
            "@type": "Person",
            "name": byline.author.name,
            "url": request.build_absolute_uri(byline.author.get_absolute_url()),
        }
        for byline in article.bylines.all()
    ]
    if not authors and article.source:
        # Agency copy without bylines: the agency is the author.
        authors = [{"@type": "Organization", "name": article.source}]
    if authors:
        data["author"] = authors
    keywords = [name for tag in article_tags(article) if (name := edition(tag, "name"))]
    if keywords:
        data["keywords"] = keywords
    if logo := logo_url():
        data["publisher"]["logo"] = {"@type": "ImageObject", "url": request.build_absolute_uri(logo)}
    if article.section and edition(article.section, "name"):
        data["articleSection"] = edition(article.section, "name")
    if article.lead_image:
        # The 1200x630 crop around the focal point (Open Graph's too), not the original.
        data["image"] = [request.build_absolute_uri(article.lead_image.social()[0])]
    if edition(article, "dateline"):
        data["dateline"] = edition(article, "dateline")
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def edition(obj, field):
    """`obj.<field>` in the current language only: an Arabic page never shows English text as a fallback."""
    return edition_text(obj, field)


@register.filter
def article_tags(article):
    """The article's tags: as the detail view loaded them (no query), else from the database."""
    tags = getattr(article, "tag_list", None)
    return tags if tags is not None else list(article.tags.all())


@register.filter
def published_at(article):
    return article.published_time()


@register.filter
def updated_at(article):
    return article.edition_updated_time(translation.get_language())


@register.filter
def breaking_now(article):
    return article.is_breaking_now()


@register.filter(needs_autoescape=False)
def isolate(text):
    """Escaped text with its Latin runs in <bdi>, on right-to-left pages.

    "أوبك+ OPEC+ يرتفع 3%" would otherwise show "+OPEC": the run is laid out on its own.
    """
    return mark_safe(cards.isolate_text(text, translation.get_language_bidi()))  # noqa: S308 -- every piece is escaped


@register.simple_tag
def article_card(article, level=3, compact=False, hide_section=False):
    """An article card: headline, standfirst (unless compact), section (unless hidden), time and
    bylines (unless compact). Built here rather than by a template include: a front page shows over
    a hundred cards, and including a template for each cost most of its render. Plain strings and
    html.escape rather than format_html, and what the edition's cards share worked out once
    (cards.edition_kit): each card's own work is its text."""
    kit = cards.edition_kit()
    breaking = article.is_breaking_now()
    parts = ['<article class="card card--breaking">\n' if breaking else '<article class="card">\n']
    if breaking:
        parts.append(kit.breaking)
    title = getattr(article, kit.title) or article.title  # the title's own column, else its fallback
    url = kit.article_url(getattr(article, kit.slug) or article.slug)
    parts.append(f'  <h{level} class="card__title"><a href="{url}">{kit.isolate(title)}</a></h{level}>\n')
    standfirst = getattr(article, kit.standfirst, "")
    if standfirst and not compact:
        parts.append(f'  <p class="card__standfirst">{kit.isolate(standfirst)}</p>\n')
    parts.append('  <p class="card__meta">\n    ')
    # Not even read when hidden: a front page's section blocks load no section with their cards.
    section = article.section if article.section_id and not hide_section else None
    name = getattr(section, kit.name, "") if section else ""
    if name:
        parts.append(
            f'<a class="card__section" href="{kit.section_url(section.slug)}">{escape_text(name)}</a> &middot; '
        )
    parts.append('<time datetime="{}">{}</time>\n  </p>\n'.format(*kit.moment(article.published_time())))
    if not compact:
        parts.append("  " + bylines(article, kit))
    parts.append("</article>")
    return mark_safe("".join(parts))  # noqa: S308 -- every piece is escaped by escape_text or isolate()


@register.simple_tag
def article_bylines(article):
    """The article page's bylines: "By A (Reporter), B (Editor) and C (Photographer)", linked."""
    return mark_safe(bylines(article, cards.edition_kit(), roles=True))  # noqa: S308 -- escaped in bylines()


@register.simple_tag
def article_cards(articles, level=3, compact=False, hide_section=False):
    """{% for article in articles %}{% article_card article ... %}{% endfor %}, in one tag: the loop's
    context and the tag's arguments once per list, not once per card."""
    return mark_safe("".join(article_card(article, level, compact, hide_section) for article in articles))  # noqa: S308 -- cards are safe


def bylines(article, kit, roles=False):
    """ "By A, B and C", linked to the authors' pages, each with their role if `roles`."""
    found = list(article.bylines.all())
    if not found:
        return ""
    last = len(found) - 1
    names = []
    for index, byline in enumerate(found):
        author = byline.author
        names.append(f'<a href="{kit.author_url(author.slug)}" rel="author"><bdi>{escape_text(author.name)}</bdi></a>')
        if roles:
            names.append(f' <span class="byline__role">({escape_text(byline.get_role_display())})</span>')
        if index < last:
            names.append(kit.and_ if index == last - 1 else kit.comma)
    return f'<p class="byline">{kit.by} {"".join(names)}</p>'

import json
import math
import re

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import dateformat, formats, translation
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from editorial.languages import edition_text, language_codes

register = template.Library()

WORDS_PER_MINUTE = {"ar": 180, "en": 230}
WORD = re.compile(r"\w+")
# Like django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
# A run of Latin script: starts with a Latin letter or digit, goes on through Latin letters, digits,
# spaces and ASCII punctuation (OPEC+, 3%, U.S., COP28), and ends before trailing spaces.
LATIN_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f!-/:-@\[-`{-~ ]*")
# A deployment drops its wordmark here (Google wants a raster logo); none is shipped, as the
# site name is configurable.
LOGO = "img/logo.png"


@register.filter
def reading_minutes(html):
    words = len(WORD.findall(strip_tags(html or "")))
    return max(1, math.ceil(words / WORDS_PER_MINUTE.get(translation.get_language(), 220)))


@register.simple_tag
def language_name(code):
    return translation.get_language_info(code)["name_local"]


@register.simple_tag(takes_context=True)
def absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


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
    if finders.find(LOGO):
        data["publisher"]["logo"] = {"@type": "ImageObject", "url": request.build_absolute_uri(static(LOGO))}
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
    text = "" if text is None else str(text)
    if not translation.get_language_bidi():
        return escape(text)
    parts = []
    position = 0
    for match in LATIN_RUN.finditer(text):
        run = match.group().rstrip(" ")
        end = match.start() + len(run)
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<bdi>{escape(run)}</bdi>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 -- every piece of the reader-supplied text is escaped


@register.simple_tag
def article_card(article, level=3, compact=False, hide_section=False):
    """An article card: headline, standfirst (unless compact), section (unless hidden), time and
    bylines (unless compact). Built here rather than by a template include: a front page shows over
    a hundred cards, and including a template for each cost most of its render."""
    breaking = article.is_breaking_now()
    parts = [format_html('<article class="card{}">\n', " card--breaking" if breaking else "")]
    if breaking:
        parts.append(format_html('  <p class="label label--breaking">{}</p>\n', translation.gettext("Breaking")))
    parts.append(
        format_html(
            '  <h{0} class="card__title"><a href="{1}">{2}</a></h{0}>\n',
            level,
            article.get_absolute_url(),
            isolate(article.title),
        )
    )
    standfirst = edition_text(article, "standfirst")
    if standfirst and not compact:
        parts.append(format_html('  <p class="card__standfirst">{}</p>\n', isolate(standfirst)))
    parts.append('  <p class="card__meta">\n    ')
    section = article.section if article.section_id else None
    name = edition_text(section, "name") if section else ""
    if name and not hide_section:
        parts.append(
            format_html('<a class="card__section" href="{}">{}</a> &middot; ', section.get_absolute_url(), name)
        )
    published = template_localtime(article.published_time())
    moment = (
        (dateformat.format(published, "c"), formats.date_format(published, "DATETIME_FORMAT"))
        if published
        else ("", "")
    )
    parts.append(format_html('<time datetime="{}">{}</time>\n  </p>\n', *moment))
    if not compact:
        parts.append("  " + bylines(article))
    parts.append("</article>")
    return mark_safe("".join(parts))  # noqa: S308 -- every piece is escaped by format_html or isolate()


def bylines(article):
    """ "By A, B and C", linked to the authors' pages (as includes/bylines.html without roles)."""
    found = list(article.bylines.all())
    if not found:
        return ""
    last = len(found) - 1
    names = []
    for index, byline in enumerate(found):
        names.append(
            format_html(
                '<a href="{}" rel="author"><bdi>{}</bdi></a>', byline.author.get_absolute_url(), byline.author.name
            )
        )
        if index < last:
            names.append(f" {translation.gettext('and')} " if index == last - 1 else f"{translation.gettext(',')} ")
    return format_html('<p class="byline">{} {}</p>', translation.gettext("By"), mark_safe("".join(names)))  # noqa: S308

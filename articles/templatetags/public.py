import json
import math
import re

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from modeltranslation.utils import build_localized_fieldname

register = template.Library()

WORDS_PER_MINUTE = {"ar": 180, "en": 230}
WORD = re.compile(r"\w+")
# Like django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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
        for code, _name in settings.LANGUAGES
        if code != current
    ]


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else None


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    request = context["request"]
    code = translation.get_language()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": edition(article, "standfirst"),
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "inLanguage": code,
        "datePublished": article.first_published_at or article.publish_at,
        "dateModified": article.updated_at,
        "author": [
            {
                "@type": "Person",
                "name": byline.author.name,
                "url": request.build_absolute_uri(byline.author.get_absolute_url()),
            }
            for byline in article.bylines.all()
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": request.build_absolute_uri("/"),
        },
        "keywords": [tag.name for tag in article.tags.all()],
    }
    if article.section:
        data["articleSection"] = article.section.name
    if article.image:
        data["image"] = [request.build_absolute_uri(article.image.url)]
    if edition(article, "dateline"):
        data["dateline"] = edition(article, "dateline")
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def edition(obj, field):
    """`obj.<field>` in the current language only: an Arabic page never shows English text as a fallback."""
    return getattr(obj, build_localized_fieldname(field, translation.get_language()), "") or ""

"""sitemap.xml (every edition, with hreflang alternates) and the Google News sitemap."""

import math
from datetime import timedelta
from html import escape as xml_escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, Min
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from articles.cache import PAGE_NUMBER, public_page, shows
from articles.dependencies import LATEST, SITEMAP
from articles.models import Article
from editorial.languages import edition_text, language_codes, localized_names
from editorial.links import quote_slug, slug_url_parts
from taxonomy.models import Section

NEWS_WINDOW = timedelta(hours=48)


def article_pages():
    """(pages, first id) of the article sitemap: pages are ranges of ARTICLE_IDS_PER_PAGE ids from
    the oldest published article's, so their number comes from the lowest and highest published
    ids (one query, each end read from the primary key's index), not from a count; ranges start at
    the lowest id so that no page is empty before the first article."""
    ids = Article.objects.published().aggregate(low=Min("pk"), high=Max("pk"))
    if ids["low"] is None:
        return 1, 1
    return math.ceil((ids["high"] - ids["low"] + 1) / ARTICLE_IDS_PER_PAGE), ids["low"]


def article_sitemap(request, page, first_id=1):
    """The article sitemap's page `page`, as XML: each published article whose id is in the page's
    range, once per edition it can be read in, with its alternates. Only slugs, dates and the stored
    in_<code> columns are read, in id order, from the primary key's index; the XML is written here,
    not by a template (ten thousand URLs a page)."""
    codes = language_codes()
    rows = (
        Article.objects.published()
        .filter(pk__gte=first_id + (page - 1) * ARTICLE_IDS_PER_PAGE, pk__lt=first_id + page * ARTICLE_IDS_PER_PAGE)
        .order_by("pk")
        # The day in the site's time zone, worked out by the database (not a localtime() per row).
        .annotate(lastmod=TruncDate("updated_at"))
        .values_list("lastmod", "original_language", *localized_names("in"), *localized_names("slug"))
    )
    around = edition_addresses(request, codes)
    parts = [URLSET_START]
    for updated, original, *columns in rows:
        available, slugs = columns[: len(codes)], columns[len(codes) :]
        locations = {}
        # Each edition's address carries that edition's slug (see Article.url_in()).
        for code, there, slug in zip(codes, available, slugs, strict=True):
            if there and slug:
                before, after = around[code]
                locations[code] = xml_escape(f"{before}{quote_slug(slug)}{after}")
        default = locations.get(original) or next(iter(locations.values()), None)
        links = "".join(ALTERNATE.format(code, location) for code, location in locations.items())
        links += ALTERNATE.format("x-default", default) if default else ""
        lastmod = updated.isoformat()
        parts.extend(URL.format(location, lastmod, links) for location in locations.values())
    parts.append("</urlset>\n")
    return HttpResponse("".join(parts), content_type="application/xml; charset=utf-8")


def edition_addresses(request, codes):
    """{code: (before, after)}: an article's absolute address in each edition is before + its
    quoted slug + after, worked out once per page rather than once per URL (thousands a page)."""
    site = request.build_absolute_uri("/")[:-1]
    around = {}
    for code in codes:
        with translation.override(code):
            before, after = slug_url_parts("article_detail")
        around[code] = (site + before, after)
    return around


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URL = "<url><loc>{}</loc><lastmod>{}</lastmod><changefreq>daily</changefreq>{}</url>\n"
ALTERNATE = '<xhtml:link rel="alternate" hreflang="{}" href="{}"/>'


class SectionSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "hourly"

    def items(self):
        return Section.objects.all()

    def get_languages_for_item(self, item):
        # An edition lists a section only under a name of its own (the menu does the same).
        return [code for code in language_codes() if edition_text(item, "name", code)]


# An article appears once per edition (two URLs, each with its alternates): under the 50,000 URLs
# and 50 MB a sitemap may hold.
ARTICLE_IDS_PER_PAGE = 5000
# Google News reads at most 1,000 URLs of a news sitemap.
NEWS_LIMIT = 1000
sitemaps = {"sections": SectionSitemap}


def _xml(request, template, context):
    return TemplateResponse(request, template, context, content_type="application/xml; charset=utf-8")


@require_safe
@public_page
def sitemap_index(request):
    shows(request, SITEMAP)
    location = request.build_absolute_uri(reverse("sitemap_section", kwargs={"section": "articles"}))
    pages = [{"location": location + (f"?p={page}" if page > 1 else "")} for page in range(1, article_pages()[0] + 1)]
    sections = {"location": request.build_absolute_uri(reverse("sitemap_section", kwargs={"section": "sections"}))}
    return _xml(request, "sitemap_index.xml", {"sitemaps": [*pages, sections]})


@require_safe
@public_page(params=("p",))
def sitemap_section(request, section):
    if section != "articles":
        return sitemap_views.sitemap(request, sitemaps=sitemaps, section=section)
    number = request.GET.get("p") or "1"
    pages, first_id = article_pages()
    if not PAGE_NUMBER.fullmatch(number) or not 1 <= int(number) <= pages:
        raise Http404("There is no such page.")
    shows(request, SITEMAP)
    return article_sitemap(request, int(number), first_id)


@require_safe
@public_page
def news_sitemap(request):
    """Google News sitemap: articles first published in the last 48 hours, one entry per edition."""
    now = timezone.now()
    # A scheduled article that came due by itself may have no first_published_at: its
    # publish_at is when it was first published.
    shows(request, LATEST)
    # Read on the publication time's index (an article is first published no later than its
    # publish_at is set), at most NEWS_LIMIT of them, without their bodies.
    codes = language_codes()
    rows = (
        Article.objects.published(now)
        .filter(publish_at__gte=now - NEWS_WINDOW)
        .annotate(published=Coalesce("first_published_at", "publish_at"))
        .filter(published__gte=now - NEWS_WINDOW)
        .order_by("-published", "-pk")
        .values_list("published", *localized_names("in"), *localized_names("slug"), *localized_names("title"))
    )[:NEWS_LIMIT]
    around = edition_addresses(request, codes)
    # The site's time zone, as the template's date filter would use it (once, not per entry).
    zone = timezone.get_current_timezone()
    publication = xml_escape(settings.NEWSROOM_SITE_NAME)
    parts = [NEWS_START]
    count = len(codes)
    for published, *columns in rows:
        available, slugs, titles = columns[:count], columns[count : 2 * count], columns[2 * count :]
        for code, there, slug, title in zip(codes, available, slugs, titles, strict=True):
            if there and slug:
                before, after = around[code]
                location = xml_escape(f"{before}{quote_slug(slug)}{after}")
                when = published.astimezone(zone).isoformat()
                parts.append(NEWS_URL.format(location, publication, code, when, xml_escape(title)))
    parts.append("</urlset>\n")
    return HttpResponse("".join(parts), content_type="application/xml; charset=utf-8")


NEWS_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
)
NEWS_URL = (
    "<url>\n  <loc>{}</loc>\n  <news:news>\n    <news:publication><news:name>{}</news:name>"
    "<news:language>{}</news:language></news:publication>\n    <news:publication_date>{}</news:publication_date>\n"
    "    <news:title>{}</news:title>\n  </news:news>\n</url>\n"
)

"""sitemap.xml (every edition, with hreflang alternates) and the Google News sitemap."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from articles.cache import public_page
from articles.models import Article
from editorial.languages import edition_text, language_codes, localized_names
from taxonomy.models import Section

NEWS_WINDOW = timedelta(hours=48)


class ArticleSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .only(
                *localized_names("title"),
                *localized_names("in"),  # available_languages reads these, never the bodies
                "slug",
                "updated_at",
                "publish_at",
                "original_language",
            )
            .order_by("-publish_at", "-pk")
        )

    def get_languages_for_item(self, item):
        # Only the editions the article can really be read in.
        return item.available_languages

    def lastmod(self, item):
        return item.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # Django's x-default is the default language's URL, which an Arabic-only article lacks:
        # point it at the original language's version (or the only one).
        for url in urls:
            real = [alt for alt in url.get("alternates") or [] if alt["lang_code"] != "x-default"]
            if not real:
                continue
            item = url["item"][0] if isinstance(url["item"], tuple) else url["item"]
            original = next((alt for alt in real if alt["lang_code"] == item.original_language), real[0])
            url["alternates"] = real + [{"lang_code": "x-default", "location": original["location"]}]
        return urls


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


sitemaps = {"articles": ArticleSitemap, "sections": SectionSitemap}


@require_safe
@public_page
def news_sitemap(request):
    """Google News sitemap: articles first published in the last 48 hours, one entry per edition."""
    now = timezone.now()
    # A scheduled article that came due by itself may have no first_published_at: its
    # publish_at is when it was first published.
    articles = (
        Article.objects.published(now)
        .annotate(published=Coalesce("first_published_at", "publish_at"))
        .filter(published__gte=now - NEWS_WINDOW)
        .order_by("-published", "-pk")
    )
    entries = []
    for article in articles:
        for code in article.available_languages:
            with translation.override(code):
                entries.append(
                    {
                        "loc": request.build_absolute_uri(article.get_absolute_url()),
                        "language": code,
                        "title": article.title,
                        "published": article.published,
                    }
                )
    return TemplateResponse(
        request,
        "sitemaps/news.xml",
        {"entries": entries, "publication": settings.NEWSROOM_SITE_NAME},
        content_type="application/xml; charset=utf-8",
    )

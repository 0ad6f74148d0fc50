from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from modeltranslation.utils import build_localized_fieldname

from articles import search as article_search
from articles.cache import live_generation, never_cache_private, page_path, public_page, shared
from articles.models import Article, Author, Byline, language_codes
from articles.publishing import article_for_preview_token
from taxonomy.models import Section, Tag

PAGE_SIZE = 20
HOME_LATEST = 12
SECTION_BLOCK_SIZE = 4
RELATED_COUNT = 4


def edition_articles(code=None):
    """What readers of edition `code` may see: published, due, and written in that language."""
    return Article.objects.published().in_language(code or get_language())


def card_fields():
    """The columns an article card shows: lists never load bodies (large, and grouped by in SQL)."""
    translated = [build_localized_fieldname(f, code) for f in ("title", "standfirst") for code in language_codes()]
    return ["slug", "section", "publish_at", "first_published_at", "is_breaking", "status", *translated]


def cards(queryset):
    return queryset.select_related("section").only(*card_fields())


def with_bylines(queryset):
    return cards(queryset).prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "pk"))
    )


def nav_sections(request):
    generation = getattr(request, "public_generation", None) or live_generation()
    code = get_language()

    def compute():
        return [
            {"name": section.name, "url": section.get_absolute_url()}
            for section in Section.objects.only("slug", "name_en", "name_ar", "position")
        ]

    return shared(f"nav:{code}", generation, compute)


def page_context(request, **context):
    context.setdefault("nav_sections", nav_sections(request))
    context.setdefault("site_name", settings.NEWSROOM_SITE_NAME)
    alternates = context.get("alternates") or {}
    context.setdefault("x_default", alternates.get(settings.LANGUAGE_CODE) or next(iter(alternates.values()), None))
    return context


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def root_redirect(request):
    """`/` sends readers to their edition, chosen from Accept-Language."""
    code = translation.get_language_from_request(request, check_path=False)
    with translation.override(code):
        response = HttpResponseRedirect(reverse("home"))
    response["Vary"] = "Accept-Language, Cookie"
    return response


@require_safe
@public_page
def home(request):
    base = edition_articles()
    latest = list(cards(base)[:HOME_LATEST])
    lead = next((article for article in latest if article.is_breaking), latest[0] if latest else None)
    others = [article for article in latest if article is not lead]
    ranked = (
        cards(base.filter(section__isnull=False))
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("section")], order_by=[F("publish_at").desc(), F("pk").desc()])
        )
        .filter(rank__lte=SECTION_BLOCK_SIZE)
        .order_by("section__position", "section__slug", "rank")
    )
    blocks = []
    for article in ranked:
        if not blocks or blocks[-1]["section"].pk != article.section_id:
            blocks.append({"section": article.section, "articles": []})
        blocks[-1]["articles"].append(article)
    # Section blocks show compact cards (headline, time): bylines only for the lead and latest.
    prefetch_related_objects(
        latest, Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "pk"))
    )
    return TemplateResponse(
        request,
        "articles/home.html",
        page_context(
            request,
            lead=lead,
            latest=others,
            section_blocks=blocks,
            alternates=alternate_urls(request),
            # The root URL picks the reader's edition: the page for readers of no listed language.
            x_default=reverse("root"),
        ),
    )


@require_safe
@public_page
def article_list(request):
    page = paginate(request, with_bylines(edition_articles()))
    return TemplateResponse(
        request,
        "articles/article_list.html",
        page_context(request, page_obj=page, alternates=alternate_urls(request)),
    )


def alternate_urls(request, languages=None):
    """{language code: URL of this page in that edition} for the languages the page exists in."""
    codes = languages or [code for code, _name in settings.LANGUAGES]
    path = page_path(request)
    return {code: translate_url(path, code) for code in codes}


def article_detail_queryset():
    return Article.objects.published().with_related()


@require_safe
@public_page
def article_detail(request, slug):
    article = get_object_or_404(article_detail_queryset(), slug=slug)
    return render_article(request, article)


def render_article(request, article, preview=False):
    code = get_language()
    available = article.available_languages
    if code not in available:
        # The article exists, only not in this edition: say so and point to the edition it is in.
        return TemplateResponse(
            request,
            "articles/article_unavailable.html",
            page_context(
                request,
                article=article,
                other_editions=[
                    {
                        "code": other,
                        "name": translation.get_language_info(other)["name_translated"],
                        "url": translate_url(request.path, other),
                        "title": _title_in(article, other),
                    }
                    for other in available
                ],
                preview=preview,
            ),
            status=404,
        )
    tag_ids = [tag.pk for tag in article.tags.all()]
    related = []
    if tag_ids:
        related = list(
            cards(edition_articles(code).filter(tagged_items__tag_id__in=tag_ids).exclude(pk=article.pk))
            .annotate(shared_tags=Count("tagged_items"))
            .order_by("-shared_tags", "-publish_at", "-pk")[:RELATED_COUNT]
        )
    alternates = {other: translate_url(request.path, other) for other in available}
    return TemplateResponse(
        request,
        "articles/article_detail.html",
        page_context(
            request,
            article=article,
            related=related,
            alternates=alternates,
            x_default=alternates.get(article.original_language) or next(iter(alternates.values())),
            preview=preview,
        ),
    )


def _title_in(article, code):
    with translation.override(code):
        return article.title


@require_safe
@never_cache_private
def article_preview(request, token):
    article = article_for_preview_token(token)
    if article is None:
        raise Http404(_("This preview link is not valid or has expired."))
    response = render_article(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@public_page
def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = paginate(request, with_bylines(edition_articles().filter(section=section)))
    return TemplateResponse(
        request,
        "taxonomy/section_detail.html",
        page_context(request, section=section, page_obj=page, alternates=alternate_urls(request)),
    )


@require_safe
@public_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, with_bylines(edition_articles().filter(tagged_items__tag=tag)))
    return TemplateResponse(
        request,
        "taxonomy/tag_detail.html",
        page_context(request, tag=tag, page_obj=page, alternates=alternate_urls(request)),
    )


@require_safe
@public_page
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    page = paginate(request, with_bylines(edition_articles().filter(bylines__author=author).distinct()))
    return TemplateResponse(
        request,
        "articles/author_detail.html",
        page_context(request, author=author, page_obj=page, alternates=alternate_urls(request)),
    )


@require_safe
@public_page
def search(request):
    query = request.GET.get("q", "")
    words = article_search.terms(query)
    page = (
        paginate(request, with_bylines(article_search.search(edition_articles(), query, get_language())))
        if words
        else None
    )
    return TemplateResponse(
        request,
        "articles/search.html",
        page_context(
            request,
            query=query[: article_search.MAX_QUERY_LENGTH],
            searched=bool(query.strip()),
            words=words,
            page_obj=page,
            alternates=alternate_urls(request),
            noindex=True,
        ),
    )


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/admin/",
        "Disallow: /ar/admin/",
        "Disallow: /en/preview/",
        "Disallow: /ar/preview/",
        "Disallow: /en/search/",
        "Disallow: /ar/search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news_sitemap'))}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def page_not_found(request, exception=None):
    try:
        context = page_context(request)
    except Exception:  # noqa: BLE001 -- the error page must render even if the cache is down
        context = {"site_name": settings.NEWSROOM_SITE_NAME, "nav_sections": []}
    return render(request, "404.html", context, status=404)


def server_error(request):
    # No database or cache here: the failure may be theirs.
    return render(request, "500.html", {"site_name": settings.NEWSROOM_SITE_NAME}, status=500)

"""The public site's pages: thin views over ArticleQuerySet (visibility, cards, prefetches) and the page cache."""

import sys

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db import DatabaseError
from django.db.models import Count, F, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles import search as article_search
from articles.cache import PAGE_NUMBER, never_cache_private, page_path, public_page, request_state
from articles.editions import author_or_404, section_or_404, tag_or_404
from articles.models import Article, byline_prefetch
from articles.workflow import article_for_preview_token
from editorial.languages import language_codes, localized, localized_names

PAGE_SIZE = 20
HOME_LATEST = 12
SECTION_BLOCK_SIZE = 4
RELATED_COUNT = 4


def expire_with_breaking(request, articles):
    """The cached page must not outlive the "Breaking" label of any article it shows."""
    now = timezone.now()
    ends = [article.breaking_until() for article in articles if article.is_breaking_now(now)]
    current = getattr(request, "public_expires", None)
    if ends:
        request.public_expires = min(ends + ([current] if current else []))


def nav_sections(request):
    """The section menu of the edition: sections with a name in its language, in their order."""
    name = localized("name", get_language())
    return [
        {"name": section[name], "url": reverse("section_detail", args=[section["slug"]])}
        for section in request_state(request)["sections"]
        if section.get(name)
    ]


def page_context(request, **context):
    context.setdefault("nav_sections", nav_sections(request))
    context.setdefault("site_name", settings.NEWSROOM_SITE_NAME)
    alternates = context.get("alternates") or {}
    context.setdefault("x_default", alternates.get(settings.LANGUAGE_CODE) or next(iter(alternates.values()), None))
    return context


def paginate(request, queryset, count=None):
    """The requested page; 404 for a page number that is not a number or past the last page.

    `count`, when the caller already knows it, saves the paginator its COUNT query.
    """
    number = request.GET.get("page") or "1"
    if not PAGE_NUMBER.fullmatch(number):
        raise Http404("There is no such page.")
    paginator = Paginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.__dict__["count"] = count
    try:
        page = paginator.page(int(number))
    except InvalidPage as error:
        raise Http404("There is no such page.") from error
    page.object_list = list(page.object_list)
    expire_with_breaking(request, page.object_list)
    return page


def listing(queryset):
    """A list page's articles: cards with their bylines."""
    return queryset.cards().with_bylines()


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
    base = Article.objects.edition()
    latest = list(base.cards()[:HOME_LATEST])
    now = timezone.now()
    # A breaking story leads only while it is news; after the window the newest story leads.
    lead = next((article for article in latest if article.is_breaking_now(now)), latest[0] if latest else None)
    others = [article for article in latest if article is not lead]
    expire_with_breaking(request, latest)
    ranked = (
        base.filter(section__isnull=False)
        .cards()
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
        expire_with_breaking(request, [article])
    # Section blocks show compact cards (headline, time): bylines only for the lead and latest.
    prefetch_related_objects(latest, byline_prefetch())
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
@public_page(params=("page",))
def article_list(request):
    page = paginate(request, listing(Article.objects.edition()))
    return TemplateResponse(
        request,
        "articles/article_list.html",
        page_context(request, page_obj=page, alternates=alternate_urls(request)),
    )


def alternate_urls(request, languages=None):
    """{language code: URL of this page in that edition} for the languages the page exists in."""
    codes = languages or language_codes()
    path = page_path(request)
    return {code: translate_url(path, code) for code in codes}


@require_safe
@public_page
def article_detail(request, slug):
    code = get_language()
    article = Article.objects.published().for_reading().with_slug(code, slug).first()
    if article is None:
        # A slug the article had before in this edition: one hop to its address now, forever.
        moved = Article.objects.published().formerly(code, slug).only(*localized_names("slug")).first()
        if moved is None:
            raise Http404("No article has this address.")
        return HttpResponsePermanentRedirect(moved.url_in(code))
    return render_article(request, article)


def render_article(request, article, preview=False):
    code = get_language()
    available = article.available_languages
    # Each edition's address has that edition's slug; a preview link is the same link in each.
    alternates = {
        other: translate_url(request.path, other) if preview else article.url_in(other) for other in available
    }
    if code not in available:
        # The article exists, only not in this edition: say so and point to the edition it is in.
        return TemplateResponse(
            request,
            "articles/article_unavailable.html",
            page_context(
                request,
                article=article,
                # The language switcher leads to the article itself, not the other edition's home.
                alternates=alternates,
                noindex=True,
                other_editions=[
                    {
                        "code": other,
                        "name": translation.get_language_info(other)["name_translated"],
                        "url": alternates[other],
                        "title": _title_in(article, other),
                    }
                    for other in available
                ],
                preview=preview,
            ),
            status=404,
        )
    article.tag_list = article.listed_tags()
    tag_ids = [tag.pk for tag in article.tag_list]
    related = []
    if tag_ids:
        related = list(
            Article.objects.edition(code)
            .filter(tagged_items__tag_id__in=tag_ids)
            .exclude(pk=article.pk)
            .cards()
            .annotate(shared_tags=Count("tagged_items"))
            .order_by("-shared_tags", "-publish_at", "-pk")[:RELATED_COUNT]
        )
    expire_with_breaking(request, [article, *related])
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
@public_page(params=("page",))
def section_detail(request, slug):
    section = section_or_404(slug)
    page = paginate(request, listing(Article.objects.edition().filter(section=section)), count=section.published)
    return TemplateResponse(
        request,
        "taxonomy/section_detail.html",
        page_context(request, section=section, page_obj=page, alternates=alternate_urls(request)),
    )


@require_safe
@public_page(params=("page",))
def tag_detail(request, slug):
    tag = tag_or_404(slug)
    page = paginate(request, listing(Article.objects.edition().filter(tagged_items__tag=tag)), count=tag.published)
    return TemplateResponse(
        request,
        "taxonomy/tag_detail.html",
        page_context(request, tag=tag, page_obj=page, alternates=alternate_urls(request)),
    )


@require_safe
@public_page(params=("page",))
def author_detail(request, slug):
    author = author_or_404(slug)
    page = paginate(
        request, listing(Article.objects.edition().filter(bylines__author=author).distinct()), count=author.published
    )
    return TemplateResponse(
        request,
        "articles/author_detail.html",
        page_context(request, author=author, page_obj=page, alternates=alternate_urls(request)),
    )


@require_safe
@public_page(store=False, params=("q", "page"))
def search(request):
    query = request.GET.get("q", "")
    words = article_search.terms(query)
    page = (
        paginate(request, article_search.RankedResults(listing(Article.objects.edition()), query, get_language()))
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
    private = ["/admin/"]
    for name, kwargs in (("admin:index", {}), ("article_preview", {"token": "-"}), ("search", {})):
        for code in language_codes():
            with translation.override(code):
                path = reverse(name, kwargs=kwargs)
            # The preview's folder, not one link's address.
            private.append(path.rpartition("-/")[0] if kwargs else path)
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in private),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news_sitemap'))}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def page_not_found(request, exception=None):
    code = get_language()
    if not translation.get_language_from_path(request.path_info):
        # Outside /en/ and /ar/ (e.g. /nope/) nothing chose a language: the reader's browser does.
        code = translation.get_language_from_request(request, check_path=False)
    with translation.override(code):
        try:
            context = page_context(request)
        except Exception:  # noqa: BLE001 -- the error page must render even if the database is down
            context = {"site_name": settings.NEWSROOM_SITE_NAME, "nav_sections": []}
        response = render(request, "404.html", context, status=404)
    if code != get_language():
        response["Vary"] = "Accept-Language"
        response["Content-Language"] = code
    return response


# Seconds a reader (or a crawler) is asked to wait when the database does not answer.
RETRY_AFTER = 60


def server_error(request):
    # No database or cache here: the failure may be theirs.
    context = {"site_name": settings.NEWSROOM_SITE_NAME}
    if isinstance(sys.exc_info()[1], DatabaseError):
        # The database is down or unreachable: say "come back soon", not "something broke". The
        # next request connects afresh, so the site recovers by itself when the database is back.
        response = render(request, "503.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return render(request, "500.html", context, status=500)

"""The public site's pages: thin views over ArticleQuerySet (visibility, cards, prefetches) and the page cache."""

import sys

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db import DatabaseError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles import search as article_search
from articles.cache import PAGE_NUMBER, never_cache_private, page_path, public_page, request_state, shows
from articles.dependencies import LATEST, article_key, author_key, section_key, shown_key, tag_key
from articles.editions import author_or_404, section_or_404, tag_or_404
from articles.models import Article, byline_prefetch
from articles.pagination import PAGE_SIZE, seek_page
from articles.prepared import Prepared
from articles.ranking import RankedResults
from articles.workflow import article_for_preview_token
from editorial.invalidation import SITE, CacheUnavailable, current_version
from editorial.languages import language_codes, localized, localized_names
from editorial.links import slug_url

HOME_LATEST = 12
SECTION_BLOCK_SIZE = 4
RELATED_COUNT = 4

# The home and article pages' queries, compiled to SQL once per language (and number of tags or
# sections), not on every request: compiling them cost more than running them (articles.prepared).
HOME_LATEST_ROWS = Prepared(lambda code, at: Article.objects.edition(code, at=at).cards().newest()[:HOME_LATEST])
SECTION_BLOCK_ROWS = Prepared(
    lambda code, at, section_ids: (
        Article.objects.edition(code, at=at)
        .latest_in_sections(section_ids, SECTION_BLOCK_SIZE)
        .cards()
        .select_related(None)
        .newest()
    )
)
ARTICLE = Prepared(
    lambda code, now, slug: Article.objects.published(now).for_reading().with_slug(code, slug).newest()[:1]
)
RELATED = Prepared(
    lambda code, now, pk, tag_ids: (
        Article.objects.edition(code, at=now)
        .related_to(Article(pk=pk), tag_ids)
        .cards()
        .order_by("-shared_tags", "-publish_at", "-pk")[:RELATED_COUNT]
    )
)


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
        {"name": section[name], "url": slug_url("section_detail", section["slug"])}
        for section in request_state(request)["sections"]
        if section.get(name)
    ]


def page_context(request, **context):
    context.setdefault("nav_sections", nav_sections(request))
    context.setdefault("site_name", settings.NEWSROOM_SITE_NAME)
    context.setdefault("canonical", page_path(request))
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


# The parameters a list page reads: an old page number, or a cursor (articles.pagination).
LIST_PARAMS = ("page", "before", "after")


def list_page(request, template, queryset, keys, **context):
    """A newest-first list page, sought from its cursor; it depends on `keys` (its list's key)."""
    page = seek_page(request, listing(queryset))
    if isinstance(page, HttpResponse):
        return page
    expire_with_breaking(request, page.object_list)
    shows(request, *keys)
    shows(request, *(article_key(article.pk) for article in page.object_list), depends=False)
    return TemplateResponse(
        request, template, page_context(request, page_obj=page, alternates=alternate_urls(request), **context)
    )


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
    code = get_language()
    # The moment both the latest articles and the section blocks are read at.
    at = timezone.now()
    latest = HOME_LATEST_ROWS.rows(code, at)
    now = timezone.now()
    # A breaking story leads only while it is news; after the window the newest story leads.
    lead = next((article for article in latest if article.is_breaking_now(now)), latest[0] if latest else None)
    others = [article for article in latest if article is not lead]
    expire_with_breaking(request, latest)
    blocks = section_blocks(request, code, at)
    expire_with_breaking(request, [article for block in blocks for article in block["articles"]])
    shows(request, LATEST)
    shows(request, *(article_key(article.pk) for article in latest), depends=False)
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


def section_blocks(request, code, at):
    """The newest few of each section the edition names, each read from its section's index, under
    the section's name and address as the menu has them (cards in a block do not name their
    section, so no section is loaded with them)."""
    name = localized("name", code)
    named = [section for section in request_state(request)["sections"] if section.get(name)]
    found = {}
    for article in SECTION_BLOCK_ROWS.rows(code, at, [section["pk"] for section in named]):
        found.setdefault(article.section_id, []).append(article)
    return [
        {
            "name": section[name],
            "slug": section["slug"],
            "url": slug_url("section_detail", section["slug"]),
            "articles": found[section["pk"]],
        }
        for section in named
        if section["pk"] in found
    ]


@require_safe
@public_page(params=LIST_PARAMS)
def article_list(request):
    return list_page(request, "articles/article_list.html", Article.objects.edition(), [LATEST])


def alternate_urls(request, languages=None):
    """{language code: URL of this page in that edition} for the languages the page exists in."""
    codes = languages or language_codes()
    path = page_path(request)
    return {code: translate_url(path, code) for code in codes}


@require_safe
@public_page
def article_detail(request, slug):
    code = get_language()
    found = ARTICLE.rows(code, timezone.now(), slug)
    article = found[0] if found else None
    if article is None:
        # A slug the article had before in this edition: one hop to its address now, forever.
        moved = Article.objects.published().formerly(code, slug).only(*localized_names("slug")).first()
        if moved is None:
            raise Http404("No article has this address.")
        # Cached, the redirect goes with the article's pages (unpublished, its old slugs are 404 too).
        shows(request, article_key(moved.pk))
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
        return _unavailable(request, article, available, alternates, preview)
    article.tag_list = article.listed_tags()
    tag_ids = [tag.pk for tag in article.tag_list]
    related = RELATED.rows(code, timezone.now(), article.pk, tag_ids) if tag_ids else []
    expire_with_breaking(request, [article, *related])
    shows(request, article_key(article.pk), *(shown_key(other.pk) for other in related))
    shows(request, *(article_key(other.pk) for other in related), lagging=True)
    shows(
        request,
        *([section_key(article.section_id)] if article.section_id else []),
        *(tag_key(pk) for pk in tag_ids),
        *(author_key(byline.author_id) for byline in article.bylines.all()),
        depends=False,
    )
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


def _unavailable(request, article, available, alternates, preview):
    """The article exists, only not in this edition: say so and point to the edition it is in."""
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
@public_page(params=LIST_PARAMS)
def section_detail(request, slug):
    section = section_or_404(slug)
    articles = Article.objects.edition().filter(section=section)
    return list_page(request, "taxonomy/section_detail.html", articles, [section_key(section.pk)], section=section)


@require_safe
@public_page(params=LIST_PARAMS)
def tag_detail(request, slug):
    tag = tag_or_404(slug)
    articles = Article.objects.edition().tagged(tag)
    return list_page(request, "taxonomy/tag_detail.html", articles, [tag_key(tag.pk)], tag=tag)


@require_safe
@public_page(params=LIST_PARAMS)
def author_detail(request, slug):
    author = author_or_404(slug)
    articles = Article.objects.edition().by_author(author)
    return list_page(request, "articles/author_detail.html", articles, [author_key(author.pk)], author=author)


def search_versions(request):
    """The versions a search's matches depend on (RankedResults); None when the cache is off or
    failing (every search is then run)."""
    versions = getattr(request, "public_versions", None)
    if not versions:
        return None
    try:
        latest = current_version(LATEST)
    except CacheUnavailable:
        return None
    return (versions.get(SITE), latest) if latest else None


@require_safe
@public_page(store=False, params=("q", "page"))
def search(request):
    query = request.GET.get("q", "")
    words = article_search.terms(query)
    page = None
    if words:
        edition = listing(Article.objects.edition())
        page = paginate(request, RankedResults(edition, query, get_language(), versions=search_versions(request)))
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

"""The API's views: thin, over the querysets the public pages read (one rule for what readers see)."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from articles.editions import edition_authors, edition_sections, edition_tags
from articles.models import Article
from editorial.languages import language_codes

from .pagination import BySlug, NewestFirst
from .serializers import ArticleSerializer, AuthorSerializer, SectionSerializer, TagSerializer

LANGUAGE = OpenApiParameter(
    "language", str, description="The edition: its articles, in its language (en, ar; default en)."
)
ARTICLE_FILTERS = [
    LANGUAGE,
    OpenApiParameter("section", str, description="Only articles in the section with this slug."),
    OpenApiParameter("tag", str, description="Only articles with the tag with this slug."),
    OpenApiParameter("author", str, description="Only articles with a byline of the author with this slug."),
    OpenApiParameter(
        "updated_since",
        str,
        description="Only articles changed at or after this time (ISO 8601, e.g. 2026-12-01T08:00:00Z; UTC if naive).",
    ),
]


def requested_language(request):
    code = request.query_params.get("language") or settings.LANGUAGE_CODE
    if code not in language_codes():
        raise ValidationError({"language": f"One of: {', '.join(language_codes())}."})
    return code


def parse_since(value):
    moment = parse_datetime(value.replace(" ", "+"))  # a "+" sent unencoded arrives as a space
    if moment is None:
        raise ValidationError({"updated_since": "An ISO 8601 time, e.g. 2026-12-01T08:00:00Z."})
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


class Edition:
    """The requested edition's language, for the serializers."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": requested_language(self.request)}


@extend_schema(parameters=ARTICLE_FILTERS, summary="Live articles of an edition, newest first")
class ArticleList(Edition, generics.ListAPIView):
    serializer_class = ArticleSerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        params = self.request.query_params
        articles = Article.objects.edition(requested_language(self.request)).for_reading()
        if params.get("section"):
            articles = articles.filter(section__slug=params["section"])
        if params.get("tag"):
            articles = articles.tagged(params["tag"])
        if params.get("author"):
            articles = articles.by_author(params["author"])
        if params.get("updated_since"):
            articles = articles.filter(updated_at__gte=parse_since(params["updated_since"]))
        return articles


@extend_schema(parameters=[LANGUAGE], summary="One live article, in an edition it is in")
class ArticleDetail(Edition, generics.RetrieveAPIView):
    serializer_class = ArticleSerializer

    def get_queryset(self):
        return Article.objects.edition(requested_language(self.request)).for_reading()


@extend_schema(parameters=[LANGUAGE], summary="The sections of an edition, in menu order")
class SectionList(Edition, generics.ListAPIView):
    serializer_class = SectionSerializer
    pagination_class = None

    def get_queryset(self):
        return edition_sections(requested_language(self.request)).order_by("position", "slug")


@extend_schema(parameters=[LANGUAGE], summary="The tags an edition has published articles under")
class TagList(Edition, generics.ListAPIView):
    serializer_class = TagSerializer
    pagination_class = BySlug

    def get_queryset(self):
        return edition_tags(requested_language(self.request))


@extend_schema(parameters=[LANGUAGE], summary="The authors an edition has published articles by")
class AuthorList(Edition, generics.ListAPIView):
    serializer_class = AuthorSerializer
    pagination_class = BySlug

    def get_queryset(self):
        return edition_authors(requested_language(self.request))

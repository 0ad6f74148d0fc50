"""What the API says of an article, a section, a tag and an author, in one edition's language.

The language is the serializer context's "language"; every translated text comes from that
language's own column (never another language's through modeltranslation's fallback).
"""

from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from editorial.languages import edition_text

from .images import article_image


def _url(serializer, obj, code=None):
    context = serializer.context
    with translation.override(code or context["language"]):
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class SectionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The section's page in this edition.")

    def get_name(self, section) -> str:
        return edition_text(section, "name", self.context["language"])

    def get_url(self, section) -> str:
        return _url(self, section)


class TagSerializer(SectionSerializer):
    """A tag: what a section is, a name and a page in the edition (its own schema component)."""


class AuthorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.SerializerMethodField()
    job_title = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The author's page in this edition.")

    def get_name(self, author) -> str:
        # A person's name is the same in every edition, whatever its spelling: never left empty.
        return edition_text(author, "name", self.context["language"]) or author.name

    def get_job_title(self, author) -> str:
        return edition_text(author, "job_title", self.context["language"])

    def get_url(self, author) -> str:
        return _url(self, author)


class BylineSerializer(serializers.Serializer):
    role = serializers.CharField()
    author = AuthorSerializer()


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField()


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The original file.")
    alt = serializers.CharField()
    caption = serializers.CharField()
    credit = serializers.CharField()
    renditions = RenditionSerializer(many=True)


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    language = serializers.SerializerMethodField(help_text="The edition this text is in.")
    languages = serializers.ListField(
        source="available_languages", child=serializers.CharField(), help_text="Every edition the article is in."
    )
    urls = serializers.SerializerMethodField(help_text="The article's canonical address in each of its editions.")
    title = serializers.SerializerMethodField()
    standfirst = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField(help_text="HTML, cleaned to the site's safe subset.")
    dateline = serializers.SerializerMethodField()
    section = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    bylines = serializers.SerializerMethodField()
    source = serializers.CharField(help_text="Agency or outlet credit.")
    image = serializers.SerializerMethodField()
    is_breaking = serializers.BooleanField(help_text="Filed as breaking news.")
    breaking_until = serializers.DateTimeField(
        allow_null=True, help_text="When a breaking article stops leading and wearing its label (null if not breaking)."
    )
    published_at = serializers.DateTimeField(source="published_time")
    updated_at = serializers.SerializerMethodField(
        help_text="When this edition's text last changed after publication (null if it has not)."
    )
    modified_at = serializers.DateTimeField(
        source="updated_at", help_text="Any change to the article: what the updated_since filter reads."
    )
    correction = serializers.SerializerMethodField()
    correction_at = serializers.DateTimeField(allow_null=True)

    def _text(self, article, field):
        return edition_text(article, field, self.context["language"])

    def get_language(self, article) -> str:
        return self.context["language"]

    def get_urls(self, article) -> dict[str, str]:
        return {code: _url(self, article, code) for code in article.available_languages}

    def get_title(self, article) -> str:
        return self._text(article, "title")

    def get_standfirst(self, article) -> str:
        return self._text(article, "standfirst")

    def get_body(self, article) -> str:
        return self._text(article, "body")

    def get_dateline(self, article) -> str:
        return self._text(article, "dateline")

    def get_correction(self, article) -> str:
        return self._text(article, "correction")

    @extend_schema_field(SectionSerializer(allow_null=True))
    def get_section(self, article):
        if article.section is None or not edition_text(article.section, "name", self.context["language"]):
            return None
        return SectionSerializer(article.section, context=self.context).data

    @extend_schema_field(TagSerializer(many=True))
    def get_tags(self, article):
        code = self.context["language"]
        tags = [tag for tag in article.listed_tags() if edition_text(tag, "name", code)]
        return TagSerializer(tags, many=True, context=self.context).data

    @extend_schema_field(BylineSerializer(many=True))
    def get_bylines(self, article):
        return BylineSerializer(article.bylines.all(), many=True, context=self.context).data

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, article):
        return article_image(article, self.context["language"], self.context["request"])

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_updated_at(self, article):
        updated = article.edition_updated_time(self.context["language"])
        return serializers.DateTimeField().to_representation(updated) if updated else None

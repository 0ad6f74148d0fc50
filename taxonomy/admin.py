from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from taggit.models import Tag as TaggitTag

from editorial.admin import (
    CheckedSelectionMixin,
    ContentDirectionMixin,
    TranslatedLookupsMixin,
    VersionedAdminMixin,
)

from .models import Section, Tag

# taggit registers an admin for its own Tag model, which newsroom never uses (its tags are
# taxonomy.Tag, translated): two "Tags" entries would only mislead editors.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Section)
class SectionAdmin(
    CheckedSelectionMixin, VersionedAdminMixin, TranslatedLookupsMixin, ContentDirectionMixin, TabbedTranslationAdmin
):
    list_display = ["name", "slug", "position", "article_count"]
    list_editable = ["position"]
    list_display_links = ["name"]
    search_fields = ["name", "slug"]
    translated_search_fields = ["name"]
    slug_source = "name"
    ordering = ["position", "slug"]
    fields = ["name", "slug", "description", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(Tag)
class TagAdmin(
    CheckedSelectionMixin, VersionedAdminMixin, TranslatedLookupsMixin, ContentDirectionMixin, TabbedTranslationAdmin
):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    translated_search_fields = ["name"]
    slug_source = "name"
    ordering = ["slug"]
    fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("tagged_articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

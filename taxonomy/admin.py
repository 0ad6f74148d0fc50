from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
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

    def get_urls(self):
        create = self.admin_site.admin_view(require_POST(self.create_from_form_view))
        return [path("create-from-form/", create, name="taxonomy_tag_create_from_form"), *super().get_urls()]

    def create_from_form_view(self, request):
        """A tag typed into an article's tag box: the existing one of that name, else a new one named
        in the admin's language (for whoever may add tags). Answers {"id", "text"} as the box reads it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        name = " ".join(request.POST.get("name", "").split())
        max_length = Tag._meta.get_field("name").max_length
        if not name or len(name) > max_length:
            message = gettext("A tag needs a name of at most %(count)s characters.") % {"count": max_length}
            return JsonResponse({"error": message}, status=400)
        tag = Tag.objects.named(name)
        created = tag is None
        if created:
            tag = Tag(name=name)
            tag.save()
            self.log_addition(request, tag, [{"added": {}}])
        return JsonResponse({"id": tag.pk, "text": str(tag)}, status=201 if created else 200)

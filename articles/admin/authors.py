"""The authors' admin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from editorial.admin import CheckedSelectionMixin, ContentDirectionMixin, TranslatedLookupsMixin, VersionedAdminMixin

from ..models import Author


@admin.register(Author)
class AuthorAdmin(
    CheckedSelectionMixin,
    VersionedAdminMixin,
    TranslatedLookupsMixin,
    ContentDirectionMixin,
    TabbedTranslationAdmin,
):
    rich_text_fields = ("bio",)
    list_display = ["name", "slug", "job_title", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "job_title"]
    translated_search_fields = ["name", "job_title"]
    autocomplete_fields = ["user"]
    slug_source = "name"
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "bio"]}),
        (_("Account and photo"), {"fields": ["user", "photo"]}),
    ]

    class Media:
        css = {"all": ["articles/admin/admin.css"]}
        js = ["articles/admin/admin.js"]

    # The linked account shows a staff username: only those who may view user accounts (editors,
    # by migration 0005) see or set it, in the list and in the form.

    def get_list_display(self, request):
        list_display = super().get_list_display(request)
        return list_display if _may_view_users(request) else [name for name in list_display if name != "user"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if _may_view_users(request):
            return fieldsets
        return [
            (name, {**options, "fields": [field for field in options["fields"] if field != "user"]})
            for name, options in fieldsets
        ]


def _may_view_users(request):
    return request.user.has_perm(f"{get_user_model()._meta.app_label}.view_user")

"""The image library's admin: thumbnails, the focal point set by clicking the picture, and the
article's lead image chosen through an autocomplete that shows them."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from editorial.admin import ContentDirectionMixin, TranslatedLookupsMixin

from ..models import Image

THUMBNAIL_WIDTH = 80


def thumbnail(image, width=THUMBNAIL_WIDTH):
    if image is None or not image.width:
        return ""
    url, found, height = image.preview(width * 2)
    return format_html(
        '<img class="nr-thumb" src="{}" width="{}" height="{}" alt="">', url, width, round(width * height / found)
    )


class ImageAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete answer, each image with its thumbnail's address."""

    def serialize_result(self, obj, to_field_name):
        url, width, height = obj.preview(THUMBNAIL_WIDTH * 2)
        return {**super().serialize_result(obj, to_field_name), "thumb": url, "ratio": height / width}


class ImageAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, asking ImageAdmin's view (thumbnails) and started by
    image_choice.js, which shows them, instead of Django's autocomplete.js."""

    url_name = "%s:articles_image_autocomplete"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "nr-image-choice")
        return attrs

    @property
    def media(self):
        # One list with Django's scripts, so that ours is merged after select2 and jquery.init.js.
        base = super().media
        return forms.Media(
            js=[*base._js, "articles/admin/image_choice.js"],
            css={**base._css, "all": [*base._css.get("all", []), "articles/admin/images.css"]},
        )


class LeadImageMixin:
    """For ModelAdmins of articles: the lead image from the library, with its thumbnail."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_image":
            kwargs["widget"] = ImageAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("current lead image"))
    def lead_image_preview(self, obj):
        return thumbnail(obj.lead_image if obj is not None else None, 240) or gettext("None")


@admin.register(Image)
class ImageAdmin(TranslatedLookupsMixin, ContentDirectionMixin, TabbedTranslationAdmin):
    list_display = ["thumbnail_display", "__str__", "size_display", "credit", "created_at"]
    list_display_links = ["thumbnail_display", "__str__"]
    search_fields = ["alt", "caption", "credit", "file"]
    translated_search_fields = ["alt", "caption", "credit"]
    search_help_text = _("Search alt text, captions, credits and file names.")
    date_hierarchy = "created_at"
    list_per_page = 50
    readonly_fields = ["focal_picker", "size_display"]
    fieldsets = [
        (None, {"fields": ["file", "size_display", "alt", "caption", "credit"]}),
        (_("Focal point"), {"fields": ["focal_picker", "focal_x", "focal_y"]}),
    ]

    class Media:
        css = {"all": ["articles/admin/admin.css", "articles/admin/images.css"]}
        js = ["articles/admin/admin.js", "articles/admin/focal_point.js"]

    def get_urls(self):
        autocomplete = ImageAutocompleteJsonView.as_view(admin_site=self.admin_site)
        return [
            path("autocomplete/", self.admin_site.admin_view(autocomplete), name="articles_image_autocomplete"),
            *super().get_urls(),
        ]

    @admin.display(description=_("picture"))
    def thumbnail_display(self, obj):
        return thumbnail(obj)

    @admin.display(description=_("size in pixels"))
    def size_display(self, obj):
        return f"{obj.width} × {obj.height}" if obj is not None and obj.width else "—"

    @admin.display(description=_("picture"))
    def focal_picker(self, obj):
        if obj is None or not obj.width:
            return gettext("Save the picture first, then click it here to set its focal point.")
        url, width, height = obj.preview(640)
        return format_html(
            '<div class="nr-focal"><img src="{}" width="{}" height="{}" alt="">'
            '<span class="nr-focal__marker" hidden></span></div>'
            '<p class="help">{}</p>',
            url,
            width,
            height,
            gettext("Click what must stay in the picture when it is cropped (for social media, say)."),
        )

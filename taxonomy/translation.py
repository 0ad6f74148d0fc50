from modeltranslation.translator import TranslationOptions, register

from .models import Section, Tag


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
    # Unique columns must store NULL, not "", for a missing translation.
    empty_values = None

from modeltranslation.translator import TranslationOptions, register

from .models import Article, Author, Image


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    fields = ("name", "job_title", "bio")


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "slug",
        "standfirst",
        "body",
        "dateline",
        "correction",
    )
    # A language without a slug yet stores NULL, never "", which the unique slug_<code> would refuse twice.
    empty_values = {"slug": None}


@register(Image)
class ImageTranslationOptions(TranslationOptions):
    fields = ("alt", "caption", "credit")

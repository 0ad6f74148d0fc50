from modeltranslation.translator import TranslationOptions, register

from .models import Article, Author


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
        "image_alt",
        "image_caption",
        "image_credit",
        "correction",
    )
    # A language without a slug yet stores NULL, never "", which the unique slug_<code> would refuse twice.
    empty_values = {"slug": None}

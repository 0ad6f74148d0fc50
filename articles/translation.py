from modeltranslation.translator import TranslationOptions, register

from .models import Article, Author, Image


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    fields = ("name", "job_title", "bio")


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "standfirst",
        "body",
        "dateline",
        "correction",
    )


@register(Image)
class ImageTranslationOptions(TranslationOptions):
    fields = ("alt", "caption", "credit")

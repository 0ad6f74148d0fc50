"""What one edition's readers may look up besides articles: a section, a tag or an author, counted.

A tag or an author is found only if the edition has published something under it: otherwise its
name may be known only from drafts. Pages and feeds look them up alike.
"""

from django.db.models import OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from editorial.languages import edition_text, localized
from taxonomy.models import Section, Tag, TaggedArticle

from .models import Article, Author, Byline


def _counted_or_404(model, slug, **outer):
    published = Article.objects.edition().counted(**outer)
    return get_object_or_404(model.objects.annotate(published=published), slug=slug)


def section_or_404(slug):
    return _counted_or_404(Section, slug, section=OuterRef("pk"))


def tag_or_404(slug):
    tag = _counted_or_404(Tag, slug, tagged_items__tag=OuterRef("pk"))
    if not tag.published or not edition_text(tag, "name"):
        raise Http404("Nothing has been published under this tag in this edition.")
    return tag


def author_or_404(slug):
    author = _counted_or_404(Author, slug, bylines__author=OuterRef("pk"))
    if not author.published:
        raise Http404("This author has not published anything in this edition.")
    return author


# -- whole lists, for the content API ----------------------------------------------------------


def edition_sections(code):
    """The sections edition `code` lists: those with a name in its language (as its menu does)."""
    return Section.objects.exclude(**{f"{localized('name', code)}__isnull": True}).exclude(
        **{localized("name", code): ""}
    )


def edition_tags(code):
    """Tags edition `code` has published something under, with a name in its language."""
    published = Article.objects.edition(code)
    tags = Tag.objects.filter(pk__in=TaggedArticle.objects.filter(content_object__in=published).values("tag"))
    return tags.exclude(**{f"{localized('name', code)}__isnull": True}).exclude(**{localized("name", code): ""})


def edition_authors(code):
    """Authors edition `code` has published something by."""
    return Author.objects.filter(
        pk__in=Byline.objects.filter(article__in=Article.objects.edition(code)).values("author")
    )

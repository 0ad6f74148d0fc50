"""What one edition's readers may look up besides articles: a section, a tag or an author, counted.

A tag or an author is found only if the edition has published something under it: otherwise its
name may be known only from drafts. Pages and feeds look them up alike.
"""

from django.db.models import OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from editorial.languages import edition_text
from taxonomy.models import Section, Tag

from .models import Article, Author


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

"""RSS and Atom feeds of each edition: latest, per section, per tag, per author.

Everything translated comes from the edition's own column: an Arabic feed never carries English
text through modeltranslation's fallback (an empty column is left out). An item's summary is its
standfirst or, when the edition has none, a plain-text excerpt of the same edition's body: both
editions alike.
"""

import copy
import html
import re
from datetime import UTC

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.cache import shows
from articles.dependencies import LATEST, author_key, section_key, tag_key
from articles.editions import author_or_404, tag_or_404
from articles.models import Article, Author
from editorial.languages import edition_text
from taxonomy.models import Section

FEED_SIZE = 30
EXCERPT_WORDS = 40
SPACES = re.compile(r"\s+")
# Where one block of the body ends, its words must not run into the next block's.
BLOCK_ENDS = re.compile(r"<(?:/(?:p|div|li|h[1-6]|blockquote|figcaption|figure|td|th|tr)|br\s*/?)>", re.IGNORECASE)


def entry_id(request, article, code):
    """A tag: URI (RFC 4151) per article and edition: absolute, and stable across slug changes."""
    published = article.first_published_at or article.publish_at or article.created_at
    day = published.astimezone(UTC).date().isoformat()
    return f"tag:{request.get_host().split(':')[0]},{day}:article-{article.pk}-{code}"


def summary(article):
    """Plain text: the edition's standfirst, else the start of the edition's body ("" if neither)."""
    standfirst = edition_text(article, "standfirst").strip()
    if standfirst:
        return standfirst
    text = html.unescape(strip_tags(BLOCK_ENDS.sub(" ", edition_text(article, "body"))))
    body = SPACES.sub(" ", text).strip()
    return Truncator(body).words(EXCERPT_WORDS, truncate="…")


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose <summary> is declared as what it is: plain text (the standfirst), not HTML."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description"):
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ArticleFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        # Feed instances are shared by every request: the request goes on a copy, not on self.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self, obj=None):
        site = settings.NEWSROOM_SITE_NAME
        name = self.object_name(obj)
        return f"{site}: {name}" if name else site

    def object_name(self, obj):
        if obj is None:
            return ""
        if isinstance(obj, Author):
            return obj.name  # a person's name is the same in every edition, whatever its spelling
        return edition_text(obj, "name") or obj.slug

    def link(self, obj=None):
        return obj.get_absolute_url() if obj is not None else reverse("home")

    def description(self, obj=None):
        if obj is None:
            return _("The latest articles.")
        return _("The latest articles: %(name)s.") % {"name": self.object_name(obj)}

    def items(self, obj=None):
        shows(self.request, self.key(obj))
        return self.filter_articles(obj).edition().for_reading().newest()[:FEED_SIZE]

    def filter_articles(self, obj):
        return Article.objects.all()

    def key(self, obj):
        """The page cache's key of the list this feed follows (articles.dependencies)."""
        return LATEST

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # RSS descriptions are HTML: the plain-text summary is escaped to stay text.
        return escape(summary(item)) or None

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # One identity per article and edition, stable across edits and slug changes.
        return entry_id(self.request, item, get_language())

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_time()

    def item_updateddate(self, item):
        return item.edition_updated_time(get_language()) or self.item_pubdate(item)

    def item_author_name(self, item):
        names = [byline.author.name for byline in item.bylines.all()]
        return ", ".join(names) or None

    def item_categories(self, item):
        categories = [edition_text(tag, "name") for tag in item.listed_tags()]
        if item.section:
            categories.insert(0, edition_text(item.section, "name"))
        return [name for name in categories if name]


class AtomFeed:
    feed_type = PlainTextAtom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)

    def item_description(self, item):
        return summary(item) or None


class LatestRssFeed(ArticleFeed):
    pass


class LatestAtomFeed(AtomFeed, LatestRssFeed):
    pass


class SectionRssFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def filter_articles(self, obj):
        return Article.objects.filter(section=obj)

    def key(self, obj):
        return section_key(obj.pk)


class SectionAtomFeed(AtomFeed, SectionRssFeed):
    pass


class TagRssFeed(ArticleFeed):
    def get_object(self, request, slug):
        return tag_or_404(slug)

    def filter_articles(self, obj):
        return Article.objects.tagged(obj)

    def key(self, obj):
        return tag_key(obj.pk)


class TagAtomFeed(AtomFeed, TagRssFeed):
    pass


class AuthorRssFeed(ArticleFeed):
    def get_object(self, request, slug):
        return author_or_404(slug)

    def filter_articles(self, obj):
        return Article.objects.by_author(obj)

    def key(self, obj):
        return author_key(obj.pk)


class AuthorAtomFeed(AtomFeed, AuthorRssFeed):
    pass

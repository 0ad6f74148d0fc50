"""RSS and Atom feeds of each edition: latest, per section, per tag, per author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.models import Article, Author, Byline
from taxonomy.models import Section, Tag

FEED_SIZE = 30


def feed_articles(queryset=None):
    from django.db.models import Prefetch

    queryset = queryset if queryset is not None else Article.objects.all()
    return (
        queryset.published()
        .in_language(get_language())
        .select_related("section")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "pk")), "tags"
        )[:FEED_SIZE]
    )


class ArticleFeed(Feed):
    def title(self, obj=None):
        site = settings.NEWSROOM_SITE_NAME
        return f"{site}: {obj}" if obj is not None else site

    def link(self, obj=None):
        return obj.get_absolute_url() if obj is not None else reverse("home")

    def description(self, obj=None):
        if obj is None:
            return _("The latest articles.")
        return _("The latest articles: %(name)s.") % {"name": obj}

    def items(self, obj=None):
        return feed_articles(self.filter_articles(obj))

    def filter_articles(self, obj):
        return Article.objects.all()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # One identity per article and edition, stable across edits.
        return f"{item.get_absolute_url()}#article-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at or item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        names = [byline.author.name for byline in item.bylines.all()]
        return ", ".join(names) or None

    def item_categories(self, item):
        categories = [tag.name for tag in item.tags.all()]
        if item.section:
            categories.insert(0, item.section.name)
        return categories


class LatestRssFeed(ArticleFeed):
    pass


class LatestAtomFeed(LatestRssFeed):
    feed_type = Atom1Feed
    subtitle = LatestRssFeed.description


class SectionRssFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def filter_articles(self, obj):
        return Article.objects.filter(section=obj)


class SectionAtomFeed(SectionRssFeed):
    feed_type = Atom1Feed
    subtitle = SectionRssFeed.description


class TagRssFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def filter_articles(self, obj):
        return Article.objects.filter(tagged_items__tag=obj)


class TagAtomFeed(TagRssFeed):
    feed_type = Atom1Feed
    subtitle = TagRssFeed.description


class AuthorRssFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def filter_articles(self, obj):
        return Article.objects.filter(bylines__author=obj).distinct()


class AuthorAtomFeed(AuthorRssFeed):
    feed_type = Atom1Feed
    subtitle = AuthorRssFeed.description

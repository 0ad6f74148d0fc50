"""The querysets every page, feed and admin list reads articles through."""

from django.conf import settings
from django.db.models import Aggregate, Count, JSONField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone
from django.utils.translation import get_language

from editorial.fields import SanitizedHTMLQuerySet
from editorial.languages import localized, localized_names
from taxonomy.models import TaggedArticle

from .bylines import Byline, byline_prefetch
from .search import SearchVectorsQuerySet
from .slugs import fill_slugs


class JSONArrayAgg(Aggregate):
    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class ArticleQuerySet(SearchVectorsQuerySet, SanitizedHTMLQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(**{localized("slug", settings.LANGUAGE_CODE): slug})

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for article in objs:
            fill_slugs(article)  # bulk_create passes Article.save() by
        return super().bulk_create(objs, *args, **kwargs)

    def with_slug(self, code, slug):
        """The article whose address in edition `code` has this slug now."""
        return self.filter(**{localized("slug", code): slug})

    def tagged(self, tag_slug):
        return self.filter(pk__in=TaggedArticle.objects.filter(tag__slug=tag_slug).values("content_object"))

    def by_author(self, author_slug):
        """Articles with a byline of this author: a subquery, so no row comes twice (no DISTINCT over bodies)."""
        return self.filter(pk__in=Byline.objects.filter(author__slug=author_slug).values("article"))

    def formerly(self, code, slug):
        """The article whose address in edition `code` had this slug before (see FormerSlug)."""
        return self.filter(former_slugs__language=code, former_slugs__slug=slug)

    def live(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def published(self, at=None):
        """Articles readers may see now: published, and due (scheduled ones come due by themselves)."""
        return self.live().filter(publish_at__lte=at or timezone.now())

    def scheduled(self, at=None):
        return self.live().filter(publish_at__gt=at or timezone.now())

    def in_language(self, code):
        """Articles with a title and a body in language `code`: read from the stored, indexed
        in_<code> column, never from the (large) bodies."""
        return self.filter(**{localized("in", code): True})

    def edition(self, code=None):
        """What readers of edition `code` (the active language) may see: published, due, in that language."""
        return self.published().in_language(code or get_language())

    def cards(self):
        """The columns an article card shows: lists never load bodies (large, and grouped by in SQL)."""
        translated = [name for field in ("title", "standfirst") for name in localized_names(field)]
        stored = localized_names("in")  # available_languages reads these, not bodies
        return self.select_related("section").only(
            "slug", "section", "publish_at", "first_published_at", "is_breaking", "status", *translated, *stored
        )

    def with_bylines(self):
        return self.prefetch_related(byline_prefetch())

    def with_tag_data(self):
        """Each article's tags as JSON in a column of its own: the tags cost no query (see Article.listed_tags)."""
        tags = (
            TaggedArticle.objects.filter(content_object=OuterRef("pk"))
            .order_by()
            .values("content_object")
            .annotate(
                data=JSONArrayAgg(
                    JSONObject(
                        pk="tag_id",
                        slug="tag__slug",
                        **{name: f"tag__{name}" for name in localized_names("name")},
                    )
                )
            )
            .values("data")
        )
        return self.annotate(tag_data=Subquery(tags, output_field=JSONField()))

    def for_reading(self):
        """Everything an article page or a feed entry shows: section, bylines and tags."""
        return self.select_related("section").with_bylines().with_tag_data()

    def with_related(self):
        """Everything a list or a page shows about an article, in a fixed number of queries."""
        return self.select_related("section").prefetch_related(byline_prefetch(), "tags")

    def counted(self, **outer):
        """A subquery counting these articles that match `outer` (filters on OuterRef), 0 for none."""
        counted = (
            self.filter(**outer).order_by().values(next(iter(outer))).annotate(n=Count("pk", distinct=True)).values("n")
        )
        return Coalesce(Subquery(counted), Value(0))

    def upcoming_times(self, at=None, limit=20):
        """The next `limit` scheduled publication times, soonest first, as one-column rows."""
        return self.scheduled(at).order_by("publish_at", "pk").values_list("publish_at")[:limit]

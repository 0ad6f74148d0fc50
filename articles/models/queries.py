"""The querysets every page, feed and admin list reads articles through."""

from django.conf import settings
from django.db import connection
from django.db.models import Aggregate, Count, Exists, JSONField, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone
from django.utils.translation import get_language

from editorial.fields import SanitizedHTMLQuerySet
from editorial.languages import localized, localized_names
from taxonomy.models import TaggedArticle

from .bylines import Byline, byline_prefetch
from .search import SearchVectorsQuerySet
from .slugs import fill_slugs

# The newest-first order every list reads, served by the edition indexes (articles/models/languages.py).
NEWEST = ("-publish_at", "-pk")


def repeated(queryset, field, values, limit):
    """each_of() `queryset` filtered on `field` = each of `values`, `limit` rows each,
    compiled to SQL once (not once per value: thirty sections would cost more compiling than querying)."""
    return each_of(queryset.filter(**{field: SENTINEL})[:limit], values)


def each_of(queryset, values):
    """`queryset` (one column, filtered on SENTINEL, with its own ORDER BY and LIMIT) once for each
    of `values` in place of SENTINEL, as one `IN (...)` operand. Compiled to SQL once, not once per
    value. On PostgreSQL a LATERAL join over the values: one subquery to plan (planning 30 parts of
    a UNION took 3.4 ms of the home page's 4.5 ms in the database), each value's part still read
    from its index. Elsewhere derived tables joined by UNION ALL (SQLite refuses a LIMIT directly
    in a compound member)."""
    sql, params = queryset.query.sql_with_params()
    at = params.index(SENTINEL)
    if connection.vendor == "postgresql":
        return _lateral(sql, params, at, values)
    return _union([(sql, (*params[:at], value, *params[at + 1 :])) for value in values])


def _lateral(sql, params, at, values):
    pieces = sql.split("%s")
    if len(pieces) != len(params) + 1:
        raise ValueError("each_of() needs SQL whose only placeholders are its parameters.")
    inner = "".join(piece + ("each_value.v" if number == at else "%s") for number, piece in enumerate(pieces[:-1]))
    inner += pieces[-1]
    # Only the ORM's own SQL is put together here; values travel as parameters.
    lateral = f"SELECT part.* FROM unnest(%s::bigint[]) AS each_value (v) CROSS JOIN LATERAL ({inner}) AS part"  # noqa: S608
    return RawSQL(lateral, [list(values), *params[:at], *params[at + 1 :]])  # noqa: S611 -- the ORM's SQL, parameters apart


# A value no id has, to find the parameter it becomes in compiled SQL.
SENTINEL = -7_318_905_271


def _union(compiled):
    parts, params = [], []
    for number, (sql, part_params) in enumerate(compiled):
        # Only the ORM's own SQL is put together here; values travel as parameters.
        parts.append(f"SELECT part{number}.* FROM ({sql}) AS part{number}")  # noqa: S608
        params.extend(part_params)
    return RawSQL(" UNION ALL ".join(parts), params)  # noqa: S611 -- the ORM's SQL, parameters apart


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

    def edition(self, code=None, at=None):
        """What readers of edition `code` (the active language) may see: published, due (at `at`,
        now by default), in that language."""
        return self.published(at).in_language(code or get_language())

    def cards(self):
        """The columns an article card shows: lists never load bodies (large, and grouped by in SQL)."""
        translated = [name for field in ("title", "standfirst") for name in localized_names(field)]
        stored = localized_names("in")  # available_languages reads these, not bodies
        return self.select_related("section").only(
            "slug", "section", "publish_at", "first_published_at", "is_breaking", "status", *translated, *stored
        )

    def newest(self):
        return self.order_by(*NEWEST)

    def older_than(self, at, pk):
        """Newest first, after the article (at, pk) in that order: a seek, not an offset, so a page
        deep in the archive reads no more index entries than the first."""
        return self.filter(Q(publish_at__lt=at) | Q(pk__lt=pk), publish_at__lte=at).newest()

    def newer_than(self, at, pk):
        """Oldest first (the reverse order), before the article (at, pk) in the newest-first order."""
        return self.filter(Q(publish_at__gt=at) | Q(pk__gt=pk), publish_at__gte=at).order_by("publish_at", "pk")

    def tagged(self, tag):
        # EXISTS, not a join: no DISTINCT over whole rows, and the tag link index answers it.
        return self.filter(Exists(TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag=tag)))

    def by_author(self, author):
        return self.filter(Exists(Byline.objects.filter(article=OuterRef("pk"), author=author)))

    def tagged_slug(self, slug):
        """tagged() by the tag's slug (the content API's filter)."""
        return self.filter(Exists(TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag__slug=slug)))

    def by_author_slug(self, slug):
        """by_author() by the author's slug (the content API's filter)."""
        return self.filter(Exists(Byline.objects.filter(article=OuterRef("pk"), author__slug=slug)))

    def related_to(self, article, tag_ids, per_tag=12):
        """Candidates for "related articles": the `per_tag` most recent links of each of the tags
        (the tag link index, newest article first), never every article sharing a common tag;
        counted by the tags they share with `article`."""
        recent = (
            TaggedArticle.objects.filter(tag_id=SENTINEL)
            .exclude(content_object_id=article.pk)
            .order_by("-content_object_id")
            .values_list("content_object_id")[:per_tag]
        )
        shared = Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids))
        return self.filter(pk__in=each_of(recent, tag_ids)).annotate(shared_tags=shared)

    def latest_in_sections(self, section_ids, per_section):
        """The `per_section` newest of each section, each read from its section's edition index
        (a LIMIT per section, never a window over the whole archive)."""
        if not section_ids:
            return self.none()
        newest = self.newest().values_list("pk")
        return self.filter(pk__in=repeated(newest, "section_id", section_ids, per_section))

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
        """Everything an article page or a feed entry shows: section, lead image (its renditions are on
        its row), bylines and tags."""
        return self.select_related("section", "lead_image").with_bylines().with_tag_data()

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
        """The next `limit` scheduled articles, soonest first, as (publication time, id) rows."""
        return self.scheduled(at).order_by("publish_at", "pk").values_list("publish_at", "pk")[:limit]

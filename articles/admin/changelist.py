"""The articles' list in the admin at the size of a real archive (a million articles).

- Search goes through the stored full-text vectors of every language, the slug (exactly) and
  the bylines of authors whose name holds the term, never `icontains` over the articles:
  articles.search.admin_condition, by_authors_named.
- The count: up to ESTIMATE_ABOVE rows exactly, above it the planner's estimate (EXPLAIN reads
  pg_class.reltuples and the column statistics), shown as "about"; no full count either
  (show_full_result_count = False).
- The rows: newest first from article_admin_latest_idx (or article_admin_section_idx for a
  section), stopping at the page; bodies and search vectors are left in the table.
- The author filter lists the authors from their own table, not the distinct authors of every
  article (Django's RelatedOnlyFieldListFilter).
"""

import json
from functools import lru_cache

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from editorial.languages import localized_names

from ..models import Article, Author, Byline
from ..search import admin_condition

# Up to this many rows the list is counted; above, estimated.
ESTIMATE_ABOVE = 1_000


def planner_rows(queryset):
    """The number of rows PostgreSQL's planner expects `queryset` to return (None elsewhere)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # The ORM's SQL with its parameters kept apart: only planned, never run.
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)  # noqa: S608
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Counts exactly a small list, estimates a large one (`estimated` tells which)."""

    estimated = False

    @cached_property
    def count(self):
        try:
            expected = planner_rows(self.object_list)
        except (AttributeError, TypeError):
            expected = None
        if expected is not None and expected > ESTIMATE_ABOVE:
            self.estimated = True
            return expected
        return super().count


def slim(queryset):
    """The changelist's rows without their bodies and search vectors: the list shows neither."""
    return queryset.defer(*localized_names("body"), "body", *localized_names("search"))


# At most this many authors whose name holds the search term are searched for.
AUTHORS_SEARCHED = 20


def by_authors_named(term):
    """(sql, params): articles with a byline by an author whose name holds `term`, as an
    id = ANY(array) the primary key's index serves; None when no author's name holds it. The
    authors' table is small: reading it whole costs less than any article query."""
    term = (term or "").strip()
    names = Q()
    for column in ("name", *localized_names("name")):
        names |= Q(**{f"{column}__icontains": term})
    authors = list(Author.objects.filter(names).values_list("pk", flat=True)[:AUTHORS_SEARCHED]) if term else []
    if not authors:
        return None
    articles, bylines = Article._meta.db_table, Byline._meta.db_table
    # Table names only in the SQL; the author ids are a bound parameter.
    sql = f'"{articles}"."id" = ANY(ARRAY(SELECT "article_id" FROM "{bylines}" WHERE "author_id" = ANY(%s)))'  # noqa: S608
    return sql, [authors]


class AuthorFilter(admin.SimpleListFilter):
    """Every author, from the authors' table alone: Django's RelatedOnlyFieldListFilter lists the
    distinct authors of every article, a pass over the whole archive on every page of the list
    (and asking each author for one byline, 500 index probes, cost 0.3 s on a loaded machine)."""

    title = _("author")
    parameter_name = "authors__id__exact"

    def lookups(self, request, model_admin):
        authors = Author.objects.order_by("name", "pk").only("pk", *localized_names("name"), "name")
        return [(str(author.pk), str(author)) for author in authors]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(bylines__author_id=int(self.value()))
        return queryset


class DateHierarchyQuerySet:
    """The date hierarchy's years (and a year's months) from the first and last dates, two index
    probes, instead of the distinct years of every row (a pass over the whole table). A year or
    month with no article may be offered; its list is then empty. Days are listed as Django does:
    within one month the rows are few."""

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        if kind not in ("year", "month"):
            return super().datetimes(field_name, kind, order, tzinfo)
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = timezone.localtime(bounds["first"]), timezone.localtime(bounds["last"])
        if kind == "year":
            return [first.replace(year=year, month=1, day=1) for year in range(first.year, last.year + 1)]
        months = range(first.month, last.month + 1) if first.year == last.year else range(1, 13)
        return [first.replace(month=month, day=1) for month in months]


class ScaledChangeList(ChangeList):
    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        drilled = (
            any(name.startswith(f"{self.date_hierarchy}__") for name in self.params) if self.date_hierarchy else False
        )
        if (self.has_active_filters or self.query) and not drilled:
            # The hierarchy starts from the first and last dates of the rows listed: for a
            # filtered list (an author's 10,000 articles among a million) that is a pass over
            # all of them (0.8 s at 100,000 on a loaded machine), twice. Shown on the full list.
            self.date_hierarchy = None

    def get_queryset(self, request, exclude_parameters=None):
        # Section, bylines with their authors and tags in a fixed number of queries, whatever the page size.
        queryset = slim(super().get_queryset(request, exclude_parameters).with_related())
        queryset.__class__ = with_date_hierarchy(type(queryset))
        return queryset


@lru_cache(maxsize=8)
def with_date_hierarchy(queryset_class):
    return type(f"Listed{queryset_class.__name__}", (DateHierarchyQuerySet, queryset_class), {})


class ScaledChangeListMixin:
    """For ArticleAdmin: the list's paginator, search and changelist class at scale."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return ScaledChangeList

    def get_search_results(self, request, queryset, search_term):
        condition = admin_condition(queryset.model, search_term, by_authors_named(search_term))
        if condition is None:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(condition), False

"""Cursor pagination: a client walking the pages never sees an article twice or misses one
because others were published meanwhile (new articles go before the first page, and a cursor
names a position in the order, not a page number)."""

from rest_framework.pagination import CursorPagination

from articles.cache import page_path


class Cursor(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 50

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        # Links carry only the parameters the API reads: the cached answer is shared by every
        # client asking the same (articles.cache.page_path), whatever else it sent.
        self.base_url = request.build_absolute_uri(page_path(request))
        return page


class NewestFirst(Cursor):
    ordering = ("-publish_at", "-pk")


class BySlug(Cursor):
    ordering = ("slug",)

"""Newest-first lists paginated by seeking: a page deep in the archive costs what the first does.

"Older" leads to `?before=CURSOR` and "Newer" to `?after=CURSOR`, where the cursor is the
(publication time, id) of the page's last or first article: the query starts from there on the
edition index instead of counting past the articles it skips, and publishing meanwhile neither
repeats nor skips an article on the way. Old `?page=N` addresses keep working for the first
NUMBERED_PAGES pages (an OFFSET of at most a few hundred index entries); a deeper one is sent to
the deepest numbered page, or is a 404 if the list is not that long. A malformed cursor is a 404.
"""

import re
from datetime import UTC, datetime, timedelta

from django.http import Http404, HttpResponseRedirect

PAGE_SIZE = 20
NUMBERED_PAGES = 10
CURSOR = re.compile(r"([0-9]{1,17})\.([0-9]{1,18})")
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


class SeekPage:
    """A page of a list: its articles and the query strings of its neighbours ("" is the first page)."""

    seek = True

    def __init__(self, object_list, newer=None, older=None):
        self.object_list = object_list
        self.newer = newer
        self.older = older

    def has_other_pages(self):
        return self.newer is not None or self.older is not None


def cursor_of(article):
    return f"{(article.publish_at - EPOCH) // MICROSECOND}.{article.pk}"


def parse_cursor(text):
    match = CURSOR.fullmatch(text)
    if not match:
        raise Http404("There is no such page.")
    microseconds, pk = (int(group) for group in match.groups())
    try:
        return EPOCH + microseconds * MICROSECOND, pk
    except OverflowError as error:
        raise Http404("There is no such page.") from error


def seek_page(request, queryset):
    """The page the request asks for, or a redirect (a "newer" page that reached the newest
    articles is the first page; a numbered page past NUMBERED_PAGES is the deepest numbered one)."""
    asked = {name: request.GET.get(name) for name in ("before", "after", "page") if request.GET.get(name)}
    if len(asked) > 1:
        raise Http404("There is no such page.")
    if "before" in asked:
        rows = list(queryset.older_than(*parse_cursor(asked["before"]))[: PAGE_SIZE + 1])
        if not rows:
            raise Http404("There is no such page.")
        return _page(rows, newer=f"after={cursor_of(rows[0])}")
    if "after" in asked:
        rows = list(queryset.newer_than(*parse_cursor(asked["after"]))[: PAGE_SIZE + 1])
        if len(rows) <= PAGE_SIZE:
            return HttpResponseRedirect(request.path)
        rows = rows[:PAGE_SIZE][::-1]
        return _page(rows, newer=f"after={cursor_of(rows[0])}", more=True)
    return _numbered(request, queryset, asked.get("page") or "1")


def _numbered(request, queryset, number):
    if not PAGE_NUMBER.fullmatch(number) or int(number) < 1:
        raise Http404("There is no such page.")
    number = int(number)
    if number > NUMBERED_PAGES:
        # Only whether the list reaches the deepest numbered page: one row, a bounded offset.
        if not queryset.newest().values_list("pk")[NUMBERED_PAGES * PAGE_SIZE - PAGE_SIZE :][:1]:
            raise Http404("There is no such page.")
        return HttpResponseRedirect(f"{request.path}?page={NUMBERED_PAGES}")
    offset = (number - 1) * PAGE_SIZE
    rows = list(queryset.newest()[offset : offset + PAGE_SIZE + 1])
    if not rows and number > 1:
        raise Http404("There is no such page.")
    newer = None if number == 1 else ("" if number == 2 else f"page={number - 1}")
    return _page(rows, newer=newer)


def _page(rows, newer, more=None):
    """A page of the first PAGE_SIZE rows; an "older" link if there was one row more (or `more`)."""
    shown = rows[:PAGE_SIZE]
    has_older = more if more is not None else len(rows) > PAGE_SIZE
    return SeekPage(shown, newer=newer, older=f"before={cursor_of(shown[-1])}" if has_older and shown else None)

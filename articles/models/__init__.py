"""Authors, articles and their bylines, with the querysets every page, feed and admin list reads through."""

from .articles import Article, StaleArticleError, breaking_window
from .authors import Author
from .bylines import Byline, byline_prefetch
from .imports import ImportReport
from .queries import ArticleQuerySet
from .slugs import FormerSlug

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Author",
    "Byline",
    "FormerSlug",
    "ImportReport",
    "StaleArticleError",
    "breaking_window",
    "byline_prefetch",
]

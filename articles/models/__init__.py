"""Authors, articles and their bylines, with the querysets every page, feed and admin list reads through."""

from .articles import Article, ArticleQuerySet, Byline, StaleArticleError, breaking_window, byline_prefetch
from .authors import Author

__all__ = ["Article", "ArticleQuerySet", "Author", "Byline", "StaleArticleError", "breaking_window", "byline_prefetch"]

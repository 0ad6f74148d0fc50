"""The articles' admin: importing the modules registers their model admins."""

from . import articles, authors
from .workflow_views import view_on_site

__all__ = ["articles", "authors", "view_on_site"]

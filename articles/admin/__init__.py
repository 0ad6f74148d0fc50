"""The articles' admin: importing the modules registers their model admins."""

from . import articles, authors, images
from .workflow_views import view_on_site

__all__ = ["articles", "authors", "images", "view_on_site"]

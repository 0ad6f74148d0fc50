"""/api/v1/: every view behind the same door (CORS, rate limit) and the same page cache."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from articles.cache import public_page

from . import views
from .access import open_for_reading

ARTICLE_PARAMETERS = ("section", "tag", "author", "updated_since")
PAGING = ("cursor", "page_size")


def api(view, *params):
    """The view cached like a public page (keyed by the parameters it reads), behind the door."""
    return open_for_reading(public_page(view, params=("language", *params)))


urlpatterns = [
    path("articles/", api(views.ArticleList.as_view(), *ARTICLE_PARAMETERS, *PAGING), name="api_articles"),
    path("articles/<int:pk>/", api(views.ArticleDetail.as_view()), name="api_article"),
    path("sections/", api(views.SectionList.as_view()), name="api_sections"),
    path("tags/", api(views.TagList.as_view(), *PAGING), name="api_tags"),
    path("authors/", api(views.AuthorList.as_view(), *PAGING), name="api_authors"),
    path("schema/", api(SpectacularJSONAPIView.as_view()), name="api_schema"),
]

"""/api/v1/: every view behind the same door (CORS, rate limit) and the same page cache."""

from functools import wraps

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from articles.cache import public_page, shows
from articles.dependencies import LATEST

from . import views
from .access import open_for_reading

ARTICLE_PARAMETERS = ("section", "tag", "author", "updated_since")
PAGING = ("cursor", "page_size")


def api(view, *params):
    """The view cached like a public page (keyed by the parameters it reads), behind the door."""

    @wraps(view)  # the schema generator finds the view's class through the wrapper
    def answer(request, *args, **kwargs):
        # Every answer lists or shows live articles: any article's change (which moves the
        # latest list on) refreshes it; a renamed section, tag or author refreshes everything.
        shows(request, LATEST)
        return view(request, *args, **kwargs)

    return open_for_reading(public_page(answer, params=("language", *params)))


urlpatterns = [
    path("articles/", api(views.ArticleList.as_view(), *ARTICLE_PARAMETERS, *PAGING), name="api_articles"),
    path("articles/<int:pk>/", api(views.ArticleDetail.as_view()), name="api_article"),
    path("sections/", api(views.SectionList.as_view()), name="api_sections"),
    path("tags/", api(views.TagList.as_view(), *PAGING), name="api_tags"),
    path("authors/", api(views.AuthorList.as_view(), *PAGING), name="api_authors"),
    path("schema/", api(SpectacularJSONAPIView.as_view()), name="api_schema"),
]

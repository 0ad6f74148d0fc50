from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles import views as public_views
from articles.admin import view_on_site as admin_view_on_site
from articles.cache import public_page
from articles.sitemaps import news_sitemap, sitemaps
from newsroom.health import healthz

urlpatterns = [
    # Outside i18n_patterns and exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT): probes
    # talk plain HTTP to the app server and follow no redirects.
    path("healthz", healthz, name="healthz"),
    path("", public_views.root_redirect, name="root"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The content API: no language prefix, the edition is a parameter (articles/api/).
    path("api/v1/", include("articles.api.urls")),
    path("robots.txt", public_views.robots_txt, name="robots_txt"),
    path("sitemap-news.xml", news_sitemap, name="news_sitemap"),  # before the sitemap-<section>.xml pattern
    # An index, so that sitemaps past 5,000 URLs stay reachable page by page.
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<str:section>.xml",
        public_page(sitemap_views.sitemap, params=("p",)),
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    # Before the admin's own "admin/r/...", which ignores who may see the object.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin_view_on_site),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
)

handler404 = "articles.views.page_not_found"
handler500 = "articles.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

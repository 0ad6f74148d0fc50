"""The project's URLs plus `/bench/plain/`: 10 KB of text through the same middleware, with no
template, query or cache, the baseline a cached page is compared with."""

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import handler404, handler500  # noqa: F401
from newsroom.urls import urlpatterns as site_urls

PLAIN = b"<p>" + b"x" * (10 * 1024 - 7) + b"</p>"


def plain(request):
    return HttpResponse(PLAIN)


urlpatterns = [path("bench/plain/", plain), *site_urls]

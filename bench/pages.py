"""Benchmark of the public pages (a script, not a test).

    .venv/bin/python bench/pages.py [--requests 300] [--articles 200] [--database-url sqlite:////tmp/x.sqlite3]

Builds a fresh database (SQLite in a temporary folder by default) with N published articles, each
in English and Arabic with 3 bylines and 6 tags in 8 sections, then drives the site in-process with
Django's test client (full middleware stack, no network) and reports requests per second for:

- home and article detail, *cached* (the anonymous page cache is warm) and *uncached* (the whole
  cache is emptied before every request, so each one renders the page and recomputes everything
  a cache generation shares);
- a plain-Django baseline, measured in the same run: a minimal view that fetches the same article
  by slug and renders its headline and body with a one-line template, no cache, no bylines, tags
  or related articles; and the same for a list of the latest 12 headlines (the home baseline).

Ratios are each page's rate divided by its baseline's rate. The cache is the configured one
(per-process memory unless REDIS_URL/CACHE_URL is set).
"""

import argparse
import os
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(database_url):
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def build(count):
    from django.db import transaction

    from articles.models import Article, Author, Byline
    from taxonomy.models import Section, Tag, TaggedArticle

    with transaction.atomic():
        sections = [
            Section.objects.create(slug=f"s{i}", name_en=f"Section {i}", name_ar=f"قسم {i}", position=i)
            for i in range(8)
        ]
        tags = [Tag.objects.create(slug=f"t{i}", name_en=f"Tag {i}", name_ar=f"وسم {i}") for i in range(30)]
        authors = [Author.objects.create(slug=f"a{i}", name_en=f"Author {i}", name_ar=f"كاتب {i}") for i in range(10)]
        paragraph_en = "<p>" + "The council met on Sunday to discuss the budget and the new port. " * 8 + "</p>"
        paragraph_ar = "<p>" + "اجتمع المجلس يوم الأحد لمناقشة الميزانية والميناء الجديد. " * 8 + "</p>"
        from datetime import timedelta

        from django.utils import timezone

        now = timezone.now()
        for i in range(count):
            article = Article.objects.create(
                slug=f"story-{i}",
                title_en=f"Story number {i} about the budget",
                title_ar=f"الخبر رقم {i} عن الميزانية",
                standfirst_en="A summary of the story.",
                standfirst_ar="ملخص الخبر.",
                body_en=paragraph_en * 6,
                body_ar=paragraph_ar * 6,
                section=sections[i % len(sections)],
                status=Article.Status.PUBLISHED,
                publish_at=now - timedelta(minutes=i + 1),
                is_breaking=(i == 3),
            )
            for position in range(3):
                Byline.objects.create(article=article, author=authors[(i + position) % len(authors)], position=position)
            for k in range(6):
                TaggedArticle.objects.create(content_object=article, tag=tags[(i + k) % len(tags)])


def baseline_urlconf():
    from django.http import HttpResponse
    from django.shortcuts import get_object_or_404
    from django.template import engines
    from django.urls import path

    import newsroom.urls
    from articles.models import Article

    article_template = engines["django"].from_string(
        "<!doctype html><html><head><title>{{ a.title }}</title></head>"
        "<body><h1>{{ a.title }}</h1>{{ a.body|safe }}</body></html>"
    )
    list_template = engines["django"].from_string(
        "<!doctype html><html><body><ul>{% for a in articles %}"
        '<li><a href="{{ a.get_absolute_url }}">{{ a.title }}</a></li>'
        "{% endfor %}</ul></body></html>"
    )

    def plain_article(request, slug):
        article = get_object_or_404(Article.objects.published(), slug=slug)
        return HttpResponse(article_template.render({"a": article}, request))

    def plain_list(request):
        articles = Article.objects.published().in_language("en")[:12]
        return HttpResponse(list_template.render({"articles": articles}, request))

    module = types.ModuleType("bench_pages_urls")
    module.urlpatterns = [
        path("baseline/article/<str:slug>/", plain_article),
        path("baseline/home/", plain_list),
        *newsroom.urls.urlpatterns,
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def rate(client, url, requests, before=None):
    elapsed = 0.0
    for _ in range(requests):
        if before:
            before()
        start = time.perf_counter()
        response = client.get(url)
        elapsed += time.perf_counter() - start
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return requests / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="Requests per measurement (bounded).")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="Defaults to a new SQLite file in a temporary folder.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        setup(args.database_url or f"sqlite:///{Path(workdir) / 'bench.sqlite3'}")
        from django.core.cache import cache
        from django.test import Client, override_settings

        build(args.articles)
        detail = "/en/articles/story-5/"
        with override_settings(ROOT_URLCONF=baseline_urlconf()):
            client = Client(HTTP_HOST="localhost")
            for url in ("/en/", detail, "/baseline/home/", "/baseline/article/story-5/"):
                rate(client, url, 5)  # warm imports, templates, connections
            results = {
                "baseline: plain list (home)": rate(client, "/baseline/home/", args.requests),
                "baseline: plain article": rate(client, "/baseline/article/story-5/", args.requests),
                "home, uncached": rate(client, "/en/", args.requests, before=cache.clear),
                "article detail, uncached": rate(client, detail, args.requests, before=cache.clear),
            }
            cache.clear()
            results["home, cached"] = rate(client, "/en/", args.requests)
            results["article detail, cached"] = rate(client, detail, args.requests)

        base = {"home": results["baseline: plain list (home)"], "article": results["baseline: plain article"]}
        print(f"{args.articles} articles, {args.requests} requests per line, cache: {cache.__class__.__name__}")
        print(f"{'page':32} {'req/s':>9} {'vs baseline':>12}")
        for label, value in results.items():
            ratio = (
                "" if label.startswith("baseline") else f"{value / base['home' if 'home' in label else 'article']:.2f}x"
            )
            print(f"{label:32} {value:9.0f} {ratio:>12}")


if __name__ == "__main__":
    main()

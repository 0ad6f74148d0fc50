"""Uncached renders of every public page, in-process (a script, not a test).

    DATABASE_URL=postgres://.../DB .venv/bin/python bench/renders.py [--requests 30] [--profile PATH]

Runs against an existing database (fill it with `manage.py generate_articles N`), with no cache
at all (CACHE_URL=dummy://), so every request renders its page and reads the shared state: the
full middleware stack through Django's test client, no network. Prints p50 and p90 in ms and the
queries of each page. --profile PATH prints cProfile's top functions for one page instead.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(cache_url="dummy://"):
    """Production settings (debug off: no query log, cached templates), static files collected
    into a folder of the benchmark's own."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-not-a-secret",  # noqa: S105
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=os.environ.get("DJANGO_STATIC_ROOT", "/tmp/newsroom-bench-static"),  # noqa: S108
        CACHE_URL=cache_url,
    )
    import django

    django.setup()
    from django.core.management import call_command

    if not Path(os.environ["DJANGO_STATIC_ROOT"], "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def pages():
    """(name, path) of each page, with the busiest section, tag and author and a deep cursor."""
    from django.db.models import Count

    from articles.models import Article, Author
    from articles.pagination import cursor_of
    from taxonomy.models import Section, Tag

    edition = Article.objects.edition("en")
    article = edition.newest().only("slug").first()
    deep = edition.newest().only("publish_at")[edition.count() // 2]
    # Page 10, or the last page of a smaller edition (numbered pages stop at 10).
    last = max(1, min(10, -(-edition.count() // 20)))
    section = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
    tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n").first()
    author = Author.objects.annotate(n=Count("bylines")).order_by("-n").first()
    return [
        ("home", "/en/"),
        ("article", f"/en/articles/{article.slug}/"),
        ("latest, page 1", "/en/articles/"),
        (f"latest, ?page={last}", f"/en/articles/?page={last}"),
        ("latest, deep cursor (middle of the archive)", f"/en/articles/?before={cursor_of(deep)}"),
        ("section (busiest)", f"/en/sections/{section.slug}/"),
        ("tag (busiest)", f"/en/tags/{tag.slug}/"),
        ("author (busiest)", f"/en/authors/{author.slug}/"),
        ("feed: latest RSS", "/en/feeds/latest/rss/"),
        ("feed: author Atom (busiest)", f"/en/feeds/authors/{author.slug}/atom/"),
        ("feed: tag RSS (busiest)", f"/en/feeds/tags/{tag.slug}/rss/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap page 1", "/sitemap-articles.xml"),
        ("news sitemap", "/sitemap-news.xml"),
    ]


def measure(client, path, requests):
    from django.db import connection

    queries = []
    # Counted as the database sees them (a debug cursor's log is reset by each request).
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", help="a path to profile instead (e.g. /en/)")
    args = parser.parse_args()
    setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    if args.profile:
        client.get(args.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get(args.profile)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return
    from articles.models import Article

    print(f"{Article.objects.count()} articles, {Article.objects.edition('en').count()} in the English edition")
    print("| page | p50 ms | p90 ms | queries |\n| --- | ---: | ---: | ---: |")
    for name, path in pages():
        p50, p90, queries = measure(client, path, args.requests)
        print(f"| {name} | {p50:.1f} | {p90:.1f} | {queries} |", flush=True)


if __name__ == "__main__":
    main()

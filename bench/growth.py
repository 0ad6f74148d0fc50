"""How the uncached pages grow with the archive (a script, not a test).

    DATABASE_URL=postgres://.../newsroom_bench_100k .venv/bin/python bench/growth.py \
        [--requests 15] [--json results-100k.json]
    .venv/bin/python bench/growth.py --table results-1k.json results-10k.json ...

Run against a database filled by `manage.py generate_articles N` (see bench/README.md). The
cache is off (CACHE_URL=dummy://): every request renders its page. In-process, with Django's
test client through the full middleware stack. For each page: the median (p50) of --requests
requests after one warm-up, in ms, and its ratio to a plain-Django baseline measured in the
same run (a view fetching one article by slug and rendering its headline and body with a
one-line template). Search: every query of SEARCH_QUERIES once per language (the ten most
common words of each language's generated vocabulary, rarer words, two-word queries), p50
and p99. The pages chosen are the heaviest of their kind: the largest section, the most used
tag, the author with the most bylines (the generator's Zipf rank 1).
"""

import argparse
import json
import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Ranks in the generator's vocabularies (articles.generator.text.vocabulary): 0-9 are the ten
# most common words; the rest, rarer and rarer.
COMMON_RANKS = range(10)
RARER_RANKS = (20, 50, 100, 200, 400, 700, 1_000, 1_500, 2_500, 3_500, 4_500, 5_500, 5_900)
PAIRS = ((12, 150), (40, 600), (90, 2_000))


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["CACHE_URL"] = "dummy://"
    import django

    django.setup()


def search_queries():
    from articles.generator.text import vocabulary

    queries = []
    for code in ("en", "ar"):
        words = vocabulary(code)
        queries += [(code, words[rank]) for rank in (*COMMON_RANKS, *RARER_RANKS)]
        queries += [(code, f"{words[a]} {words[b]}") for a, b in PAIRS]
    return queries


def baseline_urlconf():
    from django.http import HttpResponse
    from django.shortcuts import get_object_or_404
    from django.template import engines
    from django.urls import path

    import newsroom.urls
    from articles.models import Article

    template = engines["django"].from_string(
        "<!doctype html><html><head><title>{{ a.title }}</title></head>"
        "<body><h1>{{ a.title }}</h1>{{ a.body|safe }}</body></html>"
    )

    def plain_article(request, slug):
        article = get_object_or_404(Article.objects.published(), slug=slug)
        return HttpResponse(template.render({"a": article}, request))

    module = types.ModuleType("bench_growth_urls")
    module.urlpatterns = [path("baseline/article/<str:slug>/", plain_article), *newsroom.urls.urlpatterns]
    sys.modules[module.__name__] = module
    return module.__name__


def subjects():
    """The article, section, tag and author the pages show, and the latest list's deep page."""
    from articles.models import Article, Author
    from taxonomy.models import Section, Tag

    edition = Article.objects.edition("en").filter(in_ar=True).order_by("-publish_at", "-pk")
    article = edition[100:101].first() or edition.first()
    pages = Article.objects.edition("en").count() // 20
    return {
        "article": article.slug,
        "section": Section.objects.order_by("pk").first(),
        "tag": Tag.objects.order_by("pk").first().slug,
        "author": Author.objects.order_by("pk").first(),
        "deep": max(1, min(500, pages)),
    }


def urls(found):
    section, author = found["section"], found["author"]
    return {
        "home": "/en/",
        "latest, page 1": "/en/articles/",
        "latest, deep page (500, or the last)": f"/en/articles/?page={found['deep']}",
        "section": f"/en/sections/{section.slug}/",
        "tag": f"/en/tags/{found['tag']}/",
        "author": f"/en/authors/{author.slug}/",
        "article (ar)": f"/ar/articles/{found['article']}/",
        "article": f"/en/articles/{found['article']}/",
        "sitemap index": "/sitemap.xml",
        "sitemap, articles page 1": "/sitemap-articles.xml",
        "news sitemap": "/sitemap-news.xml",
        "feed, latest RSS": "/en/feeds/latest/rss/",
        "feed, author Atom": f"/en/feeds/authors/{author.slug}/atom/",
        "admin changelist": "/en/admin/articles/article/",
        "admin search (common word)": "/en/admin/articles/article/?q=government",
        "admin search (rare word)": "/en/admin/articles/article/?q=" + search_queries()[20][1],
        "admin filter language+author": f"/en/admin/articles/article/?language=ar&authors__id__exact={author.pk}",
        "admin filter status": "/en/admin/articles/article/?status=published",
        "admin filter section": f"/en/admin/articles/article/?section__id__exact={section.pk}",
    }


def timed(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1_000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def p50(client, url, requests):
    """The median of `requests` requests after a warm-up (imports, templates, the connection);
    of fewer for a page slower than a second (3); a page slower than ten seconds is timed once
    (its warm-up), so that a run ends."""
    first = timed(client, url)
    if first >= 10_000:
        return first
    count = requests if first < 1_000 else 3
    return statistics.median(timed(client, url) for _ in range(count))


def measure(requests, skip=()):
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from articles.models import Article

    found = subjects()
    pages = {label: url for label, url in urls(found).items() if not any(word in label for word in skip)}
    results = {"articles": Article.objects.count(), "pages": {}, "search": {}}
    with override_settings(ROOT_URLCONF=baseline_urlconf()):
        client = Client(HTTP_HOST="localhost")
        admin, _created = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client.force_login(admin)
        baseline = p50(client, f"/baseline/article/{found['article']}/", requests)
        results["baseline"] = baseline
        for label, url in pages.items():
            results["pages"][label] = p50(client, url, requests)
            print(
                f"{label:34} {results['pages'][label]:9.1f} ms {results['pages'][label] / baseline:7.1f}x", flush=True
            )
        if "search" in skip:
            return results
        timed(client, "/en/search/?q=warm")
        times = [(timed(client, f"/{code}/search/?q={query}"), code, query) for code, query in search_queries()]
        values = sorted(t for t, _code, _query in times)
        results["search"] = {
            "queries": len(values),
            "p50": statistics.median(values),
            "p99": values[min(len(values) - 1, round(0.99 * (len(values) - 1)))],
            "slowest": sorted(times, reverse=True)[:5],
        }
        found = results["search"]
        print(f"baseline {baseline:.1f} ms; search p50 {found['p50']:.1f} p99 {found['p99']:.1f}")
    return results


def table(paths):
    runs = [json.loads(Path(path).read_text()) for path in paths]
    sizes = [f"{run['articles']:,}" for run in runs]
    print("| page, uncached p50 ms (ratio to baseline) | " + " | ".join(sizes) + " |")
    print("|---|" + "---:|" * len(runs))
    labels = list(dict.fromkeys(label for run in runs for label in run["pages"]))
    for label in labels:
        cells = [
            f"{run['pages'][label]:.1f} ({run['pages'][label] / run['baseline']:.1f}x)" if label in run["pages"] else ""
            for run in runs
        ]
        print(f"| {label} | " + " | ".join(cells) + " |")
    search = [f"{run['search']['p50']:.1f} / {run['search']['p99']:.1f}" if run["search"] else "" for run in runs]
    print("| search p50 / p99 (ms) | " + " | ".join(search) + " |")
    print("| baseline: plain article | " + " | ".join(f"{run['baseline']:.1f}" for run in runs) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=15, help="Requests per page, after one warm-up.")
    parser.add_argument("--json", help="Also write the results to this file.")
    parser.add_argument("--skip", nargs="*", default=[], help="Leave out the pages whose label holds one of these.")
    parser.add_argument("--table", nargs="+", help="Print the growth table of these result files, and stop.")
    args = parser.parse_args()
    if args.table:
        table(args.table)
        return
    setup()
    results = measure(args.requests, args.skip)
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    results["load"] = load
    print(f"load average {' '.join(load)}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

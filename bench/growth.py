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
    # Production settings, as bench/renders.py sets them: debug off (no query log), no cache.
    from renders import setup as production_setup

    production_setup("dummy://")


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
    from articles.pagination import cursor_of
    from taxonomy.models import Section, Tag

    edition = Article.objects.edition("en").filter(in_ar=True).order_by("-publish_at", "-pk")
    article = edition[100:101].first() or edition.first()
    newest = Article.objects.edition("en").newest().only("publish_at")
    # The middle of the archive, reached the way an "older" link reaches it: by a cursor.
    deep = newest[newest.count() // 2]
    return {
        "article": article.slug,
        "section": Section.objects.order_by("pk").first(),
        "tag": Tag.objects.order_by("pk").first().slug,
        "author": Author.objects.order_by("pk").first(),
        "deep": cursor_of(deep),
    }


def urls(found):
    section, author = found["section"], found["author"]
    return {
        "home": "/en/",
        "latest, page 1": "/en/articles/",
        "latest, page 10": "/en/articles/?page=10",
        "latest, deep cursor (middle of the archive)": f"/en/articles/?before={found['deep']}",
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
        "feed, tag RSS": f"/en/feeds/tags/{found['tag']}/rss/",
        "admin changelist": "/en/admin/articles/article/",
        "admin search (common word)": "/en/admin/articles/article/?q=government",
        "admin search (rare word)": "/en/admin/articles/article/?q=" + search_queries()[20][1],
        "admin filter language+author": f"/en/admin/articles/article/?language=ar&authors__id__exact={author.pk}",
        "admin filter status": "/en/admin/articles/article/?status=published",
        "admin filter section": f"/en/admin/articles/article/?section__id__exact={section.pk}",
        "admin autocomplete, byline author": "/en/admin/autocomplete/?app_label=articles&model_name=byline"
        "&field_name=author&term=ah",
        "admin autocomplete, lead image": "/en/admin/autocomplete/?app_label=articles&model_name=article"
        "&field_name=lead_image&term=a",
    }


def backend_cpu_ns():
    """CPU time of this connection's PostgreSQL backend so far (ns, /proc/<pid>/schedstat), or 0
    where it cannot be read (SQLite, another host)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    if not hasattr(connection, "bench_backend_pid"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            connection.bench_backend_pid = cursor.fetchone()[0]
    try:
        return int(Path(f"/proc/{connection.bench_backend_pid}/schedstat").read_text().split()[0])
    except OSError:
        return 0


def timed(client, url):
    """(wall ms, CPU ms) of one request: CPU is this process's plus its database backend's, which
    another process's load on the machine inflates far less than the wall time."""
    cpu, backend, start = time.process_time(), backend_cpu_ns(), time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1_000
    used = (time.process_time() - cpu) * 1_000 + (backend_cpu_ns() - backend) / 1e6
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, used


def p50(client, url, requests):
    """(wall, CPU) medians of `requests` requests after a warm-up (imports, templates, the
    connection); of fewer for a page slower than a second (3); a page slower than ten seconds is
    timed once (its warm-up), so that a run ends."""
    first = timed(client, url)
    if first[0] >= 10_000:
        return first
    count = requests if first[0] < 1_000 else 3
    runs = [timed(client, url) for _ in range(count)]
    return statistics.median(wall for wall, _cpu in runs), statistics.median(cpu for _wall, cpu in runs)


def measure(requests, skip=()):
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from articles.models import Article

    found = subjects()
    pages = {label: url for label, url in urls(found).items() if not any(word in label for word in skip)}
    results = {"articles": Article.objects.count(), "pages": {}, "cpu": {}, "search": {}}
    with override_settings(ROOT_URLCONF=baseline_urlconf()):
        client = Client(HTTP_HOST="localhost")
        admin, _created = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client.force_login(admin)
        baseline, results["baseline_cpu"] = p50(client, f"/baseline/article/{found['article']}/", requests)
        results["baseline"] = baseline
        print(f"{'page':44} {'wall ms':>9} {'ratio':>7} {'CPU ms':>9}")
        for label, url in pages.items():
            wall, cpu = results["pages"][label], results["cpu"][label] = p50(client, url, requests)
            print(f"{label:44} {wall:9.1f} {wall / baseline:6.1f}x {cpu:9.1f}", flush=True)
        if "search" in skip:
            return results
        timed(client, "/en/search/?q=warm")
        runs = [(timed(client, f"/{code}/search/?q={query}"), code, query) for code, query in search_queries()]
        results["search"] = percentiles([wall for (wall, _cpu), _code, _query in runs])
        results["search"]["cpu"] = percentiles([cpu for (_wall, cpu), _code, _query in runs])
        results["search"]["slowest"] = sorted(runs, reverse=True)[:5]
        found = results["search"]
        print(f"baseline {baseline:.1f} ms ({results['baseline_cpu']:.1f} CPU)")
        print(f"search ({found['queries']} queries) wall p50 {found['p50']:.1f} p99 {found['p99']:.1f}; ", end="")
        print(f"CPU p50 {found['cpu']['p50']:.1f} p99 {found['cpu']['p99']:.1f}")
    return results


def percentiles(values):
    values = sorted(values)
    return {
        "queries": len(values),
        "p50": statistics.median(values),
        "p99": values[min(len(values) - 1, round(0.99 * (len(values) - 1)))],
    }


def table(paths):
    """Markdown: per page and size, wall p50 ms (its ratio to the run's baseline) / CPU p50 ms, and
    the growth from the first run to the last in each (the issue's 1.3x rule)."""
    runs = [json.loads(Path(path).read_text()) for path in paths]
    sizes = [f"{run['articles']:,}" for run in runs]
    print("| page: wall p50 ms (x baseline) / CPU ms | " + " | ".join(sizes) + " | growth, wall / CPU |")
    print("|---|" + "---:|" * (len(runs) + 1))
    labels = list(dict.fromkeys(label for run in runs for label in run["pages"]))
    for label in labels:
        cells = [_cell(run, label) for run in runs]
        print(f"| {label} | " + " | ".join(cells) + f" | {_growth(runs, label)} |")
    search = [_search_cell(run) for run in runs]
    print("| search p50 / p99, wall (CPU) | " + " | ".join(search) + " | |")
    print("| baseline: plain article, wall / CPU | " + " | ".join(_baseline(run) for run in runs) + " | |")
    print("| load average (1, 5, 15 min) | " + " | ".join(" ".join(run.get("load", [])) for run in runs) + " | |")


def _cell(run, label):
    if label not in run["pages"]:
        return ""
    wall = run["pages"][label]
    cpu = run.get("cpu", {}).get(label)
    return f"{wall:.1f} ({wall / run['baseline']:.1f}x)" + (f" / {cpu:.1f}" if cpu is not None else "")


def _growth(runs, label):
    having = [run for run in runs if label in run["pages"]]
    if len(having) < 2:
        return ""
    first, last = having[0], having[-1]
    wall = f"{last['pages'][label] / first['pages'][label]:.2f}x"
    if label in first.get("cpu", {}) and label in last.get("cpu", {}):
        return f"{wall} / {last['cpu'][label] / first['cpu'][label]:.2f}x"
    return wall


def _search_cell(run):
    found = run["search"]
    if not found:
        return ""
    cpu = found.get("cpu")
    return f"{found['p50']:.1f} / {found['p99']:.1f}" + (f" ({cpu['p50']:.1f} / {cpu['p99']:.1f})" if cpu else "")


def _baseline(run):
    return f"{run['baseline']:.1f}" + (f" / {run['baseline_cpu']:.1f}" if "baseline_cpu" in run else "")


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

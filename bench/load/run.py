"""Load test of the public site under gunicorn with Redis (a script, not a test).

    DATABASE_URL=postgres://.../DB REDIS_URL=redis://127.0.0.1:6379/N .venv/bin/python bench/load/run.py

Needs wrk (Debian: apt-get install wrk) and a database filled by `manage.py generate_articles`.
Starts gunicorn (newsroom/gunicorn.conf.py, access log off) on the site plus one plain view, then:

1. throughput, rounds of 10 s each at 32 connections: the plain view returning 10 KB, a cached
   article, the cached home page, and the newest --articles cached articles picked at random
   (ratios to the plain view of the same round);
2. a warm-up of the mix (not counted), then the mix for 60 s at 32 connections (70 % articles,
   Zipf-like popularity over the newest 5,000, 20 % fronts and lists, 10 % search) while an
   editor saves an article every 5 s (a new headline for a popular article, or a draft
   published), each save followed by polling its page until the change shows.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WRK_JSON = "JSON "


def environment(port):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="loadsite",
        PYTHONPATH=f"{HERE}:{ROOT}",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-not-a-secret",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=env.get("DJANGO_STATIC_ROOT", "/tmp/newsroom-bench-static"),  # noqa: S108 -- benchmark only
        CACHE_KEY_PREFIX=env.get("CACHE_KEY_PREFIX", "newsroom-bench"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG="",
        # A worker restart every 2,000 requests would be one every few seconds here.
        GUNICORN_MAX_REQUESTS="0",
    )
    return env


def setup_django(env):
    os.environ.update(env)
    sys.path[:0] = [str(HERE), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    if not Path(env["DJANGO_STATIC_ROOT"], "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def url_lists(folder, count):
    """Paths (wrk requests paths of the server it is given), written one a line to three files."""
    from django.db.models import Count

    from articles.models import Article, Author
    from articles.pagination import cursor_of
    from taxonomy.models import Section, Tag

    articles = []
    for code in ("en", "ar"):
        slugs = Article.objects.edition(code).newest().values_list("slug", flat=True)[: count // 2]
        articles += [quote(f"/{code}/articles/{slug}/") for slug in slugs]
    random.Random(1).shuffle(articles)
    edition = Article.objects.edition("en").newest().only("publish_at")
    # Deep, but never the oldest: "before" the oldest is an empty page, a 404.
    deep = edition[min(5000, edition.count() // 2)]
    fronts = ["/en/", "/ar/", "/en/articles/", "/ar/articles/", f"/en/articles/?before={cursor_of(deep)}"]
    for section in Section.objects.order_by("position")[:10]:
        fronts += [f"/en/sections/{section.slug}/", f"/ar/sections/{section.slug}/"]
    for tag in Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n")[:10]:
        fronts.append(quote(f"/en/tags/{tag.slug}/"))
    for author in Author.objects.annotate(n=Count("bylines")).order_by("-n")[:10]:
        fronts.append(quote(f"/en/authors/{author.slug}/"))
    # ARABIC_SEARCH=0 leaves Arabic queries out (a database whose Arabic search index is missing).
    words = ["council", "budget", "port", "minister", "oil", "water", "election", "court"]
    searches = [f"/en/search/?q={word}" for word in words]
    if os.environ.get("ARABIC_SEARCH", "1") != "0":
        searches += [f"/ar/search/?q={quote(word)}" for word in ("النفط", "المجلس", "الميزانية", "وزير")]
    paths = {}
    for name, urls in (("articles", articles), ("fronts", fronts), ("searches", searches)):
        paths[name] = folder / f"{name}.txt"
        paths[name].write_text("\n".join(urls) + "\n", encoding="utf-8")
    return paths, articles


def wrk(url, seconds, script, *args, connections=32, threads=2):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    command += ["-s", str(script), url]
    out = subprocess.run([*command, "--", *map(str, args)], capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith(WRK_JSON))
    return json.loads(line[len(WRK_JSON) :])


def throughput(base, article, rounds, seconds, spread):
    """Rounds of the plain view, one cached article, the cached home page and, uniformly at random,
    the `spread` file's cached articles (each process sees each of them rarely: most of its hits
    are read from Redis, not from its own memory)."""
    rows = []
    prewarm(base, spread.read_text().split())
    for _ in range(rounds):
        round_ = {}
        for name, url in (("plain", f"{base}/bench/plain/"), ("article", article), ("home", f"{base}/en/")):
            urllib.request.urlopen(url).read()  # noqa: S310 -- our own server: warms the page
            round_[name] = wrk(url, seconds, HERE / "single.lua")
        round_["articles"] = wrk(base, seconds, HERE / "spread.lua", spread)
        rows.append(round_)
        print(json.dumps({name: {k: v[k] for k in ("rps", "p50_ms", "hits", "errors")} for name, v in round_.items()}))
        plain = round_["plain"]["rps"]
        print("ratios to plain:", {name: round(v["rps"] / plain, 2) for name, v in round_.items() if name != "plain"})
    return rows


def editor(base, stop, results, every=5.0):
    """Saves an article every `every` seconds, then polls its page until the change shows."""
    from django.utils import timezone

    from articles.models import Article

    popular = list(Article.objects.edition("en").newest()[:20])
    drafts = list(Article.objects.filter(status=Article.Status.DRAFT, in_en=True).order_by("-pk")[:20])
    step = 0
    while not stop.wait(every if step else 1.0):
        if step % 2 == 0 or not drafts:
            article = popular[step % len(popular)]
            article.title_en = f"Updated {step} at {time.time():.0f}: {article.title_en.split(': ', 1)[-1]}"
            kind = "update"
        else:
            article = drafts.pop()
            article.title_en = f"Published {step} at {time.time():.0f}"
            article.status, article.publish_at = Article.Status.PUBLISHED, timezone.now()
            kind = "publish"
        saved = time.monotonic()
        article.save()
        seen = wait_visible(f"{base}/en/articles/{article.slug}/", article.title_en, saved)
        results.append({"kind": kind, "visible_after_s": seen})
        step += 1


def wait_visible(url, text, since, limit=30.0):
    from html import escape

    while time.monotonic() - since < limit:
        try:
            if escape(text) in urllib.request.urlopen(url).read().decode():  # noqa: S310 -- our own server
                return round(time.monotonic() - since, 2)
        except OSError:
            pass
        time.sleep(0.1)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=8, help="per worker: a hit mostly waits on Redis")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--articles", type=int, default=1000, help="the newest N articles are read")
    parser.add_argument("--prewarm", action="store_true", help="request every listed page once first")
    args = parser.parse_args()
    env = environment(args.port)
    env["GUNICORN_WORKERS"], env["GUNICORN_THREADS"] = str(args.workers), str(args.threads)
    setup_django(env)
    base = f"http://127.0.0.1:{args.port}"
    folder = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    paths, articles = url_lists(folder, args.articles)
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "newsroom/gunicorn.conf.py"), "newsroom.wsgi:application"],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_up(base)
        print(f"load average before: {os.getloadavg()}")
        ratios = throughput(base, base + articles[0], args.rounds, 10, paths["articles"])
        lists = [paths["articles"], paths["fronts"], paths["searches"]]
        if args.prewarm:
            prewarm(base, [*articles, *paths["fronts"].read_text().split()])
        print("warm-up", wrk(base, args.warmup, HERE / "mix.lua", *lists))
        stop, edits = threading.Event(), []
        thread = threading.Thread(target=editor, args=(base, stop, edits))
        thread.start()
        mixed = wrk(base, args.seconds, HERE / "mix.lua", *lists)
        stop.set()
        thread.join()
        print(f"load average after: {os.getloadavg()}")
        print(json.dumps({"throughput": ratios, "mix": mixed, "edits": edits}, indent=1))
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def prewarm(base, paths):
    """Every page once, four at a time: the cache a site in service has."""
    from concurrent.futures import ThreadPoolExecutor

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda path: urllib.request.urlopen(base + path).read(), paths))  # noqa: S310 -- our own server
    print(f"prewarmed {len(paths)} pages in {time.monotonic() - started:.0f} s")


def wait_up(base, limit=60):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/bench/plain/").read()  # noqa: S310 -- our own server
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


if __name__ == "__main__":
    main()

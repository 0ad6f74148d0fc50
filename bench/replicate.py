"""Grows a generated benchmark database by copying its articles inside PostgreSQL (a script).

    DATABASE_URL=postgres://.../newsroom_bench_big .venv/bin/python bench/replicate.py --times 2

Each round copies every article once (new id, slug suffixed with its id, publication times
moved by up to six hours either way), with its bylines and tag links, in one INSERT ... SELECT
per table: no Python per row. The copies keep the generated archive's distributions (words,
tags, sections, authors, statuses, dates), so the database doubles per round at a fraction
of the generator's cost on a loaded machine; each copied article's text exists twice. The
search GIN indexes are dropped for the copy and built again after it, then everything is
ANALYZEd. For benchmarks only: bench/README.md says which sizes were grown this way.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_round(cursor, columns, limit=None):
    """Copies every article, or the `limit` oldest by id."""
    # Every slug column is unique (the article's and each language's): each copy's is suffixed.
    slugs = [c for c in columns if c == "slug" or c.startswith("slug_")]
    others = [c for c in columns if c not in ("id", "publish_at", "first_published_at", *slugs)]
    listed = ", ".join(others)
    copied_slugs = ", ".join(
        f"CASE WHEN a.{c} IS NULL THEN NULL ELSE left(a.{c}, 180) || '-c' || c.new END" for c in slugs
    )
    cursor.execute(
        "CREATE TEMP TABLE copies ON COMMIT DROP AS SELECT id AS old, "
        "nextval(pg_get_serial_sequence('articles_article', 'id')) AS new, "
        "make_interval(mins => (random() * 720 - 360)::int) AS shift FROM "
        "(SELECT id FROM articles_article ORDER BY id LIMIT %s) AS chosen",
        [limit],
    )
    cursor.execute(
        f"INSERT INTO articles_article (id, {', '.join(slugs)}, publish_at, first_published_at, {listed}) "  # noqa: S608
        f"SELECT c.new, {copied_slugs}, a.publish_at + c.shift, "
        f"a.first_published_at + c.shift, {', '.join('a.' + name for name in others)} "
        "FROM articles_article a JOIN copies c ON c.old = a.id"
    )
    cursor.execute(
        "INSERT INTO articles_byline (article_id, author_id, position, role) "
        "SELECT c.new, b.author_id, b.position, b.role FROM articles_byline b JOIN copies c ON c.old = b.article_id"
    )
    cursor.execute(
        "INSERT INTO taxonomy_taggedarticle (content_object_id, tag_id) "
        "SELECT c.new, t.tag_id FROM taxonomy_taggedarticle t JOIN copies c ON c.old = t.content_object_id"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--times", type=int, default=1, help="Rounds: each doubles the articles.")
    parser.add_argument("--until", type=int, help="Instead of --times: rounds until there are this many articles.")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.db import connection, transaction

    from articles.generator.load import search_indexes_dropped
    from articles.models import Article

    columns = [f.column for f in Article._meta.concrete_fields if not f.generated]
    started = time.perf_counter()
    timing = {}
    with search_indexes_dropped("default", timing):
        for _round in range(args.times if args.until is None else 64):
            present = Article.objects.count()
            if args.until is not None and present >= args.until:
                break
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
                copy_round(cursor, columns, None if args.until is None else args.until - present)
            print(f"{Article.objects.count()} articles after {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"search indexes built in {timing.get('rebuild', 0):.0f} s; total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

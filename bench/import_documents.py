"""Benchmark of the document importer (a script, not a test).

    .venv/bin/python bench/import_documents.py [--documents 1000] [--database-url sqlite:////tmp/x.sqlite3]

Generates N documents (the five sample documents in turn, each with a sidecar giving it a
unique slug) in a temporary folder, then times, on a fresh SQLite database by default:
parsing all of them, writing them to the database in one transaction, emitting the
fixture, and the checks `manage.py loaddata` runs on that fixture before loading it; and,
as a baseline measured in the same run, creating the same N articles with bare
`Article.objects.create` calls (no parsing, no bylines or tags) in one transaction.
"""

import argparse
import json
import os
import sys
import tempfile
import time
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


def generate(folder, count):
    seeds = sorted((ROOT / "fixtures" / "documents").glob("*.txt"))
    for index in range(count):
        seed = seeds[index % len(seeds)]
        stem = f"{index:05d}_{seed.stem}"
        (folder / f"{stem}.txt").write_bytes(seed.read_bytes())
        meta_path = seed.with_name(seed.stem + ".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        meta.update({"slug": f"bench-{index:05d}", "date": f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}"})
        (folder / f"{stem}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return sorted(folder.glob("*.txt"))


def timed(label, function, results):
    start = time.perf_counter()
    value = function()
    results[label] = time.perf_counter() - start
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--database-url", default=None, help="Defaults to a new SQLite file in a temporary folder.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        workdir = Path(workdir)
        setup(args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}")
        from django.db import connection, transaction

        from articles.importer import dump_fixture, fixture_records, read_document, write_documents
        from articles.models import Article
        from editorial.fixtures import check_fixture

        documents_dir = workdir / "documents"
        documents_dir.mkdir()
        paths = generate(documents_dir, args.documents)
        results = {}
        documents = timed("parse", lambda: [read_document(p) for p in paths], results)
        timed("write to the database", lambda: write_documents(documents), results)
        fixture = timed("emit the fixture", lambda: dump_fixture(fixture_records(documents)), results)
        fixture_path = workdir / "fixture.json"
        fixture_path.write_text(fixture, encoding="utf-8")
        problems, _lines = timed("loaddata's checks of the fixture", lambda: check_fixture(fixture_path), results)
        assert not problems, problems[:3]

        def baseline():
            with transaction.atomic():
                for index, document in enumerate(documents):
                    Article.objects.create(
                        slug=f"baseline-{index:05d}",
                        title_en=document.title,
                        body_en=document.body_html,
                        status=Article.Status.PUBLISHED,
                        publish_at=document.published,
                    )

        timed("baseline: bare Article.objects.create", baseline, results)

    importer = results["parse"] + results["write to the database"]
    print(f"{args.documents} documents, {connection.vendor}, fixture {len(fixture) / 1e6:.1f} MB")
    for label, seconds in results.items():
        print(f"  {label:<40} {seconds:7.3f} s")
    print(f"  {'importer total (parse + write)':<40} {importer:7.3f} s")
    print(f"  {'ratio importer / baseline':<40} {importer / results['baseline: bare Article.objects.create']:7.2f}")


if __name__ == "__main__":
    main()

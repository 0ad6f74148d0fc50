"""Accuracy of the document importer on the hand-labelled corpus (a script, not a test).

    .venv/bin/python bench/importer_accuracy.py [--set dev|heldout|all] [--verbose] [--speed 1000]

Each document of tests/importer_corpus/<set>/ is imported the way a user imports it, with
`manage.py import_documents PATH` (the command itself, through call_command), into a fresh
SQLite database in a temporary folder, inside a transaction that is rolled back after the
article has been read back. Nothing but the command and the stored Article (its headline,
body, bylines, source, dateline, publish_at and original_language) is used, so the score keeps
working whatever the importer's internals become. The article is compared with the document's
NAME.label.json (format: tests/importer_corpus/README.md) and a table of each field's accuracy
is printed, with the number of documents fully right; --verbose lists what was wrong per document.

Then the documents of the set that import are repeated up to --speed documents (each copy with a
sidecar giving it a unique slug) and imported in one run of the command, timed: documents per
second, parse and database write included (rolled back afterwards).
"""

import argparse
import html
import io
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "importer_corpus"
SETS = ("dev", "heldout")
# A dateline and agency credit may stay in front of the first paragraph's own words:
# "KUWAIT, Jan 14 (KUNA) -- The Council of Ministers...". Longer than this is something else.
MAX_FIRST_PARAGRAPH_PREFIX = 60
# A clutter line this long, or in brackets ("(end) ak.mf", "(انتهى)"), is looked for inside body
# blocks too (glued to a paragraph); a shorter one ("Email", "شارك") only as a whole block, since
# such a word may occur inside a sentence.
MIN_GLUED_CLUTTER_CHARS = 12
FULLY_RIGHT = ("language", "headline", "authors", "paragraphs", "first paragraph", "no clutter", "no sentence lost")
FIELDS = (
    "language",
    "headline",
    "authors",
    "source",
    "dateline",
    "date",
    "paragraphs",
    "first paragraph",
    "last paragraph",
    "no clutter",
    "no sentence lost",
)


def setup(database_url):
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def normalise(text):
    return re.sub(r"\s+", " ", html.unescape(text or "")).strip().casefold()


def bare(text):
    """A credit or place without its brackets and edge punctuation: "(KUNA)" is "kuna"."""
    return normalise(text).strip(" ()[]-–—:,.،") or None


class _Blocks(HTMLParser):
    """The body's blocks as (kind, text): "p" for paragraphs (quoted ones too), else the tag."""

    BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "li")

    def __init__(self):
        super().__init__()
        self.blocks, self._open, self._text = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS and self._open is None:
            self._open, self._text = tag, []

    def handle_endtag(self, tag):
        if tag == self._open:
            self.blocks.append((tag, normalise("".join(self._text))))
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._text.append(data)


@dataclass
class Imported:
    """What the site holds after the import: read from the stored article only."""

    language: str = ""
    headline: str = ""
    authors: list = field(default_factory=list)
    source: str = ""
    dateline: str = ""
    date: str | None = None
    blocks: list = field(default_factory=list)
    error: str = ""

    @property
    def paragraphs(self):
        return [text for kind, text in self.blocks if kind == "p" and text]


def import_one(path):
    """Imports one document with the command, reads its article back, rolls everything back."""
    # Django and the models load only once setup() has configured the settings and database.
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import transaction
    from django.utils import timezone, translation

    from articles.models import Article

    class Rollback(Exception):
        pass

    result = Imported()
    out, err = io.StringIO(), io.StringIO()
    try:
        with transaction.atomic():
            before = set(Article.objects.values_list("pk", flat=True))
            call_command("import_documents", str(path), stdout=out, stderr=err, skip_checks=True)
            article = Article.objects.exclude(pk__in=before).get()
            lang = article.original_language
            with translation.override(lang):
                result.language = lang
                result.headline = getattr(article, f"title_{lang}", "") or article.title
                body = getattr(article, f"body_{lang}", "") or ""
                result.source = article.source or ""
                result.dateline = getattr(article, f"dateline_{lang}", None) or ""
                result.authors = [b.author.name for b in article.bylines.select_related("author")]
            if article.publish_at:
                result.date = timezone.localtime(article.publish_at).date().isoformat()
            parser = _Blocks()
            parser.feed(body)
            result.blocks = parser.blocks
            raise Rollback
    except Rollback:
        pass
    except CommandError as error:
        result.error = f"{error} {err.getvalue().strip()}"
    except (Article.DoesNotExist, Article.MultipleObjectsReturned) as error:
        result.error = f"not one article: {error}"
    return result


def contains_clutter(block, line):
    glued = len(line) >= MIN_GLUED_CLUTTER_CHARS or line.startswith("(")
    return block == line or (glued and line in block)


def judge(label, got):
    """{field: (right, what was found when wrong)} for one document."""
    if got.error:
        return dict.fromkeys(FIELDS, (False, got.error))
    headline = normalise(label["headline"])
    paragraphs = got.paragraphs
    first = paragraphs[0] if paragraphs else ""
    last = paragraphs[-1] if paragraphs else ""
    start = first.find(normalise(label["first_paragraph_start"]))
    texts = [text for _kind, text in got.blocks]
    clutter = [line for line in label["must_not_appear"] if any(contains_clutter(t, normalise(line)) for t in texts)]
    clutter += ["(the headline again)"] if headline in texts else []
    body = " ".join(texts)
    lost = [s for s in label["must_appear"] if normalise(s) not in body]
    wanted_authors = sorted(normalise(a) for a in label["authors"])
    return {
        "language": (got.language == label["language"], got.language),
        "headline": (normalise(got.headline) == headline, got.headline),
        "authors": (sorted(normalise(a) for a in got.authors) == wanted_authors, got.authors),
        "source": (bare(got.source) == bare(label["source"]), got.source),
        "dateline": (bare(got.dateline) == bare(label["dateline"]), got.dateline),
        "date": (got.date == label["date"], got.date),
        "paragraphs": (abs(len(paragraphs) - label["paragraph_count"]) <= 1, len(paragraphs)),
        "first paragraph": (0 <= start <= MAX_FIRST_PARAGRAPH_PREFIX, first[:80]),
        "last paragraph": (last.startswith(normalise(label["last_paragraph_start"])), last[:80]),
        "no clutter": (not clutter, clutter),
        "no sentence lost": (not lost, [s[:60] for s in lost]),
    }


def documents_of(chosen):
    names = SETS if chosen == "all" else (chosen,)
    return [path for name in names for path in sorted((CORPUS / name).glob("*.txt"))]


def label_of(path):
    return json.loads(path.with_name(path.stem + ".label.json").read_text(encoding="utf-8"))


def score(paths, verbose):
    verdicts, imported = {}, []
    for path in paths:
        got = import_one(path)
        verdicts[path] = judge(label_of(path), got)
        if not got.error:
            imported.append(path)
    total = len(paths)
    print(f"| Field | Right | of {total} | % |")
    print("| --- | ---: | ---: | ---: |")
    for name in FIELDS:
        right = sum(v[name][0] for v in verdicts.values())
        print(f"| {name} | {right} | {total} | {100 * right / total:.0f} |")
    full = sum(all(v[name][0] for name in FULLY_RIGHT) for v in verdicts.values())
    print(f"| **fully right** ({', '.join(FULLY_RIGHT)}) | **{full}** | {total} | **{100 * full / total:.0f}** |")
    if verbose:
        for path, verdict in verdicts.items():
            wrong = {name: found for name, (right, found) in verdict.items() if not right}
            if wrong:
                print(f"\n{path.relative_to(ROOT)}")
                for name, found in wrong.items():
                    print(f"  {name}: got {found!r}")
    return imported


def speed(paths, count, workdir):
    """(wall, CPU) seconds of one run of the command over `count` copies of `paths`, for --dry-run
    and for the real import. The CPU time of this process is what a loaded machine distorts least."""
    # Django loads only once setup() has configured the settings and database.
    from django.core.management import call_command
    from django.db import transaction

    folder = workdir / "speed"
    folder.mkdir()
    for index in range(count):
        path = paths[index % len(paths)]
        stem = f"{index:05d}_{path.stem}"
        (folder / f"{stem}.txt").write_bytes(path.read_bytes())
        (folder / f"{stem}.meta.json").write_text(json.dumps({"slug": f"speed-{index:05d}"}), encoding="utf-8")
    timings = []
    for extra in (["--dry-run"], []):
        start, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            call_command(
                "import_documents", str(folder), *extra, stdout=io.StringIO(), stderr=io.StringIO(), skip_checks=True
            )
            timings.append((time.perf_counter() - start, time.process_time() - cpu))
            transaction.set_rollback(True)
    return timings


def report_speed(paths, count, workdir):
    dry, full = speed(paths, count, workdir)
    print(f"\nSpeed: {count} documents ({len(paths)} of the set that import, repeated), one command run each:")
    for name, (wall, cpu) in (("--dry-run (read, parse, check)", dry), ("import (parse and write)", full)):
        print(f"  {name:<31} {wall:6.2f} s, {count / wall:5.0f} documents/s; CPU {cpu:6.2f} s, {count / cpu:5.0f}/s")
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"  load average at the end: {load} ({os.cpu_count()} cores)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=(*SETS, "all"), default="dev")
    parser.add_argument("--verbose", action="store_true", help="List what was wrong in each document.")
    parser.add_argument("--speed", type=int, default=1000, help="Documents to time in one import (0: skip).")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        workdir = Path(workdir)
        setup(f"sqlite:///{workdir / 'accuracy.sqlite3'}")
        paths = documents_of(args.set)
        print(f"Importer accuracy on the {args.set} set: {len(paths)} documents\n")
        usable = score(paths, args.verbose)
        if args.speed:
            if not usable:
                print("\nNo document of the set imports: no speed to measure.")
                return
            report_speed(usable, args.speed, workdir)


if __name__ == "__main__":
    main()

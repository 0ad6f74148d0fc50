"""manage.py import_documents PATH... [--output FILE.json] [--dry-run]

Reads plain-text news documents (files, or folders of *.txt files) with their optional
NAME.meta.json sidecars and either stores them in the database, all or nothing, or writes
a loaddata fixture with natural keys (--output). The sample site's fixture comes from:

    manage.py import_documents fixtures/documents --output fixtures/sample_content.json
"""

from collections import Counter, defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.importer import (
    DocumentError,
    ImportFailed,
    check_documents,
    dump_fixture,
    fixture_records,
    read_document,
    sidecar_path,
    write_documents,
)
from articles.importer.decoding import SIDECAR_SUFFIX
from articles.models import Article

PROGRESS_FROM = 50
# Documents a grouped note names before it says "and N more".
NOTE_NAMES = 5


def document_paths(paths):
    """(documents, skipped): files named on the command line and the *.txt files under folders,
    in a stable order; and (path, reason) for every other file found in the folders."""
    found, skipped = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            documents = [p for p in files if p.suffix.lower() == ".txt"]
            sidecars = {sidecar_path(p) for p in documents}
            found += documents
            for other in files:
                if other.suffix.lower() == ".txt" or other in sidecars:
                    continue
                if other.name.endswith(SIDECAR_SUFFIX):
                    reason = _("a sidecar without its document (%(name)s)") % {
                        "name": other.name[: -len(SIDECAR_SUFFIX)] + ".txt"
                    }
                else:
                    reason = _("not a .txt document")
                skipped.append((other, reason))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(_("%(path)s: no such file or folder.") % {"path": raw})
    return found, skipped


class Command(BaseCommand):
    # A plain string, as in Django's own commands: argparse cannot format a lazy one.
    help = "Imports plain-text news documents as articles, or writes them as a fixture with --output."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help=_("Document files or folders of .txt documents."))
        parser.add_argument("--output", help=_("Write a loaddata fixture to this file instead of the database."))
        parser.add_argument("--dry-run", action="store_true", help=_("Parse and report, but write nothing anywhere."))

    def handle(self, *args, paths, output=None, dry_run=False, **options):
        files, skipped_files = document_paths(paths)
        for path, reason in skipped_files:
            self.stdout.write(_("Skipped %(path)s: %(reason)s.") % {"path": path, "reason": reason})
        if not files:
            raise CommandError(_("No documents found in %(paths)s.") % {"paths": ", ".join(paths)})
        documents, errors = self._read(files)
        if errors or dry_run:
            # The writers check the set themselves: check it here only when they will not run.
            errors += check_documents(documents)
        if errors:
            self._fail(errors, len(files))

        if options["verbosity"] >= 2:
            for document in documents:
                self.stdout.write(self._describe(document))
        self._notes(documents)

        if dry_run:
            self.stdout.write(
                _("Dry run: %(count)d document(s) parsed without errors; nothing written.") % {"count": len(documents)}
            )
            self._skipped_summary(skipped_files)
            return
        try:
            summary = self._write(documents, output, self._progress(len(documents), _("write")))
        except ImportFailed as failed:
            self._fail(failed.errors, len(files))
        skipped = sum(len(d.skipped) for d in documents)
        self.stdout.write(self.style.SUCCESS(summary))
        trailers = sum(d.report.get("wire_trailers", 0) for d in documents)
        self.stdout.write(
            _("%(lines)d line(s) of site junk or repeated headlines skipped, %(trailers)d of them wire trailers.")
            % {"lines": skipped, "trailers": trailers}
        )
        self.stdout.write(self._statuses(documents))
        self._skipped_summary(skipped_files)

    def _read(self, files):
        """(documents, errors): every problem of every file, so that one run shows them all."""
        documents, errors = [], []
        progress = self._progress(len(files), _("read"))
        for index, path in enumerate(files, start=1):
            try:
                documents.append(read_document(path))
            except DocumentError as error:
                errors += error.errors  # every problem of the document and its sidecar
            except OSError as error:
                errors.append(DocumentError(str(path), error.strerror or str(error)))
            progress(index)
        return documents, errors

    def _write(self, documents, output, progress):
        """Writes the fixture or the database; the summary to print."""
        if output:
            text = dump_fixture(fixture_records(documents, progress=progress))
            Path(output).write_text(text, encoding="utf-8")
            return _("Wrote %(count)d article(s) to %(output)s.") % {"count": len(documents), "output": output}
        written = write_documents(documents, progress=progress)
        return _(
            "Imported %(articles)d article(s): %(authors_created)d new author(s), %(authors_reused)d "
            "existing author(s) reused, %(sections)d new section(s), %(tags)d new tag(s), "
            "%(bylines)d byline(s), %(tagged)d tag link(s)."
        ) % {
            "articles": written.articles,
            "authors_created": written.authors_created,
            "authors_reused": written.authors_reused,
            "sections": written.sections_created,
            "tags": written.tags_created,
            "bylines": written.bylines,
            "tagged": written.tagged,
        }

    def _statuses(self, documents):
        statuses = Counter(d.status for d in documents)
        return _(
            "%(review)d held for review, %(published)d published (their sidecars say so), "
            "%(other)d in another status given by their sidecars."
        ) % {
            "review": statuses[Article.Status.IN_REVIEW],
            "published": statuses[Article.Status.PUBLISHED],
            "other": len(documents) - statuses[Article.Status.IN_REVIEW] - statuses[Article.Status.PUBLISHED],
        }

    def _describe(self, document):
        return (
            f"{document.name}: [{document.language}] {document.title!r} -> {document.slug}; "
            f"section {document.section or '-'}; tags {', '.join(document.tags) or '-'}; "
            f"{len(document.paragraphs)} paragraph(s), {len(document.headings)} heading(s), "
            f"{len(document.captions)} caption(s); date {document.published.date() if document.published else '-'} "
            f"({document.date_source or 'none'})"
        )

    def _notes(self, documents):
        """Counts rather than one line per document: a thousand documents give a few lines."""
        dates = Counter(d.date_source.split(",")[0] or "none" for d in documents)
        self.stdout.write(
            _("Dates: %(sidecar)d from a sidecar, %(text)d from the text, %(none)d without a date.")
            % {"sidecar": dates["sidecar"], "text": dates["text"], "none": dates["none"]}
        )
        emoji = [d for d in documents if d.emoji]
        if emoji:
            self.stdout.write(
                _("Dropped %(emoji)d emoji in %(documents)d document(s).")
                % {"emoji": sum(d.emoji for d in emoji), "documents": len(emoji)}
            )
        grouped = defaultdict(list)
        for document in documents:
            for note in document.notes:
                grouped[note].append(document.name)
        for note, names in grouped.items():
            shown = ", ".join(names[:NOTE_NAMES])
            if len(names) > NOTE_NAMES:
                shown += " " + _("and %(count)d more") % {"count": len(names) - NOTE_NAMES}
            self.stdout.write(f"{shown}: {note}")

    def _skipped_summary(self, skipped_files):
        if skipped_files:
            self.stdout.write(
                _("%(count)d file(s) in the folders were not documents and were skipped (listed above).")
                % {"count": len(skipped_files)}
            )

    def _fail(self, errors, total):
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(
            _("%(errors)d problem(s) in %(total)d document(s); nothing was written.")
            % {"errors": len(errors), "total": total}
        )

    def _progress(self, total, phase):
        """A progress bar on the standard output for large runs on a terminal; silent otherwise."""
        if total < PROGRESS_FROM or not self.stdout.isatty():
            return lambda index: None
        width = 40

        def show(index):
            done = width * index // total
            self.stdout.write(
                f"\r{phase:<6} [{'#' * done}{'.' * (width - done)}] {index}/{total}",
                ending="\n" if index == total else "",
            )
            self.stdout.flush()

        return show

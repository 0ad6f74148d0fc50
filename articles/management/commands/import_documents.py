"""manage.py import_documents PATH... [--output FILE.json] [--dry-run]

Reads plain-text news documents (files, or folders of *.txt files) with their optional
NAME.meta.json sidecars and either stores them in the database, all or nothing, or writes
a loaddata fixture with natural keys (--output). The sample site's fixture comes from:

    manage.py import_documents fixtures/documents --output fixtures/sample_content.json
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.importer import (
    DocumentError,
    ImportFailed,
    check_documents,
    dump_fixture,
    fixture_records,
    read_document,
    write_documents,
)
from articles.importer.parser import SIDECAR_SUFFIX

PROGRESS_FROM = 50


def document_paths(paths):
    """Files named on the command line, and the *.txt files under folders, in a stable order."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.txt") if not p.name.endswith(SIDECAR_SUFFIX))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(_("%(path)s: no such file or folder.") % {"path": raw})
    return found


class Command(BaseCommand):
    help = gettext_lazy("Imports plain-text news documents as articles, or writes them as a fixture with --output.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help=_("Document files or folders of .txt documents."))
        parser.add_argument("--output", help=_("Write a loaddata fixture to this file instead of the database."))
        parser.add_argument("--dry-run", action="store_true", help=_("Parse and report, but write nothing anywhere."))

    def handle(self, *args, paths, output=None, dry_run=False, **options):
        files = document_paths(paths)
        if not files:
            raise CommandError(_("No documents found in %(paths)s.") % {"paths": ", ".join(paths)})
        documents, errors = [], []
        progress = self._progress(len(files))
        for index, path in enumerate(files, start=1):
            try:
                documents.append(read_document(path))
            except DocumentError as error:
                errors.append(error)
            except OSError as error:
                errors.append(DocumentError(path.name, error.strerror or str(error)))
            progress(index)
        errors += check_documents(documents)
        if errors:
            self._fail(errors, len(files))

        for document in documents:
            if options["verbosity"] >= 2:
                self.stdout.write(self._describe(document))
            for note in document.notes:
                self.stdout.write(f"{document.name}: {note}")

        if dry_run:
            self.stdout.write(
                _("Dry run: %(count)d document(s) parsed without errors; nothing written.") % {"count": len(documents)}
            )
            return
        try:
            if output:
                text = dump_fixture(fixture_records(documents))
                Path(output).write_text(text, encoding="utf-8")
                summary = _("Wrote %(count)d article(s) to %(output)s.") % {"count": len(documents), "output": output}
            else:
                written = write_documents(documents)
                summary = _(
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
        except ImportFailed as failed:
            self._fail(failed.errors, len(files))
        skipped = sum(len(d.skipped) for d in documents)
        self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(_("%(lines)d line(s) of site junk or repeated headlines skipped.") % {"lines": skipped})

    def _describe(self, document):
        return (
            f"{document.name}: [{document.language}] {document.title!r} -> {document.slug}; "
            f"section {document.section or '-'}; tags {', '.join(document.tags) or '-'}; "
            f"{len(document.paragraphs)} paragraph(s), {len(document.headings)} heading(s)"
        )

    def _fail(self, errors, total):
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(
            _("%(errors)d problem(s) in %(total)d document(s); nothing was written.")
            % {"errors": len(errors), "total": total}
        )

    def _progress(self, total):
        """A progress bar on stderr for large runs on a terminal; silent otherwise."""
        if total < PROGRESS_FROM or not self.stderr.isatty():
            return lambda index: None
        width = 40

        def show(index):
            done = width * index // total
            self.stderr.write(
                f"\r[{'#' * done}{'.' * (width - done)}] {index}/{total}", ending="\n" if index == total else ""
            )
            self.stderr.flush()

        return show

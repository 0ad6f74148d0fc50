"""manage.py loaddata, refusing a malformed JSON fixture whole, with the file and line that is wrong.

Django loads all fixtures in one transaction; before that, every JSON fixture is checked by
editorial.fixtures: plain, compressed (read with Django's own compression_formats) or read from
the standard input (`loaddata --format=json -`, read once, checked, then handed to Django as
the same text). An error from the database while saving a record, and a reference to a
record that does not exist (found only at the end, when Django checks the constraints), are
reported with the line of the record too.

modeltranslation ships a loaddata command (its --populate option); this one extends it. Of two
apps with a command of the same name the first in INSTALLED_APPS wins, which is why the newsroom
app is listed first: articles cannot come before modeltranslation (its ready() registers
revisions, which must see the translated fields).
"""

import io
import os
import re
import sys
import zipfile
import zlib

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError
from django.utils.translation import gettext as _
from modeltranslation.management.commands.loaddata import Command as TranslationLoaddataCommand

from editorial.fixtures import FixtureProblem, check_fixture_data

# What the databases say about a dangling foreign key when Django checks the constraints at the end.
_SQLITE_DANGLING = re.compile(
    r"The row in table '(?P<table>[^']+)' with primary key '(?P<pk>[^']*)' has an invalid foreign key: "
    r"[^.\s]+\.(?P<column>\w+) contains a value '(?P<value>[^']*)'"
)
_POSTGRES_DANGLING = re.compile(
    r'on table "(?P<table>[^"]+)" violates foreign key constraint.*?Key \((?P<column>[^)]+)\)=\((?P<value>[^)]*)\)',
    re.DOTALL,
)
# Raised by the decompressors of Django's compression_formats on a damaged file (gzip's and bz2's
# are OSErrors; a zip of several files is a ValueError).
_DECOMPRESSION_ERRORS = (OSError, EOFError, ValueError, zlib.error, zipfile.BadZipFile)
try:
    import lzma
except ImportError:  # Python built without lzma: Django offers no .xz or .lzma then either
    pass
else:
    _DECOMPRESSION_ERRORS += (lzma.LZMAError,)


class Command(TranslationLoaddataCommand):
    """modeltranslation's loaddata (its --populate option) with the checks above."""

    def loaddata(self, fixture_labels):
        # (file, record lines) of each fixture file, in the order Django opens them: the n-th
        # file opened is self.fixtures[self.fixture_count - 1].
        self.fixtures = []
        problems = []
        self.serialization_formats = serializers.get_public_serializer_formats()  # parse_name needs them
        for label in fixture_labels:
            for fixture_file, _dir, _name in self.find_fixtures(label):
                _base, ser_fmt, cmp_fmt = self.parse_name(os.path.basename(fixture_file))
                if ser_fmt != "json":
                    self.fixtures.append((fixture_file, []))
                    continue
                found, lines = self._check(fixture_file, cmp_fmt)
                problems += found
                # Django calls the standard input "-": messages name it as the checks do.
                name = _("standard input") if fixture_file == loaddata.READ_STDIN else fixture_file
                self.fixtures.append((name, lines))
        if problems:
            raise CommandError(
                "\n".join(str(p) for p in problems)
                + "\n"
                + _("%(count)d problem(s) in the fixture(s); nothing was loaded.") % {"count": len(problems)}
            )
        self.records_seen = {}
        # (table, pk, {column: value}, file:line) of every record saved, to name a dangling reference.
        self.saved = []
        try:
            super().loaddata(fixture_labels)
        except IntegrityError as error:
            raise CommandError(f"{self._dangling(error)}\n" + _("Nothing was loaded.")) from error

    def _check(self, fixture_file, cmp_fmt):
        """Problems and record lines of one JSON fixture, read the way Django will read it."""
        if fixture_file == loaddata.READ_STDIN:
            # The standard input can be read once: Django is given the text read here.
            text = sys.stdin.read()
            self.compression_formats["stdin"] = (lambda *args: io.StringIO(text), None)
            return check_fixture_data(_("standard input"), text, ignore_unknown=self.ignore)
        open_method, mode = self.compression_formats[cmp_fmt]
        try:
            fixture = open_method(fixture_file, mode)
            try:
                data = fixture.read()
            finally:
                fixture.close()
        except _DECOMPRESSION_ERRORS as error:
            return [FixtureProblem(fixture_file, None, _("cannot be read: %(error)s") % {"error": error})], []
        return check_fixture_data(fixture_file, data, ignore_unknown=self.ignore)

    def load_label(self, fixture_label):
        try:
            super().load_label(fixture_label)
        except CommandError:
            raise
        except Exception as error:
            # Raised while reading the record after the last one saved.
            seen = self.records_seen.get(self.fixture_count, 0)
            raise CommandError(f"{self._where(seen + 1)}: {error}\n" + _("Nothing was loaded.")) from error

    def save_obj(self, obj):
        seen = self.records_seen[self.fixture_count] = self.records_seen.get(self.fixture_count, 0) + 1
        where = self._where(seen)
        try:
            saved = super().save_obj(obj)
        except (DatabaseError, ValueError, ValidationError) as error:
            raise CommandError(f"{where}: {error}\n" + _("Nothing was loaded.")) from error
        instance = obj.object
        references = {
            field.column: getattr(instance, field.attname)
            for field in instance._meta.concrete_fields
            if field.is_relation and field.many_to_one
        }
        self.saved.append((instance._meta.db_table, instance.pk, references, where))
        if obj.deferred_fields:
            # A natural key that names no record is found only after every fixture is read.
            obj.save_deferred_fields = _located(obj.save_deferred_fields, where)
        return saved

    def _where(self, number):
        """file:line of the number-th record of the fixture being loaded, as far as it is known."""
        if not 0 < self.fixture_count <= len(self.fixtures):
            return "?"
        path, lines = self.fixtures[self.fixture_count - 1]
        return f"{path}:{lines[number - 1]}" if 0 < number <= len(lines) else str(path)

    def _dangling(self, error):
        """file:line of the record whose reference the database refused, and why; or the fixture files."""
        match = _SQLITE_DANGLING.search(str(error)) or _POSTGRES_DANGLING.search(str(error))
        if not match:
            return f"{', '.join(str(path) for path, _lines in self.fixtures)}: {error}"
        found = match.groupdict()
        reason = _("%(table)s.%(column)s: %(value)s refers to a record that does not exist") % found
        for table, pk, references, where in self.saved:
            if table != found["table"] or str(references.get(found["column"])) != found["value"]:
                continue
            if found.get("pk") is None or str(pk) == found["pk"]:
                return f"{where}: {reason}"
        return f"{', '.join(str(path) for path, _lines in self.fixtures)}: {reason}"


def _located(save_deferred_fields, where):
    def save(*args, **kwargs):
        try:
            return save_deferred_fields(*args, **kwargs)
        except (DeserializationError, DatabaseError, ValueError) as error:
            raise CommandError(f"{where}: {error}\n" + _("Nothing was loaded.")) from error

    return save

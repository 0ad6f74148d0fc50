"""manage.py loaddata, refusing a malformed JSON fixture whole, with the file and line that is wrong.

Django loads all fixtures in one transaction; before that, every .json fixture is checked by
newsroom.fixtures, and an error from the database while saving a record is reported with that
record's line too.

modeltranslation ships a loaddata command (its --populate option); this one extends it. Of two
apps with a command of the same name the first in INSTALLED_APPS wins, which is why the newsroom
app is listed first: articles cannot come before modeltranslation (its ready() registers
revisions, which must see the translated fields).
"""

import os

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.db import DatabaseError
from django.utils.translation import gettext as _
from modeltranslation.management.commands.loaddata import Command as TranslationLoaddataCommand

from newsroom.fixtures import check_fixture


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
                if fixture_file == loaddata.READ_STDIN or ser_fmt != "json" or cmp_fmt:
                    self.fixtures.append((fixture_file, []))
                    continue
                found, lines = check_fixture(fixture_file, ignore_unknown=self.ignore)
                problems += found
                self.fixtures.append((fixture_file, lines))
        if problems:
            raise CommandError(
                "\n".join(str(p) for p in problems)
                + "\n"
                + _("%(count)d problem(s) in the fixture(s); nothing was loaded.") % {"count": len(problems)}
            )
        self.records_seen = {}
        super().loaddata(fixture_labels)

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
        try:
            return super().save_obj(obj)
        except (DatabaseError, ValueError, ValidationError) as error:
            raise CommandError(f"{self._where(seen)}: {error}\n" + _("Nothing was loaded.")) from error

    def _where(self, number):
        """file:line of the number-th record of the fixture being loaded, as far as it is known."""
        if not 0 < self.fixture_count <= len(self.fixtures):
            return "?"
        path, lines = self.fixtures[self.fixture_count - 1]
        return f"{path}:{lines[number - 1]}" if 0 < number <= len(lines) else str(path)

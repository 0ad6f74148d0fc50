"""manage.py loaddata, refusing a malformed JSON fixture whole, with the file and line that is wrong.

Django's own command reports a truncated file as "Problem installing fixture '…': " with no
reason, a bad date or an unknown field as a traceback without a line, and loads an invalid
choice ("status": "live") silently. This one reads each .json fixture first: a syntax error is
reported as file:line:column, and every record is checked (known model, known fields, valid
choices, dates, lengths) and reported as file:line of the record. Only a fixture without any
of these problems is handed to Django, which loads all fixtures in one transaction; an error
from the database while saving a record is reported with that record's line too.

modeltranslation ships a loaddata command too; this one extends it, and takes its place only
when "articles" comes before "modeltranslation" in INSTALLED_APPS (the first app listed wins).
"""

import json
import os
import re

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.db import DatabaseError
from django.utils.translation import gettext as _
from modeltranslation.management.commands.loaddata import Command as TranslationLoaddataCommand

_WHITESPACE = re.compile(r"[ \t\n\r]*")


class FixtureProblem(Exception):
    def __init__(self, path, line, reason, column=None):
        self.path, self.line, self.reason = path, line, reason
        where = f"{path}:{line}:{column}" if column else f"{path}:{line}"
        super().__init__(f"{where}: {reason}")


def record_lines(text):
    """The line on which each record of a JSON array starts (the text is known to be valid JSON)."""
    decoder = json.JSONDecoder()
    lines = []
    index = _WHITESPACE.match(text).end()
    if text[index : index + 1] != "[":
        return lines
    index += 1
    line, counted = 1, 0
    while True:
        index = _WHITESPACE.match(text, index).end()
        if text[index] == "]":
            return lines
        line += text.count("\n", counted, index)
        counted = index
        lines.append(line)
        _record, index = decoder.raw_decode(text, index)
        index = _WHITESPACE.match(text, index).end()
        if text[index] == ",":
            index += 1


def _check_value(field, value):
    """Why `value` cannot be stored in `field`, or None. Relations are left to Django."""
    if field.is_relation or value is None:
        return None
    try:
        python = field.to_python(value)
    except ValidationError as error:
        return "; ".join(error.messages)
    if field.choices and python not in ("", None):
        valid = [str(key) for key, _label in field.flatchoices]
        if str(python) not in valid:
            return _("%(value)r is not one of the choices (%(valid)s)") % {"value": value, "valid": ", ".join(valid)}
    max_length = getattr(field, "max_length", None)
    if max_length and isinstance(python, str) and len(python) > max_length:
        return _("%(length)d characters, more than the %(max)d allowed") % {"length": len(python), "max": max_length}
    return None


def check_records(path, records, lines, ignore_unknown=False):
    """Problems of the records of one fixture, each against the line where its record starts."""
    problems = []
    if not isinstance(records, list):
        return [FixtureProblem(path, 1, _("a fixture must be a JSON array of records"))]
    for record, line in zip(records, lines, strict=True):
        if not isinstance(record, dict) or not isinstance(record.get("model"), str):
            problems.append(FixtureProblem(path, line, _('a record must be an object with a "model"')))
            continue
        try:
            model = apps.get_model(record["model"])
        except (LookupError, ValueError):
            if not ignore_unknown:
                problems.append(FixtureProblem(path, line, _("unknown model %(model)r") % {"model": record["model"]}))
            continue
        fields = record.get("fields", {})
        if not isinstance(fields, dict):
            problems.append(
                FixtureProblem(
                    path, line, _('%(model)s: "fields" must be an object') % {"model": model._meta.label_lower}
                )
            )
            continue
        for name, value in fields.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                if not ignore_unknown:
                    problems.append(
                        FixtureProblem(
                            path,
                            line,
                            _("%(model)s: unknown field %(field)r") % {"model": model._meta.label_lower, "field": name},
                        )
                    )
                continue
            reason = _check_value(field, value)
            if reason:
                problems.append(FixtureProblem(path, line, f"{model._meta.label_lower}.{name}: {reason}"))
    return problems


def check_fixture(path, ignore_unknown=False):
    """(problems, record lines) of the JSON fixture at `path`."""
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return [FixtureProblem(path, line, _("not UTF-8: %(error)s") % {"error": error.reason})], []
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        return [
            FixtureProblem(path, error.lineno, _("invalid JSON: %(error)s") % {"error": error.msg}, error.colno)
        ], []
    lines = record_lines(text) if isinstance(records, list) else []
    problems = check_records(path, records, lines, ignore_unknown)
    if ignore_unknown and not problems:
        # Django skips records of unknown models then: the n-th record it saves is the n-th known one.
        lines = [line for record, line in zip(records, lines, strict=True) if _known_model(record["model"])]
    return problems, lines


def _known_model(label):
    try:
        apps.get_model(label)
    except (LookupError, ValueError):
        return False
    return True


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

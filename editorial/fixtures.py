"""Checks of JSON fixtures before loading: a malformed one is refused whole, with the file and line that is wrong.

Django's own command reports a truncated file as "Problem installing fixture '…': " with no
reason, a bad date or an unknown field as a traceback without a line, and loads an invalid
choice ("status": "live") silently. This one reads each JSON fixture first: a syntax error is
reported as file:line:column, and every record is checked (known model, known fields, valid
choices, dates, lengths, the fields' own validators) and reported as file:line of the record. Only a fixture without any
of these problems is handed to Django (`manage.py loaddata` is editorial/management/commands/loaddata.py).
"""

import json
import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

# JSON's own whitespace, which is narrower than \s.
_WHITESPACE = re.compile(r"[ \t\n\r]*")

# json.loads recurses once per level of nesting and ends in a RecursionError, not a refusal; a
# fixture's records nest four levels deep (array, record, fields, a natural key), a sidecar two.
MAX_DEPTH = 32
# No field holds a number this long, and Python refuses an integer of more than 4,300 digits with
# a bare ValueError that says neither file nor line.
MAX_NUMBER_LENGTH = 100
# What the scan before json.loads looks at: a string (skipped whole, an unterminated one to the
# end), a bracket, or a number too long. Anything else is left to json.loads to judge.
_STRUCTURE = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*\\?(?:"|\Z)|[\[\]{}]|-?[0-9][-+0-9.eE]{' + str(MAX_NUMBER_LENGTH) + ",}", re.DOTALL
)
# The fields of each model's natural_key(), in order. Django looks a record without a pk up by
# its natural key, so a second record with the same one overwrites the first without a word.
# tests/test_fixture_loading.py checks this table against the models.
NATURAL_KEYS = {
    "taxonomy.section": ("slug",),
    "taxonomy.tag": ("slug",),
    "articles.author": ("slug",),
    "articles.article": ("slug",),
    "articles.byline": ("article", "author", "role"),
    "taxonomy.taggedarticle": ("content_object", "tag"),
}


class FixtureProblem(Exception):
    def __init__(self, path, line, reason, column=None):
        self.path, self.line, self.reason = path, line, reason
        where = str(path)
        if line:
            where += f":{line}:{column}" if column else f":{line}"
        super().__init__(f"{where}: {reason}")


def structure_problem(text):
    """(line, column, reason) of the first value nested deeper than MAX_DEPTH or number longer than
    MAX_NUMBER_LENGTH in JSON `text`, or None; a linear scan, so that json.loads never sees them."""
    depth = 0
    for match in _STRUCTURE.finditer(text):
        first = match.group()[0]
        if first == '"':
            continue
        if first in "[{":
            depth += 1
            if depth <= MAX_DEPTH:
                continue
            reason = _("nested more than %(depth)d levels deep") % {"depth": MAX_DEPTH}
        elif first in "]}":
            # A closing bracket too many is a syntax error, which json.loads reports.
            depth = max(depth - 1, 0)
            continue
        else:
            reason = _("a number of %(length)d characters, longer than any field holds") % {
                "length": len(match.group())
            }
        start = match.start()
        return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start), reason
    return None


def item_lines(text):
    """(line, key) where each item of the JSON array or object `text` starts; key is None in an array.

    `text` is known to be valid JSON; json.loads keeps no positions, so its items are walked
    again. Every key is listed, a repeated one as often as it occurs.
    """
    decoder = json.JSONDecoder()
    items = []
    index = _WHITESPACE.match(text).end()
    opener = text[index : index + 1]
    if opener not in ("[", "{"):
        return items
    closer = "]" if opener == "[" else "}"
    index += 1
    line, counted = 1, 0
    while True:
        index = _WHITESPACE.match(text, index).end()
        if text[index] == closer:
            return items
        line += text.count("\n", counted, index)
        counted = index
        key = None
        if opener == "{":
            key, index = json.decoder.scanstring(text, index + 1)
            index = _WHITESPACE.match(text, index).end() + 1  # past ":"
            index = _WHITESPACE.match(text, index).end()
        items.append((line, key))
        _value, index = decoder.raw_decode(text, index)
        index = _WHITESPACE.match(text, index).end()
        if text[index] == ",":
            index += 1


def record_lines(text):
    """The line on which each record of a JSON array starts (the text is known to be valid JSON)."""
    if not text.lstrip(" \t\n\r").startswith("["):
        return []
    return [line for line, _key in item_lines(text)]


def _check_value(field, value):
    """Why `value` cannot be stored in `field`, or None. Relations are left to Django."""
    if field.is_relation or value is None:
        return None
    if _wrong_type(field, value):
        return _wrong_type_reason(field, value)
    try:
        python = field.to_python(value)
    except ValidationError as error:
        return "; ".join(error.messages)
    except (TypeError, ValueError):
        # A date field's to_python given a number, for one.
        return _wrong_type_reason(field, value)
    if field.choices and python not in ("", None):
        valid = [str(key) for key, _label in field.flatchoices]
        if str(python) not in valid:
            return _("%(value)r is not one of the choices (%(valid)s)") % {"value": value, "valid": ", ".join(valid)}
    max_length = getattr(field, "max_length", None)
    if max_length and isinstance(python, str) and len(python) > max_length:
        return _("%(length)d characters, more than the %(max)d allowed") % {"length": len(python), "max": max_length}
    if python in field.empty_values:
        return None
    try:
        # The field's own rules (a slug's characters, a URL's shape...); uniqueness is the database's.
        field.run_validators(python)
    except ValidationError as error:
        return "; ".join(error.messages)
    return None


def _wrong_type(field, value):
    """A JSON type no field but a JSONField holds: to_python would store an array as its repr in a
    text field, and true as 1 in a number field."""
    if isinstance(field, models.JSONField):
        return False
    return isinstance(value, (list, dict)) or (isinstance(value, bool) and not isinstance(field, models.BooleanField))


def _wrong_type_reason(field, value):
    if isinstance(value, bool):
        kind = _("a JSON boolean")
    elif isinstance(value, list):
        kind = _("a JSON array")
    elif isinstance(value, dict):
        kind = _("a JSON object")
    elif isinstance(value, (int, float)):
        kind = _("a JSON number")
    else:
        kind = _("a JSON string")
    return _("%(value)s is not a value of a %(type)s") % {"value": kind, "type": field.get_internal_type()}


def _identities(model, record):
    """What makes the record one row, as (model, kind, text for messages): its pk when it gives
    one, its natural key when it gives every field of its model's."""
    found = []
    label = model._meta.label_lower
    try:
        # 5 and "5" name the same row.
        pk = model._meta.pk.to_python(record.get("pk"))
    except (ValidationError, TypeError, ValueError):
        pk = None  # reported while loading
    if pk is not None:
        found.append(("pk", f"pk {pk}"))
    names = NATURAL_KEYS.get(label, ())
    fields = record.get("fields", {})
    if names and isinstance(fields, dict) and all(name in fields for name in names):
        described = ", ".join(f"{name} {json.dumps(fields[name], ensure_ascii=False)}" for name in names)
        found.append(("natural key", described))
    return [(label, kind, text) for kind, text in found]


def duplicate_problems(path, records, lines):
    """A record that names the same row as an earlier one of the fixture, with both lines."""
    problems = []
    first_line = {}
    for record, line in zip(records, lines, strict=True):
        model = _model_of(record)
        if model is None:
            continue  # reported by _check_record, or an unknown model that is ignored
        for identity in _identities(model, record):
            if identity not in first_line:
                first_line[identity] = line
                continue
            label, _kind, described = identity
            problems.append(
                FixtureProblem(
                    path,
                    line,
                    # Django would load both into one row, the last one winning.
                    _("%(model)s with %(key)s is also the record at %(other)s: give each record once")
                    % {"model": label, "key": described, "other": f"{path}:{first_line[identity]}"},
                )
            )
    return problems


def _check_record(path, record, line, ignore_unknown):
    """Problems of one record of a fixture, against the line where it starts."""
    if not isinstance(record, dict) or not isinstance(record.get("model"), str):
        return [FixtureProblem(path, line, _('a record must be an object with a "model"'))]
    try:
        model = apps.get_model(record["model"])
    except (LookupError, ValueError):
        if ignore_unknown:
            return []
        return [FixtureProblem(path, line, _("unknown model %(model)r") % {"model": record["model"]})]
    label = model._meta.label_lower
    fields = record.get("fields", {})
    if not isinstance(fields, dict):
        return [FixtureProblem(path, line, _('%(model)s: "fields" must be an object') % {"model": label})]
    problems = []
    for name, value in fields.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            if not ignore_unknown:
                reason = _("%(model)s: unknown field %(field)r") % {"model": label, "field": name}
                problems.append(FixtureProblem(path, line, reason))
            continue
        reason = _check_value(field, value)
        if reason:
            problems.append(FixtureProblem(path, line, f"{label}.{name}: {reason}"))
    return problems


def check_records(path, records, lines, ignore_unknown=False):
    """Problems of the records of one fixture, each against the line where its record starts."""
    if not isinstance(records, list):
        return [FixtureProblem(path, 1, _("a fixture must be a JSON array of records"))]
    problems = []
    for record, line in zip(records, lines, strict=True):
        problems += _check_record(path, record, line, ignore_unknown)
    return problems + duplicate_problems(path, records, lines)


def check_fixture(path, ignore_unknown=False):
    """(problems, record lines) of the JSON fixture at `path`."""
    with open(path, "rb") as handle:
        data = handle.read()
    return check_fixture_data(path, data, ignore_unknown)


def check_fixture_data(path, data, ignore_unknown=False):
    """(problems, record lines) of a JSON fixture's content, bytes or text (stdin), named `path` in messages."""
    if isinstance(data, str):
        return check_fixture_text(path, data, ignore_unknown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return [FixtureProblem(path, line, _("not UTF-8: %(error)s") % {"error": error.reason})], []
    return check_fixture_text(path, text, ignore_unknown)


def check_fixture_text(path, text, ignore_unknown=False):
    structure = structure_problem(text)
    if structure:
        line, column, reason = structure
        return [FixtureProblem(path, line, reason, column)], []
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


def _model_of(record):
    """The model of a record, or None when it names none."""
    if not isinstance(record, dict) or not isinstance(record.get("model"), str):
        return None
    try:
        return apps.get_model(record["model"])
    except (LookupError, ValueError):
        return None

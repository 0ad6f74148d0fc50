"""Parsed documents to a loaddata fixture: Django's serializer over the instances records.py builds.

The fixture holds what `write_documents` would store, with natural keys only, so a site loaded
from it looks like one imported directly; it is the same byte for byte for the same documents.
"""

import json
from datetime import UTC, datetime

from django.core import serializers
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from editorial.languages import language_codes

from .errors import DocumentError
from .records import ImportFailed, build_records, check_documents
from .vocabulary import load_vocabulary


def fixture_records(documents, vocabulary=None, progress=None):
    """The loaddata records of the documents: natural keys only, in a stable order."""
    vocabulary = vocabulary or load_vocabulary()
    documents = sorted(documents, key=lambda d: d.slug)
    errors = check_documents(documents)
    errors += [
        DocumentError(
            d.name, _('no date: a fixture must be reproducible, so give the document a "date" in its sidecar')
        )
        for d in documents
        if d.published is None
    ]
    if errors:
        raise ImportFailed(errors)
    instances = build_records(documents, vocabulary, progress=progress).instances()
    for instance in instances:
        # What a save does first: SanitizedHTMLField cleans the body here, as the database write would.
        for model_field in instance._meta.concrete_fields:
            if not model_field.generated:  # the database computes those (in_<code>), never a fixture
                model_field.pre_save(instance, add=True)
    records = serializers.serialize("python", instances, use_natural_foreign_keys=True, use_natural_primary_keys=True)
    return [_stable(record, instance) for record, instance in zip(records, instances, strict=True)]


def dump_fixture(records):
    """The fixture as text: sorted keys, one layout, a final newline, so the file diffs cleanly."""
    return json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _stable(record, instance):
    """The serializer's record as JSON values that do not depend on the language active now.

    The serializer reads an untranslated column (title, name) through modeltranslation, in the
    active language; the fixture holds the first language that has text, as stored under the
    default one. Translated columns follow the translation registry and LANGUAGES.
    """
    # A row's version counts its saves, and its preview generation its revoked preview links: no
    # content; loaddata starts every row at its default, as a first save would.
    fields = {
        name: _json_value(value)
        for name, value in record["fields"].items()
        if name not in ("version", "preview_generation")
    }
    if type(instance) in translator.get_registered_models():
        for name in translator.get_options_for_model(type(instance)).fields:
            columns = {f"{name}_{code}": getattr(instance, f"{name}_{code}", None) for code in language_codes()}
            fields.update(columns)
            fields[name] = next((value for value in columns.values() if value), "")
    return {"model": record["model"], "fields": fields}


def _json_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, tuple):  # a natural key
        return list(value)
    return value

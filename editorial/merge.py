"""A three-way merge of a record, field by field: the version a form was opened at (the base),
the one stored now (theirs) and the one posted (mine). Values are compared as a reader tells
them apart (editorial.diff), so a re-serialisation is never a change."""

import hashlib
import json
from datetime import UTC
from typing import NamedTuple

from django.db import models

from .diff import comparable_html, comparable_text
from .fields import SanitizedHTMLField
from .times import to_second

# What became of a field: nobody changed it, only one side did, both did the same, or both did
# differently (a conflict, until the user chooses).
SAME, MINE, THEIRS, BOTH_SAME, CONFLICT = "same", "mine", "theirs", "both_same", "conflict"
# The user's choices for a conflicting field.
CHOICES = (MINE, THEIRS, "edit")


def comparable(model_field, value):
    """`value` of `model_field` (stored, posted or recorded) in a form two readings of the same
    content share: HTML as the sanitizer normalises it, text without whitespace differences, a
    related record by its pk, a time to the second, a file by its name."""
    if isinstance(value, models.Model):
        value = value.pk
    elif hasattr(value, "tzinfo"):
        # Aware times in UTC: the same moment reads the same whatever the zone it was given in.
        return to_second(value).astimezone(UTC).isoformat() if value.tzinfo else to_second(value).isoformat()
    elif isinstance(model_field, models.FileField):
        value = getattr(value, "name", value)
    if value is None or value == "":
        return ""
    if isinstance(model_field, SanitizedHTMLField):
        return comparable_html(value)
    if isinstance(value, str):
        return comparable_text(value)
    return value


def digest(value):
    """A short fingerprint of a comparable value: the form carries these, not the opened text."""
    return hashlib.sha256(json.dumps(value, default=str, ensure_ascii=False).encode()).hexdigest()[:16]


class Side(NamedTuple):
    """One field as stored now (`theirs`) and as posted (`mine`), both raw; `field` is its model
    field, or None for a related list (bylines, tags) given already comparable."""

    label: str
    theirs: object
    mine: object
    field: object = None


def outcome(side, opened):
    """What becomes of one field; `opened` is the digest of its base value, or None if unknown."""
    theirs, mine = (
        (comparable(side.field, side.theirs), comparable(side.field, side.mine))
        if side.field is not None
        else (side.theirs, side.mine)
    )
    if theirs == mine:
        return SAME if opened is None or digest(mine) == opened else BOTH_SAME
    if opened is None:
        return CONFLICT
    if digest(mine) == opened:
        return THEIRS
    if digest(theirs) == opened:
        return MINE
    return CONFLICT


def merge(sides, opened):
    """{name: outcome} for every side; `opened` maps names to base digests (missing: unknown)."""
    return {name: outcome(side, opened.get(name)) for name, side in sides.items()}


def chosen(data, name):
    """The user's choice for a conflicting field, from the conflict screen (mine unless said)."""
    choice = data.get(f"merge_{name}", MINE)
    return choice if choice in CHOICES else MINE

"""Values as a person reads them, and word diffs of long text, for history and conflict screens."""

import difflib
import html
import re
from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

_TOKENS = re.compile(r"\s+|[^\s]+")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|figure)>|<br\s*/?>", re.IGNORECASE)


def is_long_text(field):
    return isinstance(field, models.TextField)


def readable_value(field, value):
    """`value` of model field `field` as a person reads it: a choice by its label, a related
    record by its name, a time in the newsroom's time zone, a yes/no in words."""
    if value is None or value == "":
        return ""
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, models.Model):
        return str(value)
    if field is not None and field.many_to_one:
        # A stored value (a revision's) names the related record by its pk; it may be gone since.
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _reading_text(value):
    """HTML as a reader reads it: the words, with blocks kept apart."""
    return html.unescape(strip_tags(_BLOCK_END.sub(lambda m: m.group(0) + " ", value or ""))).strip()


def text_diff(old, new, context=6):
    """The words that changed from `old` to `new`, in <del>/<ins>, with `context` words around
    each change and "…" for the unchanged stretches between: safe HTML (the text is escaped).

    HTML is compared as text; when only the markup changed (a link's address, say), as markup.
    """
    old, new = old or "", new or ""
    before, after = _reading_text(old), _reading_text(new)
    if before == after:
        before, after = old, new
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    # Context is counted in words; whitespace runs are tokens of their own.
    keep = 2 * context
    parts = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = a[i1:i2]
            head = same[:keep] if index > 0 else []
            tail = same[-keep:] if index < len(opcodes) - 1 else []
            if len(same) <= len(head) + len(tail) + 1:
                parts.append(escape("".join(same)))
            else:
                parts.append(escape("".join(head)) + "…" + escape("".join(tail)))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            if i2 > i1:
                # A replacement: without a space, the old and new words read as one.
                parts.append(" ")
            parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 -- every part is escaped above

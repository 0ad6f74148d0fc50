"""Values as a person reads them, and word diffs of long text, for history and conflict screens."""

import difflib
import html
import re
from datetime import datetime
from html.parser import HTMLParser

from django.db import models
from django.utils import timezone
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .sanitize import sanitize_html

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


# -- telling a real change from a re-serialisation ----------------------------------------------

_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
# Blocks: text between them is not part of any paragraph, and their edges carry no spaces.
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "figure", "figcaption"})
_VOID = frozenset({"br", "img", "hr"})


def comparable_text(value):
    """Plain text as it reads: line endings, runs of spaces and spaces at line ends are form, not content."""
    lines = str(value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in lines).strip()


class _Canonical(HTMLParser):
    """HTML as a list of tokens that a rich-text editor's re-serialisation leaves alone: attribute
    order, entity forms, whitespace, and top-level text not wrapped in a paragraph."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens, self.depth, self.implicit = [], 0, False

    def _open_implicit(self):
        if self.depth == 0 and not self.implicit:
            self.tokens.append(("start", "p", ()))
            self.implicit = True

    def _close_implicit(self):
        if self.implicit:
            self.tokens.append(("end", "p"))
            self.implicit = False

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS and self.depth == 0:
            self._close_implicit()
        else:
            self._open_implicit()
        attributes = tuple(sorted((name, comparable_text(value or "")) for name, value in attrs))
        self.tokens.append(("start", tag, attributes))
        if tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self._open_implicit()
        self.tokens.append(("start", tag, tuple(sorted((n, comparable_text(v or "")) for n, v in attrs))))

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        self.depth = max(0, self.depth - 1)
        self.tokens.append(("end", tag))

    def handle_data(self, data):
        if self.depth == 0 and not self.implicit and not data.strip(" \t\n\r\f\v\u00a0"):
            return  # whitespace between blocks
        self._open_implicit()
        self.tokens.append(("text", data))


def comparable_html(value):
    """HTML as the sanitizer stores it, reduced to what a reader can tell apart: two values that
    give the same tuple differ only in form (TinyMCE's re-serialisation of stored HTML)."""
    parser = _Canonical()
    parser.feed(sanitize_html(value or ""))
    parser.close()
    parser._close_implicit()
    merged = []
    for token in parser.tokens:
        if token[0] == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + token[1])
        else:
            merged.append(token)
    return tuple(_without_edge_spaces(merged))


def _without_edge_spaces(tokens):
    """Collapses spaces in text, drops them at the edges of blocks and drops empty paragraphs."""
    result = []
    for index, token in enumerate(tokens):
        if token[0] != "text":
            result.append(token)
            continue
        text = _SPACES.sub(" ", token[1].replace("\n", " ").replace("\r", " "))
        before = tokens[index - 1] if index else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if before is None or (before[0] in ("start", "end") and before[1] in _BLOCKS | {"br"}):
            text = text.lstrip(" ")
        if after is None or (after[0] in ("start", "end") and after[1] in _BLOCKS | {"br"}):
            text = text.rstrip(" ")
        if text:
            result.append(("text", text))
    cleaned = []
    for token in result:
        if token[0] == "end" and token[1] == "p" and cleaned and cleaned[-1][:2] == ("start", "p"):
            cleaned.pop()  # an empty paragraph (TinyMCE writes <p>&nbsp;</p> for a blank line)
            continue
        cleaned.append(token)
    return cleaned

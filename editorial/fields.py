"""A text column that only ever holds HTML cleaned by editorial.sanitize, on every write path."""

import inspect
import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Value
from modeltranslation.fields import TranslationFieldDescriptor

from .sanitize import check_html_size, sanitize_html


class SanitizedHTMLField(models.TextField):
    """A text column whose HTML is always reduced to the one policy of editorial.sanitize.

    The cleaning happens where a value is prepared for writing, so every path that writes the
    column goes through it: save(), QuerySet.update(), bulk_create(), bulk_update() and the raw
    saves of loaddata (which call neither Model.save() nor pre_save()). Lookups are left alone.
    Whatever the value's type (bytes, a lazy translation, any object with __str__), it is
    written as the cleaned text it stands for. A query expression is not a value: save()
    refuses one, and SanitizedHTMLQuerySet deals with those given to update(). The per-language
    columns modeltranslation adds (body_en, body_ar, ...) are subclasses of this class, so they
    clean too. Values may be cleaned twice (pre_save, then the write): the policy is idempotent.
    """

    default_validators = [check_html_size]

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if hasattr(value, "resolve_expression"):
            # Django would write the expression's SQL, whose result the sanitizer never sees.
            raise ValueError(
                f"{type(model_instance).__name__}.{self.attname} holds sanitized HTML: assign it text, "
                f"not the expression {value!r}."
            )
        if not value:
            return value
        value = clean_html_value(value)
        # The untranslated field is modeltranslation's view of the active language (with
        # fallbacks): writing through it could copy one language's text into another.
        if not isinstance(inspect.getattr_static(type(model_instance), self.attname, None), TranslationFieldDescriptor):
            setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if not hasattr(value, "resolve_expression"):
            value = clean_html_value(value)
        return super().get_db_prep_save(value, connection)

    def formfield(self, **kwargs):
        # Checked as the form field is cleaned, before the form's own clean() compares texts.
        return super().formfield(**{"validators": [check_html_size], **kwargs})


def clean_html_value(value):
    """Any value written to a SanitizedHTMLField, as the clean text to store (None stays None).

    bytes are read as UTF-8 (UnicodeDecodeError, a ValueError, if they are not); anything else
    is written as its str(), so it is cleaned as that.
    """
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        value = bytes(value).decode("utf-8")
    value = str(value)
    if _plain_paragraphs_pass.get() and PLAIN_PARAGRAPHS.fullmatch(value):
        return value
    return sanitize_html(value)


# Paragraphs of plain words: only <p> and </p> as markup, one paragraph per line, and only letters
# (Latin and Arabic), digits, spaces and . , ; : ! ? ( ) - and the Arabic comma, semicolon and
# question mark as text: nothing bleach rewrites (no "<", ">", "&", quotes, control or bidi
# characters, no whitespace at either end). Such text is its own sanitize_html()
# (tests/test_generate_articles.py checks it on random texts of this form).
_PLAIN_TEXT = "[A-Za-z0-9 .,;:!?()\\-\u060c\u061b\u061f\u0621-\u064a\u0660-\u0669]"
PLAIN_PARAGRAPHS = re.compile(f"<p>{_PLAIN_TEXT}+</p>(?:\n<p>{_PLAIN_TEXT}+</p>)*")

_plain_paragraphs_pass = ContextVar("plain_paragraphs_pass", default=False)


@contextmanager
def plain_paragraphs_pass_as_clean():
    """Within it, values matching PLAIN_PARAGRAPHS are written without running bleach on them.

    For bulk generators only (manage.py generate_articles): bleach costs milliseconds per article
    body, far more than the insert. Any other value is cleaned as always, so nothing unclean can
    be written this way: the pattern admits only text that is already clean.
    """
    token = _plain_paragraphs_pass.set(True)
    try:
        yield
    finally:
        _plain_paragraphs_pass.reset(token)


_values_checked = ContextVar("sanitized_html_values_checked", default=False)


class SanitizedHTMLQuerySet(models.QuerySet):
    """Closes the one write path SanitizedHTMLField cannot see: a query expression.

    The field cleans plain values as they are written; an expression (Value("<script>"),
    Concat(F("body_en"), ...)) is compiled to SQL without passing through it. So update() and
    bulk_update() clean a plain Value on an HTML field and refuse any other expression there,
    except a bare F() of another HTML field, whose text is clean already.
    """

    def update(self, **kwargs):
        if not _values_checked.get():
            for name, value in kwargs.items():
                kwargs[name] = self._clean_html_expression(name, value)
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        objs = tuple(objs)
        for name in fields:
            if self._html_field(name) is None:
                continue
            for obj in objs:
                value = getattr(obj, name)
                cleaned = self._clean_html_expression(name, value)
                # Only a changed value is written back: for the untranslated name ("body") the
                # attribute is modeltranslation's view of the active language, with fallback, and
                # writing it would copy one language's text into another's column.
                if cleaned != value:
                    setattr(obj, name, cleaned)
        # Django writes them through update() with a CASE of the values checked here.
        token = _values_checked.set(True)
        try:
            return super().bulk_update(objs, fields, batch_size=batch_size)
        finally:
            _values_checked.reset(token)

    bulk_update.alters_data = True

    def _html_field(self, name):
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        return field if isinstance(field, SanitizedHTMLField) else None

    def _clean_html_expression(self, name, value):
        if self._html_field(name) is None:
            return value
        if not hasattr(value, "resolve_expression"):
            # bulk_update() wraps plain values in Value() inside a CASE, which Django prepares
            # without the field's get_db_prep_save(): cleaned here instead.
            return clean_html_value(value)
        if isinstance(value, Value):
            return clean_html_value(value.value)
        if isinstance(value, F) and self._html_field(value.name) is not None:
            return value
        raise ValueError(
            f"{self.model.__name__}.{name} holds sanitized HTML: write it a plain value (or Value), which is "
            f"cleaned, not the expression {value!r}, whose result the sanitizer cannot see."
        )

"""The site's content languages, read from one place: settings.LANGUAGES, from which the settings
also give modeltranslation its languages (the translated columns).

Code names a language by its code and a translated field's column through these functions,
never by a literal such as "_ar", so a third language is a settings change.
"""

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname


def language_codes():
    # Read at each call, not at import: settings may be overridden (tests, a third language).
    return [code for code, _name in settings.LANGUAGES]


def localized(field, code):
    """The column of translated field `field` in language `code` ("title", "ar" -> "title_ar")."""
    return build_localized_fieldname(field, code)


def localized_names(field):
    """Every language's column of translated field `field`, in the languages' order."""
    return [localized(field, code) for code in language_codes()]


def direction(code):
    return "rtl" if translation.get_language_info(code)["bidi"] else "ltr"


def edition_text(obj, field, code=None):
    """`obj.<field>` in language `code`'s own column (the active language's by default), "" if empty:
    never another language's text, as modeltranslation's fallback would give."""
    return getattr(obj, localized(field, code or translation.get_language()), "") or ""

"""The admin's forms for a VersionedModel: a save made from an older version is refused, with
the stored values shown next to the user's."""

import reversion
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .diff import is_long_text, readable_value, text_diff
from .fields import SanitizedHTMLField
from .languages import direction
from .revisions import version_as_of, versions_of
from .sanitize import sanitize_html
from .times import to_second


class VersionedModelForm(forms.ModelForm):
    """An admin change form for a VersionedModel, with the optimistic-locking version it was loaded at.

    `base_version` travels with the form; when someone else saved in between, the form is refused
    with the stored values shown next to the user's, and re-rendered with the user's text (and
    the same `base_version`, so pressing save again is refused again) until they tick
    `overwrite_version`, whose value names the newer version they saw.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    overwrite_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    # Set when the model refused this form's save as stale after the form's own check passed: the
    # form is then refused with the conflict shown, even if the stored version reads the same.
    refused_by_the_model = False

    # Form-internal fields: never reported as changes of the record.
    internal_fields = ("base_version", "overwrite_version")
    # Rendered at the top of the change form (see VersionedAdminMixin).
    version_fields = ("base_version",)

    stale_message = _(
        "Someone else saved this (now version %(current)s) after you opened it at version %(base)s. Your "
        "text is still below and has not been saved. Compare it with the newer version, then either reload "
        "the page to take theirs, or tick the box to save yours over it."
    )
    deleted_message = _("Someone else deleted this in the meantime: it cannot be saved.")
    conflict_title = _("Not saved: someone else saved this after you opened it")

    # False for a row of the admin's list editing: a row the user left as it is never refuses the
    # list's save (its stored values are kept whatever they are, as nothing of the row is saved).
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk is not None:
            self.fields["base_version"].initial = self.instance.version

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name not in self.internal_fields]

    def clean(self):
        cleaned_data = super().clean()
        self.complete_cleaned_data(cleaned_data)
        if self.instance.pk is None or (not self.check_unchanged and not self.has_changed()):
            return cleaned_data
        base = cleaned_data.get("base_version")
        if base is None:
            raise forms.ValidationError(
                _("This form is missing the version it was loaded at: reload the page before saving."),
                code="no_version",
            )
        stored = self.stored_object()
        if stored is None:
            raise forms.ValidationError(self.deleted_message, code="deleted")
        if base != stored.version or self.refused_by_the_model:
            if base != stored.version and cleaned_data.get("overwrite_version") == stored.version:
                # The user saw this newer version and chose to save theirs over it.
                self.prepare_overwrite(stored, cleaned_data, base)
                base = stored.version
            else:
                self.conflict = self.conflict_with(stored, cleaned_data)
                raise forms.ValidationError(
                    self.stale_message,
                    code="stale",
                    params={"current": stored.version, "base": base, "object": str(stored)},
                )
        self.clean_against_stored(stored, cleaned_data)
        # The model checks again on save, inside a row lock: the last line against a race.
        self.instance.version = base
        return cleaned_data

    def complete_cleaned_data(self, cleaned_data):
        """Fills what the user may leave empty, before it is compared with the stored record."""

    def prepare_overwrite(self, stored, cleaned_data, base):
        """Adjusts an overwrite of `stored` (made from version `base`); may refuse it."""

    def clean_against_stored(self, stored, cleaned_data):
        """Checks that need the stored record, once the form is known to be saved over it."""

    def stored_object(self):
        return self._meta.model._base_manager.filter(pk=self.instance.pk).first()

    def revisions(self, stored):
        """The stored record's revisions, newest first, when django-reversion records them."""
        if not reversion.is_registered(type(stored)):
            return None
        return versions_of(stored)

    def conflict_with(self, stored, cleaned_data):
        """What the conflict screen shows: the stored version, and each field where it and the user's differ."""
        revisions = self.revisions(stored)
        # The version the user opened, when a revision recorded it: long text is then shown as
        # what each side changed since, rather than as two nearly identical blocks of text.
        opened = cleaned_data.get("base_version")
        base_version = version_as_of(stored, opened) if revisions is not None and opened is not None else None
        base = base_version.field_dict if base_version is not None else None
        differences = []
        for name, field in self.fields.items():
            if name in self.internal_fields or name not in cleaned_data:
                continue
            try:
                model_field = stored._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.many_to_many or model_field.one_to_many:
                continue
            stored_value = getattr(stored, name)
            mine = cleaned_data[name]
            if isinstance(model_field, SanitizedHTMLField):
                # Compared as it would be stored: the editor's markup quirks are no difference.
                mine = sanitize_html(mine)
            if _comparable(stored_value) == _comparable(mine):
                continue
            difference = {
                "label": field.label,
                "name": name,
                "stored": readable_value(model_field, stored_value),
                "mine": readable_value(model_field, mine),
                "rtl": _direction(model_field) == "rtl",
            }
            if is_long_text(model_field):
                difference.update(_text_changes(base, model_field.attname, stored_value or "", mine or ""))
            differences.append(difference)
        differences.extend(self.related_differences(stored, cleaned_data))
        latest = revisions.first() if revisions is not None else None
        return {
            "title": self.conflict_title,
            "version": stored.version,
            "updated_at": getattr(stored, "updated_at", None),
            "user": latest.revision.user if latest is not None else None,
            "differences": differences,
            "base_known": base is not None,
        }

    def related_differences(self, stored, cleaned_data):
        """Conflict rows for related records the form edits too (an inline's rows, say)."""
        return []


class VersionedListRowForm(VersionedModelForm):
    """A row of the admin's list editing (list_editable): refused like a change form when it was
    loaded before someone else's save, but with no conflict screen: the list is reloaded instead."""

    check_unchanged = False

    stale_message = _(
        "Not saved: someone else saved “%(object)s” (now version %(current)s) after you opened this list. "
        "Reload the page to see their change, then make yours again."
    )


class VersionedListFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        # The admin's list shows no row's own non-field errors: they are shown above the list.
        errors = [error for form in self.forms for error in form.non_field_errors().as_data()]
        if errors:
            raise forms.ValidationError(errors)


def _text_changes(base, attname, stored_value, mine):
    """Word diffs for the conflict table: each side's change since the base version, or, when
    the base is unknown, how the user's text differs from the stored one."""
    if base is None:
        return {"mine_diff": text_diff(stored_value, mine)}
    opened = base.get(attname) or ""
    return {
        "stored_diff": text_diff(opened, stored_value) if opened != stored_value else "",
        "stored_unchanged": opened == stored_value,
        "mine_diff": text_diff(opened, mine) if opened != mine else "",
        "mine_unchanged": opened == mine,
    }


def _direction(model_field):
    # A translated field's column knows its language; any other field's text is left to right.
    language = getattr(model_field, "language", None)
    return direction(language) if language else "ltr"


def _comparable(value):
    if hasattr(value, "tzinfo"):
        return to_second(value)
    return value or None

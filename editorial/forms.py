"""The admin's forms for a VersionedModel: a save made from an older version is merged with the
stored one field by field, and refused, both sides shown, only where both changed a field."""

import json

import reversion
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import merge
from .diff import is_long_text, readable_value, text_diff
from .fields import SanitizedHTMLField
from .languages import direction
from .merge import digest
from .revisions import version_as_of, versions_of
from .sanitize import sanitize_html


class VersionedModelForm(forms.ModelForm):
    """An admin change form for a VersionedModel, with the optimistic-locking version it was loaded at.

    `base_version` travels with the form, and `base_digest` the fingerprints of every field as
    it was opened. A save made after someone else's is merged field by field (editorial.merge):
    what only they changed keeps theirs, what only this user changed takes the user's;
    where both changed a field differently the form is refused with the two side by side, and
    saved once the user has chosen per field (`merge_<name>`: mine, theirs or edit) and ticked
    `overwrite_version`, which names the newer version they saw.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    overwrite_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    base_digest = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set when the model refused this form's save as stale after the form's own check passed: the
    # form is then refused with the conflict shown, even if the stored version reads the same.
    refused_by_the_model = False

    # Form-internal fields: never reported as changes of the record.
    internal_fields = ("base_version", "overwrite_version", "base_digest")
    # Rendered at the top of the change form (see VersionedAdminMixin).
    version_fields = ("base_version", "base_digest")

    stale_message = _(
        "Someone else saved this (now version %(current)s) after you opened it at version %(base)s, and "
        "changed some of the fields you changed. Your text is still below and has not been saved. Choose, "
        "field by field, whose change to keep, then tick the box and save."
    )
    deleted_message = _("Someone else deleted this in the meantime: it cannot be saved.")
    conflict_title = _("Not saved: someone else saved this after you opened it")

    # False for a row of the admin's list editing: a row the user left as it is never refuses the
    # list's save (its stored values are kept whatever they are, as nothing of the row is saved).
    check_unchanged = True
    # False where no conflict screen can be shown (list rows): any newer version refuses the save.
    merges = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        # Set by clean(): the fields whose posted value is saved, and the merge's summary.
        self.taken = None
        self.merged = None
        if self.instance.pk is not None:
            self.fields["base_version"].initial = self.instance.version
            if self.merges and not self.is_bound:
                sides = self.sides(self.instance, None)
                self.fields["base_digest"].initial = json.dumps(
                    {name: digest(_comparable_side(side)) for name, side in sides.items()}, separators=(",", ":")
                )

    @property
    def changed_data(self):
        if self.taken is not None:
            return [name for name in self.taken if name in self.fields]
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
        stale = base != stored.version
        if not self.merges:
            if stale or self.refused_by_the_model:
                self._refuse(stored, base)
            self.instance.version = base
            return cleaned_data
        sides = self.sides(stored, cleaned_data)
        if stale:
            opened = self.opened_digests(stored, base, cleaned_data)
        else:
            opened = {name: digest(_comparable_side(side)) for name, side in sides.items()}
        outcomes = merge.merge(sides, opened)
        resolving = stale and cleaned_data.get("overwrite_version") == stored.version
        if (merge.CONFLICT in outcomes.values() and not resolving) or (self.refused_by_the_model and not stale):
            self.conflict = self.conflict_with(stored, cleaned_data, sides, outcomes, base)
            self._refuse(stored, base)
        self._apply(stored, cleaned_data, sides, outcomes)
        if stale and self.taken:
            self.merged = {"version": stored.version, "base": base, "outcomes": outcomes, "sides": sides}
        self.clean_against_stored(stored, cleaned_data)
        # The model checks again on save, inside a row lock: the last line against a race.
        self.instance.version = stored.version
        return cleaned_data

    def _refuse(self, stored, base):
        raise forms.ValidationError(
            self.stale_message,
            code="stale",
            params={"current": stored.version, "base": base, "object": str(stored)},
        )

    def _apply(self, stored, cleaned_data, sides, outcomes):
        """Sets each field to the merge's result: the stored value (raw, so that a re-serialised
        copy of it is never written), the posted one, or the user's edit of a conflict."""
        self.taken = []
        for name, result in outcomes.items():
            side = sides[name]
            choice = merge.chosen(self.data, name) if result == merge.CONFLICT else None
            take_mine = result == merge.MINE or choice in (merge.MINE, "edit")
            if choice == "edit" and side.field is not None and name in self.fields:
                try:
                    cleaned_data[name] = self.fields[name].clean(self.data.get(f"merge_{name}_edited", ""))
                except forms.ValidationError as error:
                    self.add_error(name, error)
            if take_mine:
                self.taken.append(name)
            if side.field is None:
                self.apply_related(name, take_mine, result == merge.CONFLICT, stored, cleaned_data)
            elif not take_mine:
                cleaned_data[name] = getattr(stored, side.field.name)

    def complete_cleaned_data(self, cleaned_data):
        """Fills what the user may leave empty, before it is compared with the stored record."""

    def clean_against_stored(self, stored, cleaned_data):
        """Checks that need the stored record, once the form is known to be saved over it."""

    def stored_object(self):
        return self._meta.model._base_manager.filter(pk=self.instance.pk).first()

    def revisions(self, stored):
        """The stored record's revisions, newest first, when django-reversion records them."""
        if not reversion.is_registered(type(stored)):
            return None
        return versions_of(stored)

    # -- the three sides of each field ------------------------------------------------------

    def sides(self, stored, cleaned_data):
        """{name: Side} for every field the form edits: stored and posted (None: as stored)."""
        sides = {}
        for name, field in self.fields.items():
            if name in self.internal_fields or (cleaned_data is not None and name not in cleaned_data):
                continue
            try:
                model_field = stored._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.many_to_many or model_field.one_to_many or not model_field.concrete:
                continue
            theirs = model_field.value_from_object(stored)
            mine = cleaned_data[name] if cleaned_data is not None else theirs
            sides[name] = merge.Side(str(field.label), theirs, mine, model_field)
        sides.update(self.related_sides(stored, cleaned_data))
        return sides

    def related_sides(self, stored, cleaned_data):
        """Sides for related records the form edits too (an inline's rows, say), comparable already."""
        return {}

    def apply_related(self, name, take_mine, conflicted, stored, cleaned_data):
        """Keeps the stored related records of `name`, or saves the posted ones."""

    def opened_digests(self, stored, base, cleaned_data):
        """{name: digest} of the fields as the form was opened: posted with it, or, for a form
        that did not carry them, as the revision of the opened version recorded them. Fields
        missing are unknown: any difference there is a conflict for the user to decide."""
        try:
            posted = json.loads(cleaned_data.get("base_digest") or "{}")
        except ValueError:
            posted = None
        if isinstance(posted, dict) and posted:
            return {str(name): str(value) for name, value in posted.items()}
        version = version_as_of(stored, base) if self.revisions(stored) is not None else None
        return self.recorded_digests(stored, version) if version is not None else {}

    def recorded_digests(self, stored, version):
        """{name: digest} of the fields as a revision recorded them."""
        recorded = version.field_dict
        digests = {}
        for side_name, side in self.sides(stored, None).items():
            if side.field is not None and side.field.attname in recorded:
                digests[side_name] = digest(merge.comparable(side.field, recorded[side.field.attname]))
        return digests

    # -- the conflict screen ----------------------------------------------------------------

    def conflict_with(self, stored, cleaned_data, sides, outcomes, base):
        """What the conflict screen shows: the stored version, each field both sides changed
        (with what each changed, when the revision of the opened version is known) and the
        fields the merge settled by itself."""
        revisions = self.revisions(stored)
        base_version = version_as_of(stored, base) if revisions is not None and base is not None else None
        recorded = base_version.field_dict if base_version is not None else None
        differences = []
        for name, result in outcomes.items():
            if result != merge.CONFLICT:
                continue
            side = sides[name]
            if side.field is None:
                differences.append(self.related_difference(name, side, stored, base_version))
                continue
            differences.append(self._difference(name, side, recorded))
        latest = revisions.first() if revisions is not None else None
        return {
            "title": self.conflict_title,
            "version": stored.version,
            "updated_at": getattr(stored, "updated_at", None),
            "user": latest.revision.user if latest is not None else None,
            "differences": differences,
            "kept_theirs": [sides[n].label for n, r in outcomes.items() if r == merge.THEIRS],
            "taken_mine": [sides[n].label for n, r in outcomes.items() if r == merge.MINE],
            "base_known": recorded is not None,
        }

    def _difference(self, name, side, recorded):
        model_field = side.field
        mine = sanitize_html(side.mine) if isinstance(model_field, SanitizedHTMLField) else side.mine
        stored_value = side.theirs
        difference = {
            "label": side.label,
            "name": name,
            "stored": readable_value(model_field, stored_value),
            "mine": readable_value(model_field, mine),
            "rtl": _direction(model_field) == "rtl",
            "choice": merge.chosen(self.data, name),
            "editable": isinstance(model_field, (models.CharField, models.TextField)) and not model_field.choices,
            "edited": self.data.get(f"merge_{name}_edited", side.theirs or ""),
        }
        if is_long_text(model_field):
            difference.update(_text_changes(recorded, model_field.attname, side.theirs or "", mine or ""))
        return difference

    def related_difference(self, name, side, stored, base_version):
        """A conflict row for a related side."""
        return {"label": side.label, "name": name, "stored": str(side.theirs), "mine": str(side.mine)}


class VersionedListRowForm(VersionedModelForm):
    """A row of the admin's list editing (list_editable): refused like a change form when it was
    loaded before someone else's save, but with no conflict screen: the list is reloaded instead."""

    check_unchanged = False
    merges = False

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


def _comparable_side(side):
    return merge.comparable(side.field, side.theirs) if side.field is not None else side.theirs

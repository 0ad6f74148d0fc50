"""What every model admin of editable, translated content shares."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.text import get_text_list
from django.utils.translation import gettext
from tinymce.widgets import AdminTinyMCE

from .forms import VersionedListFormSet, VersionedListRowForm, VersionedModelForm
from .languages import direction, language_codes, localized, localized_names
from .merge import CONFLICT, MINE, THEIRS
from .revisions import editors_since
from .versioning import StaleVersionError


class TranslatedLookupsMixin:
    """search_fields and the slug's source name a translated field once, without a language:
    each request gets every language's column (and the default language's, for the slug), so
    that a language added to settings needs no admin change.
    """

    # The entries of search_fields that name a translated field (or a lookup ending in one).
    translated_search_fields = ()
    # The translated field the slug is filled from as the headline is typed.
    slug_source = None
    # Whether the slug is translated too (slug_<code>): each language's is filled from its own headline.
    slug_translated = False

    def get_search_fields(self, request):
        return [
            name
            for lookup in super().get_search_fields(request)
            for name in (localized_names(lookup) if lookup in self.translated_search_fields else [lookup])
        ]

    def get_prepopulated_fields(self, request, obj=None):
        fields = super().get_prepopulated_fields(request, obj)
        if self.slug_source is None:
            return fields
        if self.slug_translated:
            return {
                **fields,
                **{localized("slug", code): (localized(self.slug_source, code),) for code in language_codes()},
            }
        return {**fields, "slug": (localized(self.slug_source, settings.LANGUAGE_CODE),)}


class ContentDirectionMixin:
    """Every translated field is edited in its content's direction, whatever the admin's language.

    HTML fields get TinyMCE, told the same direction and language.
    """

    rich_text_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.SlugField) and field is not None:
            # A slug is part of an address: left to right, even in the Arabic admin.
            field.widget.attrs["dir"] = "ltr"
        return field

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        code = getattr(db_field, "language", None)
        if code is None:
            return
        text_direction = direction(code)
        if db_field.translated_field.name in self.rich_text_fields:
            # modeltranslation copied the untranslated field's widget; each language gets its own editor.
            field.widget = AdminTinyMCE(
                content_language=code,
                attrs=field.widget.attrs,
                # The editor's buttons follow the admin's language (TinyMCE reads it at render).
                mce_attrs={"directionality": text_direction},
            )
        widget = self._get_widget_from_field(field)
        widget.attrs["dir"] = text_direction
        widget.attrs["lang"] = code


class VersionedAdminMixin:
    """No lost work for a VersionedModel: a change form saved from an older version is refused,
    with the stored values shown next to the user's and the user's text kept in the form.

    The form (a VersionedModelForm) refuses what it can see is stale; a save that another one
    overtakes after that check is refused by the model (StaleVersionError, everything rolled
    back), and the same POST is then handled again so that the form shows the conflict.
    """

    form = VersionedModelForm
    change_form_template = "admin/versioned_change_form.html"

    @property
    def media(self):
        # The conflict panel's style.
        return super().media + forms.Media(css={"all": ["articles/admin/admin.css"]})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            return self.changeform_post(request, object_id, form_url, extra_context)
        except StaleVersionError:
            request._versioned_save_refused = True
            return self.changeform_post(request, object_id, form_url, extra_context)

    def changeform_post(self, request, object_id, form_url, extra_context):
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if getattr(request, "_versioned_save_refused", False):
            form = type(form.__name__, (form,), {"refused_by_the_model": True})
        return form

    def save_form(self, request, form, change):
        merged = getattr(form, "merged", None)
        if merged:
            # Read by the revision's comment too (see the article admin's log_change()).
            request.versioned_merge = merge_summary(form, merged, request.user)
            self.message_user(request, request.versioned_merge, messages.WARNING)
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            # An unchanged save bumping the version would refuse, for nothing, whoever else has it open.
            return
        super().save_model(request, obj, form, change)

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, **{"form": VersionedListRowForm, **kwargs})

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, **{"formset": VersionedListFormSet, **kwargs})

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except StaleVersionError:
            # A list edit overtaken after its check: the whole list's save was rolled back.
            self.message_user(
                request,
                gettext(
                    "Nothing was saved: someone else saved one of these in the meantime. Check the list, then "
                    "make your change again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["stale_conflict"] = getattr(form, "conflict", None)
        context["version_fields"] = [form[name] for name in getattr(form, "version_fields", ())]
        return super().render_change_form(request, context, add, change, form_url, obj)


def merge_summary(form, merged, user):
    """One sentence naming both sides of a merged save and what each brought to it."""
    outcomes, sides = merged["outcomes"], merged["sides"]
    others = editors_since(form.instance, merged["base"])
    theirs = [sides[name].label for name, result in outcomes.items() if result == THEIRS]
    mine = [
        sides[name].label
        for name, result in outcomes.items()
        if result == MINE or (result == CONFLICT and name in (form.taken or ()))
    ]
    kept = [sides[name].label for name, result in outcomes.items() if result == CONFLICT and name not in form.taken]
    return gettext(
        "Merged the changes %(user)s made with those %(others)s saved in the meantime: kept the changes of "
        "%(others)s to %(theirs)s, and those of %(user)s to %(mine)s."
    ) % {
        "user": user.get_username(),
        "others": get_text_list([o.get_username() for o in others], gettext("and")) or gettext("someone else"),
        "theirs": get_text_list(theirs + kept, gettext("and")) or gettext("nothing"),
        "mine": get_text_list(mine, gettext("and")) or gettext("nothing"),
    }


class CheckedSelectionMixin:
    """Refuses an action on a selection that holds something other than ids.

    Django filters the queryset with the posted values as they come, and a value its primary key
    cannot read ("None", "1.5") fails that filter with a ValueError, a 500. The list's own
    checkboxes only ever post ids, so such a post is forged or broken: nothing is done, and the
    user is sent back to the list with a message.
    """

    def response_action(self, request, queryset):
        try:
            for value in request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME):
                self.model._meta.pk.to_python(value)
        except ValidationError:
            self.message_user(
                request, gettext("The selection was not understood, so nothing was changed."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .models import Article, SanitizedHTMLField, language_codes, to_second
from .publishing import article_versions, is_long_text, text_diff, version_as_of
from .sanitize import sanitize_html


class ArticleAdminForm(forms.ModelForm):
    """The article change form, with the optimistic-locking version it was loaded at.

    `base_version` travels with the form; when someone else saved in between, the form is refused
    and re-rendered with the user's text (and the same `base_version`, so pressing save again is
    refused again) until they tick `overwrite_version`, whose value names the newer version they saw.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    overwrite_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # The workflow values the form was loaded with: on an overwrite, only a status or time the
    # user changed themselves wins over the stored one.
    base_status = forms.CharField(widget=forms.HiddenInput, required=False)
    base_publish_at = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set when the model refused this form's save as stale after the form's own check passed: the
    # form is then refused with the conflict shown, even if the stored version reads the same.
    refused_by_the_model = False

    # Form-internal fields: never reported as changes of the article.
    internal_fields = ("base_version", "overwrite_version", "base_status", "base_publish_at")

    class Meta:
        model = Article
        # The admin's fieldsets decide the fields shown; these are the untranslated ones.
        fields = [
            "slug",
            "section",
            "tags",
            "source",
            "is_breaking",
            "image",
            "status",
            "publish_at",
            "correction_at",
            "original_language",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if "slug" in self.fields:
            # Left empty, it is made from the headline (see clean()).
            self.fields["slug"].required = False
        if self.instance.pk is not None:
            self.fields["base_version"].initial = self.instance.version
            self.fields["base_status"].initial = self.instance.status
            publish_at = self.instance.publish_at
            self.fields["base_publish_at"].initial = publish_at.isoformat() if publish_at else ""

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name not in self.internal_fields]

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and not cleaned_data.get("slug") and "slug" not in self.errors:
            self._fill_slug(cleaned_data)
        if self.instance.pk is None:
            return cleaned_data
        base = cleaned_data.get("base_version")
        if base is None:
            raise forms.ValidationError(
                _("This form is missing the version it was loaded at: reload the page before saving."),
                code="no_version",
            )
        stored = self.stored_article()
        if stored is None:
            raise forms.ValidationError(_("This article was deleted in the meantime."), code="deleted")
        if base != stored.version or self.refused_by_the_model:
            if base != stored.version and cleaned_data.get("overwrite_version") == stored.version:
                # The user saw this newer version and chose to save theirs over it.
                base = stored.version
                self._keep_stored_workflow_unless_changed(stored, cleaned_data)
            else:
                self.conflict = self._conflict_with(stored, cleaned_data)
                raise forms.ValidationError(
                    _(
                        "Someone else saved this article (now version %(current)s) after you opened it at "
                        "version %(base)s. Your text is still below and has not been saved. Compare it with "
                        "the newer version, then either reload the page to take theirs, or tick the box to "
                        "save yours over it."
                    ),
                    code="stale",
                    params={"current": stored.version, "base": base},
                )
        if (
            "publish_at" in self.fields
            and cleaned_data.get("status") == Article.Status.PUBLISHED
            and cleaned_data.get("publish_at") is None
            and stored.status == Article.Status.PUBLISHED
        ):
            self.add_error("publish_at", _("A published article needs a publication time."))
        # The model checks again on save, inside a row lock: the last line against a race.
        self.instance.version = base
        return cleaned_data

    def _fill_slug(self, cleaned_data):
        """An article written first in Arabic has no English headline for the admin's slug
        prepopulation to work from (nor has a form posted without JavaScript)."""
        article = Article(pk=self.instance.pk, original_language=cleaned_data.get("original_language") or "")
        for code in language_codes():
            name = build_localized_fieldname("title", code)
            setattr(article, name, cleaned_data.get(name) or "")
        cleaned_data["slug"] = article.unique_slug()

    def _keep_stored_workflow_unless_changed(self, stored, cleaned_data):
        """Saving over a newer version must not undo its workflow step (a publication, say)
        with the status and time the user merely loaded: those win only if the user changed
        them. A form that does not say what it was loaded with keeps the stored ones."""
        if "status" in cleaned_data:
            base_status = cleaned_data.get("base_status") if "base_status" in self.data else None
            if base_status is None or cleaned_data["status"] == base_status:
                cleaned_data["status"] = stored.status
        if "publish_at" in cleaned_data:
            if "base_publish_at" in self.data:
                base_at = parse_datetime(cleaned_data.get("base_publish_at") or "")
                changed = to_second(cleaned_data["publish_at"]) != to_second(base_at)
            else:
                changed = False
            if not changed:
                cleaned_data["publish_at"] = stored.publish_at

    def stored_article(self):
        return Article.objects.filter(pk=self.instance.pk).first()

    def _conflict_with(self, stored, cleaned_data):
        # The version the user opened, when a revision recorded it: long text is then shown as
        # what each side changed since, rather than as two nearly identical blocks of text.
        base_version = version_as_of(stored, cleaned_data.get("base_version"))
        base = base_version.field_dict if base_version is not None else None
        differences = []
        for name, field in self.fields.items():
            if name in self.internal_fields or name not in cleaned_data:
                continue
            try:
                model_field = Article._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if name == "tags":
                stored_value = sorted(t.pk for t in model_field.value_from_object(stored))
                mine = sorted(t.pk for t in cleaned_data[name] or [])
                if stored_value != mine:
                    differences.append(
                        {
                            "label": field.label,
                            "name": name,
                            "stored": ", ".join(str(t) for t in model_field.value_from_object(stored)),
                            "mine": ", ".join(str(t) for t in cleaned_data[name] or []),
                        }
                    )
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
                "stored": _display(stored_value, model_field),
                "mine": _display(mine, model_field),
                "rtl": name.endswith("_ar"),
            }
            if is_long_text(model_field):
                difference.update(_text_changes(base, model_field.attname, stored_value or "", mine or ""))
            differences.append(difference)
        latest = article_versions(stored).first()
        return {
            "version": stored.version,
            "updated_at": stored.updated_at,
            "user": latest.revision.user if latest is not None else None,
            "differences": differences,
            "base_known": base is not None,
        }


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


def _comparable(value):
    if hasattr(value, "tzinfo"):
        return to_second(value)
    return value or None


def _display(value, field=None):
    if value is None:
        return ""
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


class ScheduleForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        label=_("Publish at"),
        widget=AdminSplitDateTime,
        help_text=_("Time in the newsroom's time zone. The articles appear by themselves at that time."),
    )

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."), code="past")
        return value

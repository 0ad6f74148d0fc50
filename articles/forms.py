from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Article
from .publishing import article_versions


class ArticleAdminForm(forms.ModelForm):
    """The article change form, with the optimistic-locking version it was loaded at.

    `base_version` travels with the form; when someone else saved in between, the form is refused
    and re-rendered with the user's text (and the same `base_version`, so pressing save again is
    refused again) until they tick `overwrite_version`, whose value names the newer version they saw.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    overwrite_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

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
        if self.instance.pk is not None:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
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
        if base != stored.version:
            if cleaned_data.get("overwrite_version") == stored.version:
                # The user saw this newer version and chose to save theirs over it.
                base = stored.version
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
        # The model checks again on save, inside a row lock: the last line against a race.
        self.instance.version = base
        return cleaned_data

    def stored_article(self):
        return Article.objects.filter(pk=self.instance.pk).first()

    def _conflict_with(self, stored, cleaned_data):
        differences = []
        for name, field in self.fields.items():
            if name in ("base_version", "overwrite_version") or name not in cleaned_data:
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
            if (stored_value or None) != (mine or None):
                differences.append(
                    {
                        "label": field.label,
                        "name": name,
                        "stored": _display(stored_value),
                        "mine": _display(mine),
                        "rtl": name.endswith("_ar"),
                    }
                )
        latest = article_versions(stored).first()
        return {
            "version": stored.version,
            "updated_at": stored.updated_at,
            "user": latest.revision.user if latest is not None else None,
            "differences": differences,
        }


def _display(value):
    if value is None:
        return ""
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

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial.forms import VersionedModelForm
from editorial.languages import language_codes, localized
from editorial.revisions import version_as_of
from editorial.times import to_second

from .models import Article, Byline
from .workflow import BylinesAndTags, recorded_bylines_and_tags


class ArticleAdminForm(VersionedModelForm):
    """The article change form: versioned, with the article's workflow, bylines and tags kept
    safe on an overwrite."""

    # The workflow values the form was loaded with: on an overwrite, only a status or time the
    # user changed themselves wins over the stored one.
    base_status = forms.CharField(widget=forms.HiddenInput, required=False)
    base_publish_at = forms.CharField(widget=forms.HiddenInput, required=False)

    # The byline inline's form prefix (its related name), read for the conflict check.
    byline_prefix = "bylines"

    internal_fields = ("base_version", "overwrite_version", "base_status", "base_publish_at")
    version_fields = ("base_version", "base_status", "base_publish_at")

    stale_message = _(
        "Someone else saved this article (now version %(current)s) after you opened it at "
        "version %(base)s. Your text is still below and has not been saved. Compare it with "
        "the newer version, then either reload the page to take theirs, or tick the box to "
        "save yours over it."
    )
    deleted_message = _("This article was deleted in the meantime.")
    conflict_title = _("Not saved: someone else saved this article after you opened it")

    class Meta:
        model = Article
        # The admin's fieldsets decide the fields shown; these are the untranslated ones.
        fields = [
            "slug",
            "section",
            "tags",
            "source",
            "is_breaking",
            "lead_image",
            "status",
            "publish_at",
            "correction_at",
            "original_language",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set on an overwrite that keeps the stored bylines: the admin then leaves the inline unsaved.
        self.keep_stored_bylines = False
        if "slug" in self.fields:
            # Left empty, it is made from the headline (see complete_cleaned_data()).
            self.fields["slug"].required = False
        if self.instance.pk is not None:
            self.fields["base_status"].initial = self.instance.status
            publish_at = self.instance.publish_at
            self.fields["base_publish_at"].initial = publish_at.isoformat() if publish_at else ""

    def complete_cleaned_data(self, cleaned_data):
        if "slug" in self.fields and not cleaned_data.get("slug") and "slug" not in self.errors:
            self._fill_slug(cleaned_data)

    def prepare_overwrite(self, stored, cleaned_data, base):
        self._keep_stored_workflow_unless_changed(stored, cleaned_data)
        self._keep_stored_bylines_and_tags_unless_changed(stored, cleaned_data, base)

    def clean_against_stored(self, stored, cleaned_data):
        if (
            "publish_at" in self.fields
            and cleaned_data.get("status") == Article.Status.PUBLISHED
            and cleaned_data.get("publish_at") is None
            and stored.status == Article.Status.PUBLISHED
        ):
            self.add_error("publish_at", _("A published article needs a publication time."))

    def _fill_slug(self, cleaned_data):
        """An article written first in Arabic has no English headline for the admin's slug
        prepopulation to work from (nor has a form posted without JavaScript)."""
        article = Article(pk=self.instance.pk, original_language=cleaned_data.get("original_language") or "")
        for code in language_codes():
            name = localized("title", code)
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

    def _keep_stored_bylines_and_tags_unless_changed(self, stored, cleaned_data, base):
        """The same rule for bylines and tags, judged against the revision of the version the
        user opened: what they did not change keeps the stored value; what both changed, each
        their own way, refuses the overwrite (no rule could tell whose change should win)."""
        both_changed = []
        sides = self._related_sides(stored, cleaned_data, base)
        for name, label in (("bylines", _("bylines")), ("tags", _("tags"))):
            opened, stored_value, mine = sides[name]
            if mine is None or mine == stored_value:
                continue
            if opened is not None and mine == opened:
                if name == "bylines":
                    # The inline's posted rows are what the user loaded: they are not saved.
                    self.keep_stored_bylines = True
                else:
                    cleaned_data["tags"] = list(stored.tags.all())
            elif opened is None or stored_value != opened:
                both_changed.append(str(label))
        if both_changed:
            self.conflict = self.conflict_with(stored, cleaned_data)
            raise forms.ValidationError(
                _(
                    "Not saved: the newer version changed the %(fields)s too, differently from you. Reload "
                    "the page to take the newer version, then make your change again."
                ),
                code="both_changed",
                params={"fields": get_text_list(both_changed, gettext("and"))},
            )

    def _related_sides(self, stored, cleaned_data, base):
        """{"bylines"|"tags": (as opened, as stored, as posted)}, each a comparable list; "as
        opened" is None when no recent revision recorded the version the user opened, "as
        posted" None when the form did not post them."""
        opened_bylines = opened_tags = None
        base_version = version_as_of(stored, base) if base is not None else None
        if base_version is not None:
            revision_id = base_version.revision_id
            opened_bylines, opened_tags = recorded_bylines_and_tags([revision_id], stored)[revision_id]
        stored_bylines = sorted(stored.bylines.values_list("position", "author_id", "role"))
        stored_tags = sorted(stored.tags.values_list("pk", flat=True))
        mine_tags = sorted(t.pk for t in cleaned_data["tags"] or []) if "tags" in cleaned_data else None
        return {
            "bylines": (opened_bylines, stored_bylines, self.posted_bylines()),
            "tags": (opened_tags, stored_tags, mine_tags),
        }

    def posted_bylines(self):
        """The bylines the byline inline posted, as [(position, author id, role)], or None when
        it posted none or something unreadable (the inline's own validation reports it)."""
        prefix = self.byline_prefix
        try:
            total = int(self.data.get(f"{prefix}-TOTAL_FORMS", ""))
        except ValueError:
            return None
        bylines = []
        for index in range(min(total, 1000)):
            key = f"{prefix}-{index}-"
            author = self.data.get(key + "author")
            if not author or self.data.get(key + "DELETE"):
                continue
            try:
                bylines.append(
                    (int(self.data.get(key + "position") or 0), int(author), self.data.get(key + "role", ""))
                )
            except ValueError:
                return None
        return sorted(bylines)

    def related_differences(self, stored, cleaned_data):
        """The bylines and tags: another save may have changed them too."""
        sides = self._related_sides(stored, cleaned_data, cleaned_data.get("base_version"))
        names = BylinesAndTags(bylines=sides["bylines"], tags=sides["tags"])
        describe = {"bylines": names.bylines, "tags": names.tags}
        labels = {
            "bylines": capfirst(Byline._meta.verbose_name_plural),
            "tags": self.fields["tags"].label if "tags" in self.fields else _("Tags"),
        }
        rows = []
        for name in ("bylines", "tags"):
            opened, stored_value, mine = sides[name]
            if mine is None or mine == stored_value:
                continue
            row = {
                "label": labels[name],
                "name": name,
                "stored": describe[name](stored_value),
                "mine": describe[name](mine),
            }
            if opened is not None:
                row.update({"stored_unchanged": opened == stored_value, "mine_unchanged": opened == mine})
            rows.append(row)
        return rows


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

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from editorial.forms import VersionedModelForm
from editorial.merge import Side, chosen, comparable, digest

from .models import Article, Byline
from .workflow import BylinesAndTags, recorded_bylines_and_tags


class ArticleAdminForm(VersionedModelForm):
    """The article change form: versioned and merged (editorial.forms), bylines and tags included,
    with the workflow buttons' note and time."""

    # The workflow values the form was loaded with: the merge's base for them when a form comes
    # without fingerprints (base_digest), so a status nobody in this save changed is never put back.
    base_status = forms.CharField(widget=forms.HiddenInput, required=False)
    base_publish_at = forms.CharField(widget=forms.HiddenInput, required=False)

    # What the workflow buttons at the top of the form take with them (see ArticleAdmin).
    workflow_note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("For the editor or the reporter: kept with the revision and shown in the history."),
    )
    workflow_at = forms.SplitDateTimeField(
        label=_("Publish at"), required=False, widget=AdminSplitDateTime, help_text=_("For Schedule.")
    )

    # The byline inline's form prefix (its related name), read for the conflict check.
    byline_prefix = "bylines"

    internal_fields = (
        "base_version",
        "overwrite_version",
        "base_digest",
        "base_status",
        "base_publish_at",
        "workflow_note",
        "workflow_at",
    )
    version_fields = ("base_version", "base_digest", "base_status", "base_publish_at")

    stale_message = _(
        "Someone else saved this article (now version %(current)s) after you opened it at "
        "version %(base)s, and changed some of what you changed. Your text is still below and "
        "has not been saved. Choose, field by field, whose change to keep, then tick the box "
        "and save."
    )
    deleted_message = _("This article was deleted in the meantime.")
    conflict_title = _("Not saved: someone else saved this article after you opened it")

    class Meta:
        model = Article
        # The admin's fieldsets decide the fields shown; these are the untranslated ones.
        fields = [
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
        # Set by the merge when the stored bylines are kept: the admin then leaves the inline
        # unsaved; or when the posted ones replace them whole (a conflict settled for mine).
        self.keep_stored_bylines = False
        self.replace_bylines = False
        if self.instance.pk is not None:
            self.fields["base_status"].initial = self.instance.status
            publish_at = self.instance.publish_at
            self.fields["base_publish_at"].initial = publish_at.isoformat() if publish_at else ""

    def clean_against_stored(self, stored, cleaned_data):
        if (
            "publish_at" in self.fields
            and cleaned_data.get("status") == Article.Status.PUBLISHED
            and cleaned_data.get("publish_at") is None
            and stored.status == Article.Status.PUBLISHED
        ):
            self.add_error("publish_at", _("A published article needs a publication time."))

    # -- the merge's sides beyond the article's own columns ----------------------------------

    def related_sides(self, stored, cleaned_data):
        """Bylines [(position, author id, role)] and tag ids, sorted: as stored and as posted
        (as stored when the form did not post them, or posted something unreadable)."""
        stored_bylines = sorted(stored.bylines.values_list("position", "author_id", "role"))
        stored_tags = sorted(stored.tags.values_list("pk", flat=True))
        posted_bylines = self.posted_bylines() if cleaned_data is not None else None
        if cleaned_data is not None and "tags" in cleaned_data:
            posted_tags = sorted(tag.pk for tag in cleaned_data["tags"] or [])
        else:
            posted_tags = stored_tags
        sides = {
            "bylines": Side(
                str(capfirst(Byline._meta.verbose_name_plural)),
                stored_bylines,
                stored_bylines if posted_bylines is None else posted_bylines,
            )
        }
        if "tags" in self.fields:
            sides["tags"] = Side(str(self.fields["tags"].label), stored_tags, posted_tags)
        return sides

    def recorded_digests(self, stored, version):
        digests = super().recorded_digests(stored, version)
        bylines, tags = recorded_bylines_and_tags([version.revision_id], stored)[version.revision_id]
        digests.update({"bylines": digest(bylines), "tags": digest(tags)})
        return digests

    def opened_digests(self, stored, base, cleaned_data):
        digests = super().opened_digests(stored, base, cleaned_data)
        # A form without fingerprints still says which status and time it was loaded with.
        if "status" not in digests and "base_status" in self.data and "status" in self.fields:
            status_field = Article._meta.get_field("status")
            digests["status"] = digest(comparable(status_field, cleaned_data.get("base_status") or ""))
        if "publish_at" not in digests and "base_publish_at" in self.data and "publish_at" in self.fields:
            opened_at = parse_datetime(cleaned_data.get("base_publish_at") or "")
            digests["publish_at"] = digest(comparable(Article._meta.get_field("publish_at"), opened_at))
        return digests

    def apply_related(self, name, take_mine, conflicted, stored, cleaned_data):
        if name == "bylines":
            # The inline's posted rows are saved only when they are the merge's result; a
            # conflict settled for mine then replaces the stored rows the user did not post.
            self.keep_stored_bylines = not take_mine
            self.replace_bylines = take_mine and conflicted
        elif name == "tags" and not take_mine and "tags" in cleaned_data:
            cleaned_data["tags"] = list(stored.tags.all())

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

    def related_difference(self, name, side, stored, base_version):
        """A conflict row for the bylines or the tags, as a person reads them."""
        if name == "bylines":
            describe = BylinesAndTags(bylines=[side.theirs, side.mine]).bylines
        else:
            describe = BylinesAndTags(tags=[side.theirs, side.mine]).tags
        row = {
            "label": side.label,
            "name": name,
            "stored": describe(side.theirs),
            "mine": describe(side.mine),
            "choice": chosen(self.data, name),
            "editable": False,
        }
        if base_version is not None:
            recorded = recorded_bylines_and_tags([base_version.revision_id], stored)[base_version.revision_id]
            opened = recorded[0] if name == "bylines" else recorded[1]
            row.update({"stored_unchanged": opened == side.theirs, "mine_unchanged": opened == side.mine})
        return row


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

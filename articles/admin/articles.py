"""The articles' admin: the list, the change form and its saving through the workflow."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from reversion import create_revision, get_comment, is_active, set_comment, set_user

from editorial.admin import ContentDirectionMixin, TranslatedLookupsMixin, VersionedAdminMixin
from editorial.languages import language_codes
from taxonomy.models import Tag

from .. import workflow
from ..forms import ArticleAdminForm
from ..models import Article, Byline
from .actions import ArticleActionsMixin
from .badges import language_badges
from .imports import ImportReportMixin
from .workflow_views import ArticleWorkflowViewsMixin


class StatusFilter(admin.SimpleListFilter):
    """The statuses as the list's status column shows them: a scheduled article is not "published" yet."""

    title = _("status")
    parameter_name = "status"
    SCHEDULED = "scheduled"

    def lookups(self, request, model_admin):
        Status = Article.Status
        return [
            (Status.DRAFT, Status.DRAFT.label),
            (Status.IN_REVIEW, Status.IN_REVIEW.label),
            (self.SCHEDULED, _("Scheduled")),
            (Status.PUBLISHED, Status.PUBLISHED.label),
            (Status.ARCHIVED, Status.ARCHIVED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.SCHEDULED:
            return queryset.scheduled()
        if value == Article.Status.PUBLISHED:
            return queryset.published()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        if self.value() in language_codes():
            return queryset.in_language(self.value())
        return queryset


class ArticleChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # Section, bylines with their authors and tags in a fixed number of queries, whatever the page size.
        return super().get_queryset(request, exclude_parameters).with_related()


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    ordering = ["position", "pk"]
    verbose_name = _("byline")
    verbose_name_plural = _("bylines")

    # A byline is part of its article: whoever may change the article may change its bylines.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(Article)
class ArticleAdmin(
    ImportReportMixin,
    ArticleActionsMixin,
    ArticleWorkflowViewsMixin,
    VersionedAdminMixin,
    TranslatedLookupsMixin,
    ContentDirectionMixin,
    TabbedTranslationAdmin,
):
    form = ArticleAdminForm
    rich_text_fields = ("body",)
    inlines = [BylineInline]
    autocomplete_fields = ["section"]
    slug_source = "title"
    list_display = [
        "title",
        "status_display",
        "section",
        "languages_display",
        "bylines_display",
        "publish_at",
        "is_breaking",
    ]
    list_display_links = ["title"]
    list_filter = [
        StatusFilter,
        "section",
        LanguageFilter,
        ("authors", admin.RelatedOnlyFieldListFilter),
        "is_breaking",
    ]
    search_fields = ["title", "slug", "standfirst", "authors__name"]
    translated_search_fields = ["title", "standfirst", "authors__name"]
    search_help_text = _("Search headlines, slugs, standfirsts and author names.")
    date_hierarchy = "publish_at"
    list_per_page = 50
    save_on_top = True
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "dateline"]}),
        (_("Filing"), {"fields": ["section", "tags", "original_language", "source", "is_breaking"]}),
        (_("Workflow"), {"fields": ["status", "publish_at", "translation_status"]}),
        (_("Featured image"), {"fields": ["image", "image_alt", "image_caption", "image_credit"]}),
        (_("Corrections"), {"classes": ["collapse"], "fields": ["correction", "correction_at"]}),
    ]

    class Media:
        css = {"all": ["articles/admin/admin.css"]}
        js = ["articles/admin/admin.js"]

    def view_on_site(self, obj):
        # Readers see only published, due articles; editors have the preview link for the rest.
        return obj.get_absolute_url() if obj.is_published() else None

    # -- the list --------------------------------------------------------------------------

    def get_queryset(self, request):
        return workflow.visible_articles(request.user, super().get_queryset(request))

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj):
        if obj.is_scheduled():
            return format_html('<span class="nr-status nr-status--scheduled">{}</span>', gettext("Scheduled"))
        return format_html('<span class="nr-status nr-status--{}">{}</span>', obj.status, obj.get_status_display())

    @admin.display(description=_("languages"))
    def languages_display(self, obj):
        return language_badges(obj)

    @admin.display(description=_("bylines"))
    def bylines_display(self, obj):
        # obj.bylines is prefetched (ordered by position) by with_related().
        return ", ".join(str(byline.author) for byline in obj.bylines.all())

    @admin.display(description=_("translations"))
    def translation_status(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Not saved yet.")
        return language_badges(obj, verbose=True)

    # -- permissions -----------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or workflow.is_editor(request.user)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "translation_status"]
        if not workflow.can_publish(request.user):
            readonly += ["status", "publish_at"]
        return readonly

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if original is not None and original.name == "title":
            # modeltranslation requires the English headline; a story written first in Arabic
            # has none yet. Article.clean() requires a headline in at least one language.
            field.required = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return forms.ModelMultipleChoiceField(
                queryset=Tag.objects.all(),
                required=False,
                label=db_field.verbose_name.capitalize(),
                widget=AutocompleteSelectMultiple(db_field, self.admin_site),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # -- saving: a revision for every save, every step through the workflow ---------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if (
                obj is not None
                and not self.has_change_permission(request, obj)
                and self.has_view_permission(request, obj)
            ):
                return self.refused_edit_view(request, obj)
        # A save overtaken after the form's check (the text's, or a workflow step's) is handled
        # again by VersionedAdminMixin, and refused by the form with the user's text kept.
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changeform_post(self, request, object_id, form_url, extra_context):
        with create_revision():
            set_user(request.user)
            return super().changeform_post(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            workflow.save_new(obj, request.user)
        elif form.has_changed():
            self._report(request, workflow.save_edited(obj, request.user, *self._workflow_values(form, obj)))
        # Else saved only if an inline changed (see save_related): an unchanged save bumping the
        # version would refuse, for nothing, whoever else has the article open.

    def _workflow_values(self, form, obj):
        """The status and publish time as the form was loaded and as the editor left them; both
        None when the form shows no workflow fields."""
        if "status" not in form.fields:
            return None, None
        loaded_status, loaded_at = form.initial.get("status"), form.initial.get("publish_at")
        # The form shows the time to the second: an untouched time keeps its microseconds.
        wanted_at = obj.publish_at if "publish_at" in form.changed_data else loaded_at
        return (loaded_status, loaded_at), (obj.status, wanted_at)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        unsaved = change and not form.has_changed()
        # An overwrite keeps the stored bylines when the user did not change theirs (see the form).
        kept = [fs for fs in formsets if fs.model is Byline and form.keep_stored_bylines]
        saved = [fs for fs in formsets if fs not in kept]
        if unsaved and not any(formset.has_changed() for formset in saved):
            # Nothing changed at all: no save, no new version, no revision.
            kept, saved = formsets, []
        for formset in kept:
            # Read by the change message.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if unsaved:
            if not saved:
                self._submit_if_asked(request, obj)
                return
            obj.save()
        super().save_related(request, form, saved, change)
        if not change and "status" in form.cleaned_data:
            status, publish_at = form.cleaned_data["status"], form.cleaned_data.get("publish_at")
            self._report(request, workflow.take_requested_step(obj, request.user, status, publish_at))
        self._submit_if_asked(request, obj)

    def _report(self, request, refusal):
        if refusal:
            messages.error(request, refusal)

    def _submit_if_asked(self, request, obj):
        if "_submit_for_review" not in request.POST:
            return
        try:
            workflow.submit_for_review(obj, request.user)
        except workflow.TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("Submitted for review: an editor will look at it."))

    def log_addition(self, request, obj, message):
        if is_active():
            set_comment(gettext("Created."))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if is_active():
            # The same wording as the admin's own history ("Changed Body [en]. Added byline …").
            summary = LogEntry(change_message=json.dumps(message)).get_change_message() if message else ""
            # A workflow step taken in the same save ("Published.") has already set its comment.
            set_comment(" ".join(filter(None, [summary, get_comment()])) or gettext("Saved without changes."))
        return super().log_change(request, obj, message)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_submit"] = obj is None or workflow.can_submit(request.user, obj)
        # Read-only while in review: its author is told why, and how to get it back.
        context["can_withdraw"] = (
            obj is not None
            and obj.status == Article.Status.IN_REVIEW
            and not self.has_change_permission(request, obj)
            and workflow.is_own_article(request.user, obj)
        )
        if obj is not None and obj.pk is not None:
            token = workflow.preview_token(obj)
            # The preview opens in the article's own language edition, whatever the admin's language.
            languages = obj.available_languages
            edition = obj.original_language if obj.original_language in languages or not languages else languages[0]
            with translation.override(edition):
                preview_url = reverse("article_preview", kwargs={"token": token})
            context["preview_url"] = preview_url
            context["share_preview_url"] = request.build_absolute_uri(preview_url)
            context["preview_max_age_hours"] = settings.NEWSROOM_PREVIEW_MAX_AGE // 3600
            context["can_revoke_previews"] = workflow.can_revoke_previews(request.user, obj)
            context["history_url"] = reverse("admin:articles_article_history", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

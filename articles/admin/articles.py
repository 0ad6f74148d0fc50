"""The articles' admin: the list, the change form and its saving through the workflow."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from reversion import create_revision, get_comment, is_active, set_comment, set_user

from editorial.admin import ContentDirectionMixin, TranslatedLookupsMixin, VersionedAdminMixin
from editorial.languages import language_codes
from taxonomy.models import Tag

from .. import workflow
from ..forms import ArticleAdminForm
from ..models import Article, Byline
from .actions import ArticleActionsMixin
from .badges import language_badges
from .changelist import AuthorFilter, ScaledChangeListMixin
from .images import LeadImageMixin
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
    ScaledChangeListMixin,
    ImportReportMixin,
    ArticleActionsMixin,
    ArticleWorkflowViewsMixin,
    LeadImageMixin,
    VersionedAdminMixin,
    TranslatedLookupsMixin,
    ContentDirectionMixin,
    TranslationAdmin,
):
    form = ArticleAdminForm
    rich_text_fields = ("body",)
    inlines = [BylineInline]
    autocomplete_fields = ["section", "lead_image"]
    slug_source = "title"
    slug_translated = True
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
        AuthorFilter,
        "is_breaking",
    ]
    search_fields = ["title", "slug", "standfirst", "authors__name"]
    translated_search_fields = ["title", "standfirst", "authors__name"]
    search_help_text = _("Search headlines, standfirsts and bodies for whole words, author names, or a slug.")
    date_hierarchy = "publish_at"
    list_per_page = 50
    save_on_top = True
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "dateline"]}),
        (_("Filing"), {"fields": ["section", "tags", "original_language", "source", "is_breaking"]}),
        (_("Workflow"), {"fields": ["status", "publish_at", "translation_status"]}),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_preview"]}),
        (_("Corrections"), {"classes": ["collapse"], "fields": ["correction", "correction_at"]}),
    ]

    class Media:
        css = {"all": ["articles/admin/admin.css", "articles/admin/workflow.css"]}
        js = [
            "articles/admin/admin.js",
            "articles/admin/presence.js",
            "articles/admin/translations.js",
            "articles/admin/a11y.js",
            "articles/admin/tags.js",
            "articles/admin/draft.js",
        ]

    def view_on_site(self, obj):
        # Readers see only published, due articles; editors have the preview link for the rest.
        return obj.get_absolute_url() if obj.is_published() else None

    # -- the list --------------------------------------------------------------------------

    def get_queryset(self, request):
        return workflow.visible_articles(request.user, super().get_queryset(request))

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if workflow.can_set_breaking(request.user):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "is_breaking"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "translation_status", "lead_image_preview"]
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
                widget=AutocompleteSelectMultiple(db_field, self.admin_site, attrs=self._tag_creation(request)),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _tag_creation(self, request):
        """For whoever may add tags, the tag box offers to create the one typed (static/articles/admin/tags.js)."""
        if not request.user.has_perm("taxonomy.add_tag"):
            return {}
        return {
            "data-create-url": reverse("admin:taxonomy_tag_create_from_form"),
            # "%s" stands for the typed name.
            "data-create-label": gettext("Create tag “%s”"),
        }

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
        if not workflow.can_set_breaking(request.user) and "is_breaking" in form.fields:
            # Not offered to reporters (get_fieldsets); a form that has it anyway is not believed.
            obj.is_breaking = form.initial.get("is_breaking", False)
        if not change:
            workflow.save_new(obj, request.user)
        elif self.requested_action(request) and self.requested_action(request) != "save_draft":
            # A workflow button: its step saves the text too, in one save and one revision
            # (take_workflow_action(), once the bylines are saved); the step decides the status.
            if "status" in form.fields:
                obj.status, obj.publish_at = form.initial.get("status"), form.initial.get("publish_at")
            request.workflow_pending_save = form.has_changed()
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
        pending = getattr(request, "workflow_pending_save", None)
        # The merge keeps the stored bylines unless the posted ones are its result (see the form).
        kept = [fs for fs in formsets if fs.model is Byline and form.keep_stored_bylines]
        saved = [fs for fs in formsets if fs not in kept]
        if unsaved and not any(formset.has_changed() for formset in saved):
            # Nothing changed at all: no save, no new version, no revision.
            kept, saved = formsets, []
        for formset in kept:
            # Read by the change message.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if unsaved and not saved:
            self.take_workflow_action(request, obj, form)
            return
        if pending is not None and any(formset.has_changed() for formset in saved):
            # The article row is locked first, as every save of it does before its bylines; the
            # button's step saves it (and its version moves for the bylines too).
            Article.objects.select_for_update().filter(pk=obj.pk).values_list("pk").first()
            request.workflow_pending_save = True
        elif unsaved:
            obj.save()
        super().save_related(request, form, saved, change)
        if form.replace_bylines:
            self._drop_bylines_not_posted(obj, [fs for fs in saved if fs.model is Byline])
        if not change and "status" in form.cleaned_data:
            status, publish_at = form.cleaned_data["status"], form.cleaned_data.get("publish_at")
            self._report(request, workflow.take_requested_step(obj, request.user, status, publish_at))
        self.take_workflow_action(request, obj, form)

    def _drop_bylines_not_posted(self, obj, formsets):
        """A bylines conflict settled for the user's list: the rows someone else added go."""
        posted = {
            form.instance.pk
            for formset in formsets
            for form in formset.forms
            if form.instance.pk is not None and form not in formset.deleted_forms
        }
        for byline in Byline.objects.filter(article=obj).exclude(pk__in=posted):
            byline.delete()

    def _report(self, request, refusal):
        if refusal:
            messages.error(request, refusal)

    def log_addition(self, request, obj, message):
        if is_active():
            # A workflow button pressed on the add form ("Submitted for review. Note: …") has
            # already set its comment: kept, after "Created.".
            set_comment(" ".join(filter(None, [gettext("Created."), get_comment()])))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if is_active():
            # The same wording as the admin's own history ("Changed Body [en]. Added byline …").
            summary = LogEntry(change_message=json.dumps(message)).get_change_message() if message else ""
            # A workflow step taken in the same save ("Published.") has already set its comment;
            # a merged save names both editors.
            merged = getattr(request, "versioned_merge", "")
            set_comment(" ".join(filter(None, [summary, get_comment(), merged])) or gettext("Saved without changes."))
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
        context.update(self.workflow_context(request, context["adminform"].form, obj))
        if obj is not None and obj.pk is not None:
            context.update(self.presence_context(request, obj))
            token = workflow.preview_token(obj)
            # The preview opens in the admin's language when the article has it, else in its own.
            languages = obj.available_languages
            admin_language = translation.get_language()
            if admin_language in languages:
                edition = admin_language
            else:
                edition = obj.original_language if obj.original_language in languages or not languages else languages[0]
            with translation.override(edition):
                preview_url = reverse("article_preview", kwargs={"token": token})
            context["preview_url"] = preview_url
            context["share_preview_url"] = request.build_absolute_uri(preview_url)
            context["preview_max_age_hours"] = settings.NEWSROOM_PREVIEW_MAX_AGE // 3600
            context["can_revoke_previews"] = workflow.can_revoke_previews(request.user, obj)
            context["history_url"] = reverse("admin:articles_article_history", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

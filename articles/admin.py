import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion import create_revision, get_comment, is_active, set_comment, set_user

from editorial.admin import ContentDirectionMixin, VersionedAdminMixin
from editorial.languages import language_codes
from taxonomy.models import Tag

from . import publishing
from .forms import ArticleAdminForm, ScheduleForm
from .models import Article, Author, Byline, StaleArticleError
from .translation import ArticleTranslationOptions

RTL_LANGUAGES = ("ar",)


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
        return super().has_add_permission(request, obj) and (obj is None or publishing.can_edit(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or publishing.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or publishing.can_edit(request.user, obj))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(Article)
class ArticleAdmin(VersionedAdminMixin, ContentDirectionMixin, TabbedTranslationAdmin):
    form = ArticleAdminForm
    rich_text_fields = ("body",)
    inlines = [BylineInline]
    autocomplete_fields = ["section"]
    prepopulated_fields = {"slug": ("title_en",)}
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
    search_fields = [
        "title_en",
        "title_ar",
        "slug",
        "standfirst_en",
        "standfirst_ar",
        "authors__name_en",
        "authors__name_ar",
    ]
    search_help_text = _("Search headlines, slugs, standfirsts and author names.")
    date_hierarchy = "publish_at"
    list_per_page = 50
    save_on_top = True
    actions = [
        "submit_for_review_action",
        "withdraw_from_review_action",
        "publish_now_action",
        "schedule_action",
        "unpublish_action",
    ]
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
        queryset = super().get_queryset(request)
        if publishing.is_editor(request.user):
            return queryset
        # Reporters see their own work (in any status); they change it only while it is a draft.
        return queryset.filter(
            Q(created_by=request.user) | Q(pk__in=Byline.objects.filter(author__user=request.user).values("article_id"))
        )

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
        return obj is None or publishing.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or publishing.is_editor(request.user)

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["translation_status"]
        if not publishing.can_publish(request.user):
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

    # -- saving: a revision for every save, workflow through publishing.py -----------------

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

    def refused_edit_view(self, request, obj):
        """The article stopped being editable by this user while they wrote (it was submitted or
        published): the save is refused, and their unsaved text is shown so that nothing is lost."""
        unsaved = []
        for name in ArticleTranslationOptions.fields:
            for code in language_codes():
                field_name = build_localized_fieldname(name, code)
                value = request.POST.get(field_name, "")
                if value and value != (getattr(obj, field_name) or ""):
                    field = Article._meta.get_field(field_name)
                    unsaved.append(
                        {
                            "label": field.verbose_name,
                            "value": value,
                            "language": code,
                            "dir": "rtl" if code in RTL_LANGUAGES else "ltr",
                        }
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Not saved: you can no longer change this article"),
            "opts": self.model._meta,
            "original": obj,
            "unsaved": unsaved,
        }
        return TemplateResponse(request, "admin/articles/article/refused_edit.html", context, status=403)

    def changeform_post(self, request, object_id, form_url, extra_context):
        with create_revision():
            set_user(request.user)
            return super().changeform_post(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            # Saved only if an inline changed (see save_related): an unchanged save bumping the
            # version would refuse, for nothing, whoever else has the article open.
            obj._unsaved = True
            return
        obj._unsaved = False
        if not change:
            obj.created_by = request.user
        wanted_status, wanted_at = obj.status, obj.publish_at
        if change and "status" in form.fields:
            initial_status, initial_at = form.initial.get("status"), form.initial.get("publish_at")
            if "publish_at" not in form.changed_data:
                # The form shows the time to the second: an untouched time keeps its microseconds.
                obj.publish_at = wanted_at = initial_at
            status_changed = wanted_status != initial_status
            time_changed = wanted_at != initial_at
            if status_changed or (time_changed and wanted_status == Article.Status.PUBLISHED):
                # The status moves through the workflow's own rules, from the stored one; the
                # transition saves the text with it, in one save: nothing can land in between.
                obj.status, obj.publish_at = initial_status, initial_at
                try:
                    publishing.change_status(obj, request.user, wanted_status, wanted_at)
                except publishing.TransitionError as error:
                    messages.error(request, str(error))
                    obj.status, obj.publish_at = initial_status, initial_at
                    obj.save()
            else:
                # Same status: a draft's or in-review article's planned time is kept as entered,
                # with no workflow step (and no transition revision) taken.
                obj.save()
        elif not change and wanted_status != Article.Status.DRAFT:
            obj.status, obj.publish_at = Article.Status.DRAFT, None
            obj.save()
            obj._pending_status = (wanted_status, wanted_at)
        else:
            obj.save()

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        # An overwrite keeps the stored bylines when the user did not change theirs (see the form).
        kept = [fs for fs in formsets if fs.model is Byline and getattr(form, "keep_stored_bylines", False)]
        saved = [fs for fs in formsets if fs not in kept]
        if getattr(obj, "_unsaved", False) and not any(formset.has_changed() for formset in saved):
            # Nothing changed at all: no save, no new version, no revision.
            kept = formsets
            saved = []
        for formset in kept:
            # Read by the change message.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if getattr(obj, "_unsaved", False):
            if not saved:
                self._submit_if_asked(request, obj)
                return
            obj._unsaved = False
            obj.save()
        super().save_related(request, form, saved, change)
        pending = getattr(obj, "_pending_status", None)
        obj._pending_status = None
        try:
            if pending is not None:
                publishing.change_status(obj, request.user, *pending)
        except publishing.TransitionError as error:
            messages.error(request, str(error))
        self._submit_if_asked(request, obj)

    def _submit_if_asked(self, request, obj):
        if "_submit_for_review" not in request.POST:
            return
        try:
            publishing.submit_for_review(obj, request.user)
        except publishing.TransitionError as error:
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
        context["can_submit"] = obj is None or publishing.can_submit(request.user, obj)
        # Read-only while in review: its author is told why, and how to get it back.
        context["can_withdraw"] = (
            obj is not None
            and obj.status == Article.Status.IN_REVIEW
            and not self.has_change_permission(request, obj)
            and publishing.is_own_article(request.user, obj)
        )
        if obj is not None and obj.pk is not None:
            token = publishing.preview_token(obj)
            # The preview opens in the article's own language edition, whatever the admin's language.
            languages = obj.available_languages
            edition = obj.original_language if obj.original_language in languages or not languages else languages[0]
            with translation.override(edition):
                preview_url = reverse("article_preview", kwargs={"token": token})
            context["preview_url"] = preview_url
            context["share_preview_url"] = request.build_absolute_uri(preview_url)
            context["preview_max_age_hours"] = settings.NEWSROOM_PREVIEW_MAX_AGE // 3600
            context["history_url"] = reverse("admin:articles_article_history", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- actions ---------------------------------------------------------------------------

    def _apply(self, request, queryset, transition, done_message):
        done, refused = 0, []
        for article in queryset:
            try:
                transition(article)
            except (PermissionDenied, publishing.TransitionError) as error:
                refused.append(f"{article}: {error}")
            except StaleArticleError:
                # Saved by someone else since the list was loaded: this one is left alone, the
                # rest of the batch goes on.
                refused.append(
                    f"{article}: "
                    + gettext("someone else saved it in the meantime, so it was left as it is. Try again.")
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("Submit selected articles for review"))
    def submit_for_review_action(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda article: publishing.submit_for_review(article, request.user),
            lambda n: ngettext("%d article submitted for review.", "%d articles submitted for review.", n) % n,
        )

    # Open to reporters: publishing.withdraw_from_review lets them withdraw only their own articles.
    @admin.action(description=_("Withdraw selected articles from review (back to draft)"))
    def withdraw_from_review_action(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda article: publishing.withdraw_from_review(article, request.user),
            lambda n: (
                ngettext(
                    "%d article withdrawn from review: it is a draft again.",
                    "%d articles withdrawn from review: they are drafts again.",
                    n,
                )
                % n
            ),
        )

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_now_action(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda article: publishing.publish(article, request.user),
            lambda n: ngettext("%d article published.", "%d articles published.", n) % n,
        )

    @admin.action(description=_("Schedule selected articles…"), permissions=["publish"])
    def schedule_action(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            at = form.cleaned_data["publish_at"]
            self._apply(
                request,
                queryset,
                lambda article: publishing.schedule(article, request.user, at),
                lambda n: (
                    ngettext(
                        "%(count)d article scheduled for %(time)s.", "%(count)d articles scheduled for %(time)s.", n
                    )
                    % {"count": n, "time": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")}
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Schedule articles"),
            "opts": self.model._meta,
            "form": form,
            "articles": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_action(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda article: publishing.unpublish(article, request.user),
            lambda n: ngettext("%d article unpublished.", "%d articles unpublished.", n) % n,
        )

    # -- history and revert ----------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="articles_article_withdraw",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name="articles_article_revert",
            ),
            *super().get_urls(),
        ]

    def withdraw_view(self, request, object_id):
        """Takes an article back from review (the change page's Withdraw button): the way back to
        editing for a reporter, whose article is read-only while in review."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("No article with that id."))
        try:
            publishing.withdraw_from_review(article, request.user)
        except publishing.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        except StaleArticleError:
            self.message_user(
                request,
                gettext("Someone else saved this article in the meantime: check it, then try again."),
                messages.ERROR,
            )
        else:
            self.message_user(request, gettext("Withdrawn from review: it is a draft again, and you can edit it."))
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("No article with that id."))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History: %(article)s") % {"article": article},
            "subtitle": None,
            "opts": self.model._meta,
            "original": article,
            "object": article,
            "history": publishing.revision_history(article),
            "can_revert": self.has_change_permission(request, article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def revert_view(self, request, object_id, version_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("No article with that id."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(publishing.article_versions(article), pk=version_id)
        if request.method == "POST":
            try:
                base_version = int(request.POST.get("base_version", ""))
            except ValueError:
                base_version = None
            if base_version != article.version:
                # The confirmation was shown for an older version: someone saved in between, and
                # reverting now would throw their save away unseen. Show it again, up to date.
                self.message_user(request, self._stale_revert_message(article), messages.ERROR)
                return HttpResponseRedirect(request.path)
            try:
                skipped = publishing.revert_to_version(article, version, request.user, base_version=base_version)
            except StaleArticleError:
                self.message_user(request, self._stale_revert_message(article), messages.ERROR)
                return HttpResponseRedirect(request.path)
            except publishing.TransitionError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("The article's text, bylines and tags are back as they were on %(time)s.")
                    % {"time": timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")},
                    messages.SUCCESS,
                )
                if skipped:
                    self.message_user(
                        request,
                        gettext("Not brought back, because it no longer exists: %(items)s.")
                        % {"items": "; ".join(skipped)},
                        messages.WARNING,
                    )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        current = publishing.article_versions(article).first()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Revert to an earlier revision?"),
            "opts": self.model._meta,
            "original": article,
            "version": version,
            "base_version": article.version,
            "changes_back": publishing.version_changes(version, current) if current and current != version else [],
        }
        return TemplateResponse(request, "admin/articles/article/revert_confirmation.html", context)

    def _stale_revert_message(self, article):
        return gettext(
            "Not reverted: someone else saved this article (now version %(version)s) after you opened this "
            "page. Check what reverting would change now, then confirm again."
        ) % {"version": Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()}


def language_badges(article, verbose=False):
    available = article.available_languages
    stale = article.stale_translations
    names = dict(settings.LANGUAGES)
    parts = []
    for code in language_codes():
        if code in stale:
            state, label = (
                "stale",
                gettext("%(language)s: translation older than the original") % {"language": names[code]},
            )
        elif code in available:
            state, label = "complete", gettext("%(language)s: complete") % {"language": names[code]}
        else:
            state, label = "missing", gettext("%(language)s: missing headline or body") % {"language": names[code]}
        parts.append((state, label, code.upper(), label if verbose else ""))
    return format_html_join(
        " ",
        '<span class="nr-lang nr-lang--{}" title="{}">{} <span class="nr-lang__text">{}</span></span>',
        parts,
    )


@admin.register(Author)
class AuthorAdmin(VersionedAdminMixin, ContentDirectionMixin, TabbedTranslationAdmin):
    rich_text_fields = ("bio",)
    list_display = ["name", "slug", "job_title", "user"]
    list_select_related = ["user"]
    search_fields = ["name_en", "name_ar", "slug", "job_title_en", "job_title_ar"]
    autocomplete_fields = ["user"]
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "bio"]}),
        (_("Account and photo"), {"fields": ["user", "photo"]}),
    ]

    class Media:
        css = {"all": ["articles/admin/admin.css"]}
        js = ["articles/admin/admin.js"]

    # The linked account shows a staff username: only those who may view user accounts (editors,
    # by migration 0005) see or set it, in the list and in the form.

    def get_list_display(self, request):
        list_display = super().get_list_display(request)
        return list_display if _may_view_users(request) else [name for name in list_display if name != "user"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if _may_view_users(request):
            return fieldsets
        return [
            (name, {**options, "fields": [field for field in options["fields"] if field != "user"]})
            for name, options in fieldsets
        ]


def _may_view_users(request):
    return request.user.has_perm(f"{get_user_model()._meta.app_label}.view_user")


@never_cache
def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, answering only for objects the user may see there.

    Django's own (admin/r/...) looks the object up whatever the model admin's queryset, so any
    staff user could learn the address of another reporter's draft from it. This one 404s unless
    the user is active staff, the object is in the model admin's queryset, the user may view or
    change it, and the model admin offers a "view on site" link for it.
    """
    user = request.user
    if not (user.is_active and user.is_staff):
        raise Http404
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    try:
        model_admin = admin.site.get_model_admin(model)
    except NotRegistered:
        raise Http404 from None
    obj = model_admin.get_object(request, unquote(object_id))
    if (
        obj is None
        or not model_admin.has_view_or_change_permission(request, obj)
        or model_admin.get_view_on_site_url(obj) is None
    ):
        raise Http404
    return shortcut(request, content_type_id, object_id)

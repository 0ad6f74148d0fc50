"""The article admin's own pages beyond Django's, and the project's "view on site" redirect."""

from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from editorial.languages import direction, language_codes, localized

from .. import workflow
from ..models import Article, StaleArticleError
from ..translation import ArticleTranslationOptions
from ..workflow import presence


class ArticleWorkflowViewsMixin:
    """The article admin's own pages: history, revert, withdraw, and the refused edit."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="articles_article_withdraw",
            ),
            path(
                "<path:object_id>/presence/",
                self.admin_site.admin_view(self.presence_view),
                name="articles_article_presence",
            ),
            path(
                "<path:object_id>/revoke-previews/",
                self.admin_site.admin_view(self.revoke_previews_view),
                name="articles_article_revoke_previews",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name="articles_article_revert",
            ),
            *super().get_urls(),
        ]

    # -- the workflow buttons at the top of the change form --------------------------------

    def requested_action(self, request):
        """The workflow button the form was posted with, if any (checked when taken)."""
        if request.method != "POST":
            return None
        # "_submit_for_review": the name of the button before there were buttons at the top.
        action = "submit" if "_submit_for_review" in request.POST else request.POST.get("_workflow")
        return action if action in workflow.ACTION_LABELS else None

    def workflow_context(self, request, form, obj):
        """The buttons of the change form's top bar, with the note and time fields they use."""
        actions = workflow.available_actions(request.user, obj if obj is not None and obj.pk else None)
        context = {
            "workflow_actions": [(action, workflow.ACTION_LABELS[action]) for action in actions],
            "workflow_note_offered": bool({"submit", "send_back"} & set(actions)),
        }
        if "workflow_note" in form.fields:
            context.update({"workflow_note": form["workflow_note"], "workflow_at": form["workflow_at"]})
        if "withdraw" in actions:
            context["withdraw_url"] = reverse("admin:articles_article_withdraw", args=[obj.pk])
        return context

    def presence_context(self, request, obj):
        """ "Also open by …" for the change form, once this user's own presence is recorded."""
        presence.record_presence(obj.pk, request.user)
        return {
            "presence_url": reverse("admin:articles_article_presence", args=[obj.pk]),
            "presence_message": presence_message(presence.others_present(obj.pk, request.user)),
        }

    def presence_view(self, request, object_id):
        """The change form's heartbeat (POST, every 30 s): records this user as having the article
        open, or as gone (leave=1), and answers with who else has it open."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404(gettext("No article with that id."))
        if request.POST.get("leave"):
            presence.leave(article.pk, request.user)
            return JsonResponse({"others": [], "message": ""})
        presence.record_presence(article.pk, request.user)
        others = presence.others_present(article.pk, request.user)
        return JsonResponse(
            {
                "others": [{"name": name, "since": since.isoformat()} for name, since in others],
                "message": presence_message(others),
            }
        )

    def take_workflow_action(self, request, obj, form):
        """Takes the step of the button pressed, once the text and bylines are in place; a
        refused step leaves the status as it was, and the text is saved all the same."""
        action = self.requested_action(request)
        if action is None:
            return
        if action == "save_draft":
            self.message_user(request, gettext("Draft saved."), messages.SUCCESS)
            return
        data = form.cleaned_data
        try:
            workflow.take_action(
                obj, request.user, action, note=data.get("workflow_note", ""), at=data.get("workflow_at")
            )
        except (PermissionDenied, workflow.TransitionError) as error:
            self.message_user(request, str(error) or gettext("You cannot do that to this article."), messages.ERROR)
            if getattr(request, "workflow_pending_save", False):
                obj.status, obj.publish_at = form.initial.get("status", obj.status), form.initial.get("publish_at")
                obj.save()
            return
        self.message_user(request, action_message(obj, action), messages.SUCCESS)

    def response_change(self, request, obj):
        if self.requested_action(request) is not None:
            # Back to the form: the step's message (and its links) shows there.
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if self.requested_action(request) is not None:
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def withdraw_view(self, request, object_id):
        """Takes an article back from review (the change page's Withdraw button): the way back to
        editing for a reporter, whose article is read-only while in review."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("No article with that id."))
        try:
            workflow.withdraw_from_review(article, request.user)
        except workflow.TransitionError as error:
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

    def revoke_previews_view(self, request, object_id):
        """Every preview link of the article shared so far stops working (the change page's
        "Revoke preview links" button); the page then shows a new one."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("No article with that id."))
        workflow.revoke_previews(article, request.user)  # PermissionDenied is a 403
        self.message_user(
            request,
            gettext("Preview links revoked: the links shared so far no longer open the article. This one is new."),
            messages.SUCCESS,
        )
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
            "history": workflow.revision_history(article),
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
        version = get_object_or_404(workflow.article_versions(article), pk=version_id)
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
                skipped = workflow.revert_to_version(article, version, request.user, base_version=base_version)
            except StaleArticleError:
                self.message_user(request, self._stale_revert_message(article), messages.ERROR)
                return HttpResponseRedirect(request.path)
            except workflow.TransitionError as error:
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
        current = workflow.article_versions(article).first()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Revert to an earlier revision?"),
            "opts": self.model._meta,
            "original": article,
            "version": version,
            "base_version": article.version,
            "changes_back": workflow.version_changes(version, current) if current and current != version else [],
        }
        return TemplateResponse(request, "admin/articles/article/revert_confirmation.html", context)

    def _stale_revert_message(self, article):
        return gettext(
            "Not reverted: someone else saved this article (now version %(version)s) after you opened this "
            "page. Check what reverting would change now, then confirm again."
        ) % {"version": Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()}

    def refused_edit_view(self, request, obj):
        """The article stopped being editable by this user while they wrote (it was submitted or
        published): the save is refused, and their unsaved text is shown so that nothing is lost."""
        unsaved = []
        for name in ArticleTranslationOptions.fields:
            for code in language_codes():
                field_name = localized(name, code)
                value = request.POST.get(field_name, "")
                if value and value != (getattr(obj, field_name) or ""):
                    field = Article._meta.get_field(field_name)
                    unsaved.append(
                        {
                            "label": field.verbose_name,
                            "value": value,
                            "language": code,
                            "dir": direction(code),
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


def action_message(article, action):
    """What the user is told once a button's step is taken: after publishing, where it is live."""
    if action == "publish":
        links = format_html_join(
            ", ",
            '<a href="{}" lang="{}">{}</a>',
            (
                (_live_url(article, code), code, translation.get_language_info(code)["name_local"])
                for code in article.available_languages
            ),
        )
        return format_html(gettext("“{}” is now live: {}"), article, links)
    if action == "schedule":
        return gettext("Scheduled: it will be published by itself on %(time)s.") % {
            "time": date_format(timezone.localtime(article.publish_at), "DATETIME_FORMAT")
        }
    return {
        "submit": gettext("Submitted for review: an editor will look at it."),
        "withdraw": gettext("Withdrawn from review: it is a draft again, and you can edit it."),
        "send_back": gettext("Sent back to the reporter: it is a draft again."),
        "unpublish": gettext("Unpublished: it is no longer on the site."),
        "archive": gettext("Archived: it is no longer on the site."),
    }[action]


def presence_message(others):
    """ "Also open by Huda (editing since 10:42)", in the admin's language; "" when nobody else is."""
    if not others:
        return ""
    people = [
        gettext("%(name)s (editing since %(time)s)")
        % {"name": name, "time": date_format(timezone.localtime(since), "TIME_FORMAT")}
        for name, since in others
    ]
    return gettext("Also open by %(people)s") % {"people": get_text_list(people, gettext("and"))}


def _live_url(article, code):
    with translation.override(code):
        return article.get_absolute_url()


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

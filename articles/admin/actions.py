"""The article list's workflow actions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from editorial.admin import CheckedSelectionMixin

from .. import workflow
from ..forms import ScheduleForm
from ..models import StaleArticleError


class ArticleActionsMixin(CheckedSelectionMixin):
    """The article list's actions: each takes a workflow step for every selected article it
    applies to, and says which it refused and why."""

    actions = [
        "submit_for_review_action",
        "withdraw_from_review_action",
        "publish_now_action",
        "schedule_action",
        "unpublish_action",
    ]

    def _apply(self, request, queryset, transition, done_message):
        done, refused = 0, []
        for article in queryset:
            try:
                transition(article)
            except (PermissionDenied, workflow.TransitionError) as error:
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
            lambda article: workflow.submit_for_review(article, request.user),
            lambda n: ngettext("%d article submitted for review.", "%d articles submitted for review.", n) % n,
        )

    # Open to reporters: workflow.withdraw_from_review lets them withdraw only their own articles.
    @admin.action(description=_("Withdraw selected articles from review (back to draft)"))
    def withdraw_from_review_action(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda article: workflow.withdraw_from_review(article, request.user),
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
            lambda article: workflow.publish(article, request.user),
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
                lambda article: workflow.schedule(article, request.user, at),
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
            lambda article: workflow.unpublish(article, request.user),
            lambda n: ngettext("%d article unpublished.", "%d articles unpublished.", n) % n,
        )

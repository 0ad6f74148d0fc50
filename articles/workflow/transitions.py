"""The workflow's steps: every change of an article's status goes through these functions, which
check who may take it, so the rules hold whatever the interface shows."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion import create_revision, set_comment, set_user

from ..models import Article
from .permissions import can_publish, can_submit, is_editor, is_own_article
from .previews import move_preview_generation


class TransitionError(Exception):
    """A workflow step that does not apply to the article in its current state."""


def save_revision(article, user=None, comment=""):
    """Saves the article and keeps a revision of it (with its bylines and tags)."""
    with transaction.atomic(), create_revision():
        article.save()
        if user is not None and user.is_authenticated:
            set_user(user)
        if comment:
            set_comment(comment)
    return article


def with_note(comment, note):
    """A step's revision comment with the note its author left for the others (shown in history)."""
    if not note:
        return comment
    return _("%(step)s Note: %(note)s") % {"step": comment, "note": note}


def submit_for_review(article, user, note=""):
    if not can_submit(user, article):
        raise PermissionDenied(_("You cannot submit this article for review."))
    article.status = Article.Status.IN_REVIEW
    return save_revision(article, user, with_note(_("Submitted for review."), note))


def return_to_draft(article, user, note=""):
    if not is_editor(user) and not (article.status == Article.Status.IN_REVIEW and is_own_article(user, article)):
        raise PermissionDenied(_("You cannot send this article back to draft."))
    if article.status == Article.Status.DRAFT:
        raise TransitionError(_("The article is already a draft."))
    article.status = Article.Status.DRAFT
    return save_revision(article, user, with_note(_("Returned to draft."), note))


def withdraw_from_review(article, user, note=""):
    """A reporter (or an editor) takes an article back from review to work on it again."""
    if article.status != Article.Status.IN_REVIEW:
        raise TransitionError(_("Only an article in review can be withdrawn."))
    return return_to_draft(article, user, note=note)


def publish(article, user, at=None, note=""):
    """Publishes now, or at `at` (a future time schedules the article)."""
    if not can_publish(user):
        raise PermissionDenied(_("You cannot publish articles."))
    if not article.available_languages:
        raise TransitionError(_("An article needs a headline and a body in at least one language to be published."))
    now = timezone.now()
    if at is None and article.is_published(now):
        # "Publish now" on a live article would move an old story to the top of every list.
        raise TransitionError(_("The article is already published."))
    article.status = Article.Status.PUBLISHED
    article.publish_at = at or now
    comment = (
        _("Published.")
        if article.publish_at <= now
        else _("Scheduled for %(time)s.")
        % {"time": timezone.localtime(article.publish_at).strftime("%Y-%m-%d %H:%M %Z")}
    )
    return save_revision(article, user, with_note(comment, note))


def schedule(article, user, at, note=""):
    if at is None or at <= timezone.now():
        raise TransitionError(_("A scheduled time must be in the future."))
    return publish(article, user, at=at, note=note)


def unpublish(article, user, note=""):
    if not can_publish(user):
        raise PermissionDenied(_("You cannot unpublish articles."))
    if article.status != Article.Status.PUBLISHED:
        raise TransitionError(_("The article is not published."))
    article.status = Article.Status.DRAFT
    return _withdraw(article, user, with_note(_("Unpublished."), note))


def archive(article, user, note=""):
    if not can_publish(user):
        raise PermissionDenied(_("You cannot archive articles."))
    article.status = Article.Status.ARCHIVED
    return _withdraw(article, user, with_note(_("Archived."), note))


def _withdraw(article, user, comment):
    """Saves an article taken off the site: a link shared while it was being prepared must not outlive that."""
    with transaction.atomic():
        save_revision(article, user, comment)
        move_preview_generation(article)
    return article


def change_status(article, user, status, publish_at=None):
    """Moves the article to `status` through the transition that leads there (the admin form's status field)."""
    Status = Article.Status
    if status == Status.PUBLISHED:
        if publish_at is not None and publish_at > timezone.now():
            return schedule(article, user, publish_at)
        return publish(article, user, at=publish_at)
    if status == Status.IN_REVIEW:
        if article.status == Status.DRAFT:
            return submit_for_review(article, user)
        if not is_editor(user):
            raise PermissionDenied(_("You cannot send this article back to review."))
        article.status = Status.IN_REVIEW
        return save_revision(article, user, _("Sent back to review."))
    if status == Status.DRAFT:
        if article.status == Status.PUBLISHED:
            return unpublish(article, user)
        return return_to_draft(article, user)
    if status == Status.ARCHIVED:
        return archive(article, user)
    raise TransitionError(_("Unknown status %(status)s.") % {"status": status})


# -- what an editor asked for with the admin's change form ------------------------------------


def save_edited(article, user, loaded=None, wanted=None):
    """Saves an article edited in its change form, with the workflow step the form asks for.

    `loaded` and `wanted` are (status, publish time): as the form was loaded and as the editor
    left it, None when the form shows no workflow fields. A changed status, or a published
    article's changed time, is a step: taken from the loaded state through change_status(), in
    the same save as the text, so that nothing can land in between. A step the workflow refuses
    leaves the loaded status and time, and the text is saved all the same.
    Returns the refusal's message, or None.
    """
    if loaded is None:
        article.save()
        return None
    (loaded_status, loaded_at), (wanted_status, wanted_at) = loaded, wanted
    if wanted_status == loaded_status and (wanted_at == loaded_at or wanted_status != Article.Status.PUBLISHED):
        # Same status: a draft's or in-review article's planned time is kept as entered, with no
        # workflow step (and no transition revision) taken.
        article.status, article.publish_at = wanted
        article.save()
        return None
    article.status, article.publish_at = loaded
    try:
        change_status(article, user, wanted_status, wanted_at)
    except TransitionError as error:
        article.status, article.publish_at = loaded
        article.save()
        return str(error)
    return None


def save_new(article, user):
    """The first save of an article `user` made in the admin: as a draft, whatever status its
    form asks for; take_requested_step() takes it there once the bylines are saved, so that the
    step sees them and its revision records them."""
    article.created_by = user
    if article.status != Article.Status.DRAFT:
        article.status, article.publish_at = Article.Status.DRAFT, None
    article.save()


def take_requested_step(article, user, status, publish_at):
    """Moves a new article, saved by save_new(), to the status its form asked for.
    Returns the refusal's message, or None."""
    if status == Article.Status.DRAFT:
        return None
    try:
        change_status(article, user, status, publish_at)
    except TransitionError as error:
        return str(error)
    return None

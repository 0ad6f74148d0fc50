"""The change form's workflow buttons: one function takes the step a button names, checked
against the buttons the user may have (permissions.available_actions)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .permissions import available_actions
from .transitions import (
    TransitionError,
    archive,
    publish,
    return_to_draft,
    save_revision,
    schedule,
    submit_for_review,
    unpublish,
    with_note,
    withdraw_from_review,
)

# Button labels, by action; the admin's template shows them in this order.
ACTION_LABELS = {
    "save_draft": gettext_lazy("Save draft"),
    "submit": gettext_lazy("Submit for review"),
    "withdraw": gettext_lazy("Withdraw"),
    "publish": gettext_lazy("Publish now"),
    "schedule": gettext_lazy("Schedule"),
    "send_back": gettext_lazy("Send back to the reporter"),
    "unpublish": gettext_lazy("Unpublish"),
    "archive": gettext_lazy("Archive"),
}


def take_action(article, user, action, note="", at=None):
    """Takes the step `action` names for `user`, with their note kept in the step's revision.

    Raises PermissionDenied for a button the user does not have, TransitionError for a step that
    does not apply (a schedule without a future time, say). Saves the article either way only
    through the step: the caller saves unsaved text itself when the step is refused.
    """
    if action not in ACTION_LABELS or action not in available_actions(user, article):
        raise PermissionDenied(_("You cannot do that to this article."))
    note = (note or "").strip()
    if action == "save_draft":
        return save_revision(article, user, with_note(_("Saved as a draft."), note) if note else "")
    if action == "schedule":
        if at is None:
            raise TransitionError(_("Choose the time to publish at, next to the Schedule button."))
        return schedule(article, user, at, note=note)
    steps = {
        "submit": submit_for_review,
        "withdraw": withdraw_from_review,
        "publish": publish,
        "send_back": return_to_draft,
        "unpublish": unpublish,
        "archive": archive,
    }
    return steps[action](article, user, note=note)

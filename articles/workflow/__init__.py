"""The editorial workflow: who may do what to an article, the steps, previews and revisions.

Views, admin actions and commands call these functions; they never set `status` themselves, so
the rules live in one place and are enforced on the server whatever the interface shows.
"""

from .actions import ACTION_LABELS, take_action
from .permissions import (
    available_actions,
    can_edit,
    can_publish,
    can_set_breaking,
    can_submit,
    is_editor,
    is_own_article,
    visible_articles,
)
from .previews import article_for_preview_token, can_revoke_previews, preview_token, revoke_previews
from .revisions import (
    BylinesAndTags,
    Change,
    article_versions,
    recorded_bylines_and_tags,
    revert_to_version,
    revision_history,
    version_changes,
)
from .transitions import (
    TransitionError,
    archive,
    change_status,
    publish,
    return_to_draft,
    save_edited,
    save_new,
    save_revision,
    schedule,
    submit_for_review,
    take_requested_step,
    unpublish,
    withdraw_from_review,
)

__all__ = [
    "ACTION_LABELS",
    "available_actions",
    "can_set_breaking",
    "take_action",
    "BylinesAndTags",
    "Change",
    "TransitionError",
    "archive",
    "article_for_preview_token",
    "article_versions",
    "can_edit",
    "can_publish",
    "can_revoke_previews",
    "can_submit",
    "change_status",
    "is_editor",
    "is_own_article",
    "preview_token",
    "publish",
    "recorded_bylines_and_tags",
    "return_to_draft",
    "revert_to_version",
    "revoke_previews",
    "revision_history",
    "save_edited",
    "save_new",
    "save_revision",
    "schedule",
    "submit_for_review",
    "take_requested_step",
    "unpublish",
    "version_changes",
    "visible_articles",
    "withdraw_from_review",
]

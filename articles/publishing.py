"""The editorial workflow: who may do what to an article, the transitions, previews and revisions.

Views, admin actions and commands call these functions; they never set `status` themselves, so
the rules live in one place and are enforced on the server whatever the interface shows.
"""

from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reversion import add_to_revision, create_revision, set_comment, set_user
from reversion.models import Version

from editorial.diff import is_long_text, readable_value, text_diff
from editorial.revisions import versions_of

from .models import Article, Author, Byline

PREVIEW_SALT = "articles.preview"


class TransitionError(Exception):
    """A workflow step that does not apply to the article in its current state."""


# -- permissions --------------------------------------------------------------------------------


def is_editor(user):
    return user.is_active and user.has_perm("articles.edit_any_article")


def can_publish(user):
    return user.is_active and user.has_perm("articles.publish_article")


def is_own_article(user, article):
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    if article.pk is None:
        return False
    return article.bylines.filter(author__user=user).exists()


def can_edit(user, article):
    """Editors edit everything; a reporter edits only their own articles while they are drafts."""
    if not user.is_active or not user.has_perm("articles.change_article"):
        return False
    if is_editor(user):
        return True
    return article.status == Article.Status.DRAFT and is_own_article(user, article)


def can_submit(user, article):
    return article.status == Article.Status.DRAFT and (is_editor(user) or can_edit(user, article))


def editable_articles(user, queryset=None):
    """The articles `user` may change, as a queryset (for the admin's list and lookups)."""
    queryset = Article.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    from django.db.models import Q

    return queryset.filter(Q(created_by=user) | Q(bylines__author__user=user), status=Article.Status.DRAFT).distinct()


# -- transitions --------------------------------------------------------------------------------


def save_revision(article, user=None, comment=""):
    """Saves the article and keeps a revision of it (with its bylines and tags)."""
    with transaction.atomic(), create_revision():
        article.save()
        if user is not None and user.is_authenticated:
            set_user(user)
        if comment:
            set_comment(comment)
    return article


def submit_for_review(article, user):
    if not can_submit(user, article):
        raise PermissionDenied(_("You cannot submit this article for review."))
    article.status = Article.Status.IN_REVIEW
    return save_revision(article, user, _("Submitted for review."))


def return_to_draft(article, user):
    if not is_editor(user) and not (article.status == Article.Status.IN_REVIEW and is_own_article(user, article)):
        raise PermissionDenied(_("You cannot send this article back to draft."))
    if article.status == Article.Status.DRAFT:
        raise TransitionError(_("The article is already a draft."))
    article.status = Article.Status.DRAFT
    return save_revision(article, user, _("Returned to draft."))


def withdraw_from_review(article, user):
    """A reporter (or an editor) takes an article back from review to work on it again."""
    if article.status != Article.Status.IN_REVIEW:
        raise TransitionError(_("Only an article in review can be withdrawn."))
    return return_to_draft(article, user)


def publish(article, user, at=None):
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
    return save_revision(article, user, comment)


def schedule(article, user, at):
    if at is None or at <= timezone.now():
        raise TransitionError(_("A scheduled time must be in the future."))
    return publish(article, user, at=at)


def unpublish(article, user):
    if not can_publish(user):
        raise PermissionDenied(_("You cannot unpublish articles."))
    if article.status != Article.Status.PUBLISHED:
        raise TransitionError(_("The article is not published."))
    article.status = Article.Status.DRAFT
    return save_revision(article, user, _("Unpublished."))


def archive(article, user):
    if not can_publish(user):
        raise PermissionDenied(_("You cannot archive articles."))
    article.status = Article.Status.ARCHIVED
    return save_revision(article, user, _("Archived."))


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


# -- previews -----------------------------------------------------------------------------------


def preview_token(article):
    """A signed token that shows this article, whatever its status, to anyone holding it."""
    return signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(article.pk))


def article_for_preview_token(token):
    """The article a preview token names, or None if the token is forged, expired or stale."""
    try:
        pk = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(token, max_age=settings.NEWSROOM_PREVIEW_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return Article.objects.with_related().filter(pk=pk).first()


# -- revisions ----------------------------------------------------------------------------------


def article_versions(article):
    """Revisions of the article, newest first."""
    return versions_of(article)


class Change(NamedTuple):
    """One field's change between two revisions: readable values, and for long text a word diff (HTML)."""

    label: str
    old: str
    new: str
    diff: str = ""


# Kept by save() itself, or the identity: never "a change" a person made.
UNREPORTED_FIELDS = ("id", "version", "updated_at", "language_edited_at")


def version_changes(version, previous):
    """[Change] between two versions of an article.

    Values are as a person reads them: choices by their label, a section by its name, times
    in the newsroom's time zone; long text (body, standfirst, correction) also as a word diff.
    The untranslated originals of translated fields are left out: their language columns say it.
    """
    from .translation import ArticleTranslationOptions

    changes = []
    old = previous.field_dict if previous is not None else {}
    new = version.field_dict
    for field in Article._meta.concrete_fields:
        name = field.attname
        if name in UNREPORTED_FIELDS or name in ArticleTranslationOptions.fields or name not in new:
            continue
        before, after = old.get(name), new.get(name)
        if before != after and not (before in (None, "") and after in (None, "")):
            changes.append(
                Change(
                    str(field.verbose_name),
                    readable_value(field, before),
                    readable_value(field, after),
                    text_diff(before, after) if is_long_text(field) and before and after else "",
                )
            )
    return changes


def revert_to_version(article, version, user, base_version=None):
    """Brings back the article's content as it was in `version`, as a new revision.

    Workflow state (status, publish time) stays as it is now: reverting text never publishes or
    unpublishes anything. Bylines and tags come back as they were, except those whose author or
    tag has been deleted since: their descriptions are returned, for the user to be told.
    `base_version` is the article version the user saw when they asked for the revert: a save
    made since then refuses the revert (StaleArticleError), as it refuses a stale edit.
    """
    from taxonomy.models import Section, Tag, TaggedArticle

    if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
        raise TransitionError(_("That revision belongs to another article."))
    if base_version is not None:
        article.version = base_version
    keep = {
        "id",
        "slug",
        "status",
        "publish_at",
        "first_published_at",
        "created_at",
        "created_by_id",
        "version",
        "updated_at",
        "language_edited_at",
    }
    skipped = []
    for name, value in version.field_dict.items():
        if name in keep or not hasattr(article, name):
            continue
        if name == "section_id" and value is not None and not Section.objects.filter(pk=value).exists():
            skipped.append(_("the section it was filed in (since deleted)"))
            continue
        setattr(article, name, value)

    revision_versions = list(version.revision.version_set.select_related("content_type"))
    old_bylines = [
        v.field_dict
        for v in revision_versions
        if v.content_type.model_class() is Byline and v.field_dict.get("article_id") == article.pk
    ]
    old_tag_ids = [
        v.field_dict["tag_id"]
        for v in revision_versions
        if v.content_type.model_class() is TaggedArticle and v.field_dict.get("content_object_id") == article.pk
    ]
    existing_authors = Author.objects.in_bulk([b["author_id"] for b in old_bylines])
    existing_tags = Tag.objects.in_bulk(old_tag_ids)
    missing_authors = sum(1 for b in old_bylines if b["author_id"] not in existing_authors)
    missing_tags = sum(1 for tag_id in old_tag_ids if tag_id not in existing_tags)
    if missing_authors:
        skipped.append(
            ngettext(
                "%(count)d byline (its author was deleted)",
                "%(count)d bylines (their authors were deleted)",
                missing_authors,
            )
            % {"count": missing_authors}
        )
    if missing_tags:
        skipped.append(
            ngettext("%(count)d tag (since deleted)", "%(count)d tags (since deleted)", missing_tags)
            % {"count": missing_tags}
        )

    with transaction.atomic(), create_revision():
        # The article row is locked first, as every save of it does before touching its bylines.
        Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
        # Written without per-row signals or queries, so that a revert costs the same whatever the
        # number of bylines and tags; the article's save below invalidates the page cache once.
        Byline.objects.filter(article=article)._raw_delete(Byline.objects.db)
        bylines = Byline.objects.bulk_create(
            Byline(article=article, author=existing_authors[b["author_id"]], role=b["role"], position=b["position"])
            for b in old_bylines
            if b["author_id"] in existing_authors
        )
        TaggedArticle.objects.filter(content_object=article)._raw_delete(TaggedArticle.objects.db)
        tagged = TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=article, tag=existing_tags[tag_id])
            for tag_id in old_tag_ids
            if tag_id in existing_tags
        )
        # bulk_create sends no post_save for reversion to see, so the new rows (with their pks,
        # which bulk_create sets on PostgreSQL and SQLite alike) are recorded by hand, with the
        # authors and tags their descriptions name already loaded. The article's save then
        # records the article, and its following of bylines and tags finds them recorded.
        for row in (*bylines, *tagged):
            add_to_revision(row)
        article.save()
        if user is not None:
            set_user(user)
        set_comment(
            _("Reverted to the revision of %(time)s.")
            % {"time": timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")}
        )
    return skipped


def revision_history(article):
    """Every revision of the article, newest first, each with what changed since the one before.

    [{"version", "revision", "changes": [Change]}]; the bylines and tags
    of all revisions are read in one query.
    """
    versions = list(article_versions(article))
    revision_ids = [v.revision_id for v in versions]
    related = {}
    from taxonomy.models import Tag, TaggedArticle

    byline_type = ContentType.objects.get_for_model(Byline)
    tagged_type = ContentType.objects.get_for_model(TaggedArticle)
    for version in Version.objects.filter(revision_id__in=revision_ids, content_type__in=[byline_type, tagged_type]):
        related.setdefault(version.revision_id, []).append(version)
    author_ids, tag_ids = set(), set()
    parsed = {}
    for revision_id, items in related.items():
        bylines, tags = [], []
        for item in items:
            data = item.field_dict
            if item.content_type_id == byline_type.pk and data.get("article_id") == article.pk:
                bylines.append((data.get("position", 0), data["author_id"], data.get("role", "")))
                author_ids.add(data["author_id"])
            elif item.content_type_id == tagged_type.pk and data.get("content_object_id") == article.pk:
                tags.append(data["tag_id"])
                tag_ids.add(data["tag_id"])
        parsed[revision_id] = (sorted(bylines), sorted(tags))
    authors = {a.pk: str(a) for a in Author.objects.filter(pk__in=author_ids)}
    tag_names = {t.pk: str(t) for t in Tag.objects.filter(pk__in=tag_ids)}
    roles = dict(Byline.Role.choices)

    def describe(revision_id):
        bylines, tags = parsed.get(revision_id, ([], []))
        byline_text = ", ".join(
            f"{authors.get(author_id, author_id)} ({roles.get(role, role)})" for _pos, author_id, role in bylines
        )
        tag_text = ", ".join(sorted(tag_names.get(t, str(t)) for t in tags))
        return byline_text, tag_text

    history = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        changes = version_changes(version, previous)
        bylines, tags = describe(version.revision_id)
        if previous is not None:
            old_bylines, old_tags = describe(previous.revision_id)
        else:
            old_bylines, old_tags = "", ""
        if bylines != old_bylines:
            changes.append(Change(str(_("bylines")), old_bylines, bylines))
        if tags != old_tags:
            changes.append(Change(str(_("tags")), old_tags, tags))
        history.append({"version": version, "revision": version.revision, "changes": changes})
    return history

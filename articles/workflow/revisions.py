"""An article's revisions: what changed from one to the next, and going back to one."""

from typing import NamedTuple

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reversion import add_to_revision, create_revision, set_comment, set_user

from editorial.diff import is_long_text, readable_value, text_diff
from editorial.revisions import related_field_dicts, versions_of
from taxonomy.models import Section, Tag, TaggedArticle

from ..models import Article, Author, Byline
from ..translation import ArticleTranslationOptions
from .transitions import TransitionError

# Kept by save() itself, or the identity: never "a change" a person made.
UNREPORTED_FIELDS = ("id", "version", "updated_at", "language_edited_at", "preview_generation")

# The article's identity and workflow state: a revert brings back content, never these.
KEPT_ON_REVERT = (
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
    # Bringing an older generation back would bring revoked preview links back to life.
    "preview_generation",
)

# The records a revision of an article follows, by the key that points at the article.
RELATED_RECORDS = {Byline: "article_id", TaggedArticle: "content_object_id"}


def article_versions(article):
    """Revisions of the article, newest first."""
    return versions_of(article)


class Change(NamedTuple):
    """One field's change between two revisions: readable values, and for long text a word diff (HTML)."""

    label: str
    old: str
    new: str
    diff: str = ""


def version_changes(version, previous):
    """[Change] between two versions of an article.

    Values are as a person reads them: choices by their label, a section by its name, times
    in the newsroom's time zone; long text (body, standfirst, correction) also as a word diff.
    The untranslated originals of translated fields are left out: their language columns say it.
    """
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


def recorded_bylines_and_tags(revision_ids, article):
    """{revision id: (bylines, tag ids)} as each revision recorded the article's, comparable:
    bylines as sorted [(position, author id, role)], tag ids sorted. One query."""
    recorded = related_field_dicts(revision_ids, article.pk, RELATED_RECORDS)
    return {
        revision_id: (
            sorted((data.get("position", 0), data["author_id"], data.get("role", "")) for data in found[Byline]),
            sorted(data["tag_id"] for data in found[TaggedArticle]),
        )
        for revision_id, found in recorded.items()
    }


class BylinesAndTags:
    """Bylines [(position, author id, role)] and lists of tag ids as a person reads them.

    Made with every list it will describe, so that the names are read in one query each.
    """

    def __init__(self, bylines=(), tags=()):
        author_ids = {author for value in bylines for _position, author, _role in value or ()}
        tag_ids = {tag for value in tags for tag in value or ()}
        self.authors = {author.pk: str(author) for author in Author.objects.filter(pk__in=author_ids)}
        self.tag_names = {tag.pk: str(tag) for tag in Tag.objects.filter(pk__in=tag_ids)}
        self.roles = dict(Byline.Role.choices)

    def bylines(self, value):
        return ", ".join(
            f"{self.authors.get(author, author)} ({self.roles.get(role, role)})" for _position, author, role in value
        )

    def tags(self, value):
        return ", ".join(sorted(self.tag_names.get(tag, str(tag)) for tag in value))


def revision_history(article):
    """Every revision of the article, newest first, each with what changed since the one before.

    [{"version", "revision", "changes": [Change]}]; the bylines and tags
    of all revisions are read in one query.
    """
    versions = list(article_versions(article))
    recorded = recorded_bylines_and_tags([version.revision_id for version in versions], article)
    names = BylinesAndTags(
        bylines=[bylines for bylines, _tags in recorded.values()], tags=[tags for _bylines, tags in recorded.values()]
    )
    nothing = ([], [])
    history = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        changes = version_changes(version, previous)
        bylines, tags = recorded[version.revision_id]
        old_bylines, old_tags = recorded[previous.revision_id] if previous is not None else nothing
        for label, describe, old, new in (
            (_("bylines"), names.bylines, old_bylines, bylines),
            (_("tags"), names.tags, old_tags, tags),
        ):
            if describe(old) != describe(new):
                changes.append(Change(str(label), describe(old), describe(new)))
        history.append({"version": version, "revision": version.revision, "changes": changes})
    return history


def revert_to_version(article, version, user, base_version=None):
    """Brings back the article's content as it was in `version`, as a new revision.

    Workflow state (status, publish time) stays as it is now: reverting text never publishes or
    unpublishes anything. Bylines and tags come back as they were, except those whose author or
    tag has been deleted since: their descriptions are returned, for the user to be told.
    `base_version` is the article version the user saw when they asked for the revert: a save
    made since then refuses the revert (StaleArticleError), as it refuses a stale edit.
    """
    if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
        raise TransitionError(_("That revision belongs to another article."))
    if base_version is not None:
        article.version = base_version
    skipped = _restore_fields(article, version.field_dict)
    bylines, tag_ids = recorded_bylines_and_tags([version.revision_id], article)[version.revision_id]
    authors = Author.objects.in_bulk([author for _position, author, _role in bylines])
    tags = Tag.objects.in_bulk(tag_ids)
    skipped += _gone(bylines, authors, tag_ids, tags)
    with transaction.atomic(), create_revision():
        # The article row is locked first, as every save of it does before touching its bylines.
        Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
        _delete_rows(Byline, "article", article.pk)
        restored = Byline.objects.bulk_create(
            Byline(article=article, author=authors[author], role=role, position=position)
            for position, author, role in bylines
            if author in authors
        )
        _delete_rows(TaggedArticle, "content_object", article.pk)
        restored += TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=article, tag=tags[tag_id]) for tag_id in tag_ids if tag_id in tags
        )
        # bulk_create sends no post_save for reversion to see, so the new rows (with their pks,
        # which bulk_create sets on PostgreSQL and SQLite alike) are recorded by hand, with the
        # authors and tags their descriptions name already loaded. The article's save then
        # records the article, and its following of bylines and tags finds them recorded; it
        # also invalidates the page cache, once.
        for row in restored:
            add_to_revision(row)
        article.save()
        if user is not None:
            set_user(user)
        set_comment(
            _("Reverted to the revision of %(time)s.")
            % {"time": timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")}
        )
    return skipped


def _restore_fields(article, field_dict):
    """Sets the article's content fields as `field_dict` recorded them; returns what it could not bring back."""
    skipped = []
    for name, value in field_dict.items():
        # Each language's slug (slug_<code>) is identity too: a revert never moves a URL.
        if name in KEPT_ON_REVERT or name.startswith("slug_") or not hasattr(article, name):
            continue
        if name == "section_id" and value is not None and not Section.objects.filter(pk=value).exists():
            skipped.append(_("the section it was filed in (since deleted)"))
            continue
        setattr(article, name, value)
    return skipped


def _gone(bylines, authors, tag_ids, tags):
    """Descriptions of the recorded bylines and tags whose author or tag has been deleted since."""
    gone = []
    missing_authors = sum(1 for _position, author, _role in bylines if author not in authors)
    missing_tags = sum(1 for tag_id in tag_ids if tag_id not in tags)
    if missing_authors:
        gone.append(
            ngettext(
                "%(count)d byline (its author was deleted)",
                "%(count)d bylines (their authors were deleted)",
                missing_authors,
            )
            % {"count": missing_authors}
        )
    if missing_tags:
        gone.append(
            ngettext("%(count)d tag (since deleted)", "%(count)d tags (since deleted)", missing_tags)
            % {"count": missing_tags}
        )
    return gone


def _delete_rows(model, foreign_key, pk):
    """Deletes, in one statement, the rows of `model` whose `foreign_key` points at `pk`.

    Not QuerySet.delete(): with the page cache's receivers connected it loads the rows and sends
    a signal for each, so a revert's cost (and its cache invalidations) would grow with the
    number of bylines and tags; the article's save invalidates the cache once instead.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, column = quote(model._meta.db_table), quote(model._meta.get_field(foreign_key).column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [pk])  # noqa: S608 -- quoted names, not input

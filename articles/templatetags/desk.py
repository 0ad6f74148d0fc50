"""What the article change form shows translators beyond the fields (read-only)."""

from datetime import datetime

from django import template

from editorial.diff import text_diff
from editorial.languages import localized
from editorial.revisions import versions_of

register = template.Library()

# How far back the history is read for the text a translation was made from.
RECENT_REVISIONS = 50


@register.simple_tag
def stale_source_changes(article):
    """For each field of each out-of-date translation: what changed in the source language's text
    since that translation was last edited, as a word diff.

    [{"field": "body_ar", "source_field": "body_en", "diff": "<del>…</del><ins>…</ins>"}]; empty when
    no translation is out of date, or when the history no longer holds the text it was made from.
    """
    if article is None or article.pk is None:
        return []
    stale = article.stale_translations
    if not stale:
        return []
    versions = list(versions_of(article)[:RECENT_REVISIONS])
    changes = []
    for code in stale:
        then = _source_when_edited(versions, (article.language_edited_at or {}).get(code))
        if then is None:
            continue
        for name in article.tracked_fields:
            source_field = localized(name, article.original_language)
            before, now = then.get(source_field) or "", getattr(article, source_field, "") or ""
            if before != now:
                changes.append(
                    {"field": localized(name, code), "source_field": source_field, "diff": text_diff(before, now)}
                )
    return changes


def _source_when_edited(versions, edited_at):
    """The stored fields as the save that last edited a translation left them: the newest revision
    begun by then (a revision is dated when its block starts, before the save it records;
    `versions` are newest first)."""
    if not edited_at:
        return None
    since = datetime.fromisoformat(edited_at)
    for version in versions:
        if version.revision.date_created <= since:
            return version.field_dict
    return None

"""Reading django-reversion's revisions, whatever the model."""

import reversion
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version


def versions_of(obj):
    """The revisions' versions of `obj`, newest first."""
    return Version.objects.get_for_object(obj).select_related("revision__user")


def version_as_of(obj, number, limit=50):
    """The version of `obj` that recorded its optimistic-locking version `number`, if one of the recent ones did."""
    for version in versions_of(obj)[:limit]:
        if version.field_dict.get("version") == number:
            return version
    return None


def related_field_dicts(revision_ids, pk, links):
    """What revisions recorded of the records that point at one object.

    `links` maps a model to the attname of its foreign key ({Byline: "article_id"}): the result,
    {revision id: {model: [field dict]}}, holds the versions of each such model whose key is
    `pk`, for every revision in `revision_ids` (those that recorded none too), read in one query.
    """
    content_types = ContentType.objects.get_for_models(*links)
    model_of = {content_type.pk: model for model, content_type in content_types.items()}
    found = {revision_id: {model: [] for model in links} for revision_id in revision_ids}
    versions = Version.objects.filter(revision_id__in=revision_ids, content_type__in=content_types.values())
    for version in versions:
        model = model_of[version.content_type_id]
        data = version.field_dict
        if data.get(links[model]) == pk:
            found[version.revision_id][model].append(data)
    return found


def editors_since(obj, number, limit=20):
    """The users who saved `obj` after its optimistic-locking version `number`, oldest first,
    as far as the recent revisions say (a save outside them names nobody)."""
    users = []
    if not reversion.is_registered(type(obj)):
        return users
    for version in versions_of(obj)[:limit]:
        recorded = version.field_dict.get("version")
        if recorded is None or recorded <= number:
            break
        user = version.revision.user
        if user is not None and user not in users:
            users.insert(0, user)
    return users

"""Signed links that show an unpublished article to whoever holds one, until they expire or are revoked."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import Article
from .permissions import can_edit

PREVIEW_SALT = "articles.preview"


def preview_token(article):
    """A signed token that shows this article, whatever its status, to anyone holding it, until it
    expires (NEWSROOM_PREVIEW_MAX_AGE) or the article's links are revoked.

    It names the article and its preview generation: revoking moves the generation on, and every
    token made before then stops matching.
    """
    return signing.TimestampSigner(salt=PREVIEW_SALT).sign(f"{article.pk}.{article.preview_generation}")


def article_for_preview_token(token):
    """The article a preview token names, or None if the token is forged, expired or revoked
    (links made before revocation could be revoked carry no generation, and are refused)."""
    try:
        value = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(token, max_age=settings.NEWSROOM_PREVIEW_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    pk, _dot, generation = value.partition(".")
    if not (pk.isdigit() and generation.isdigit()):
        return None
    return Article.objects.with_related().filter(pk=pk, preview_generation=generation).first()


def can_revoke_previews(user, article):
    """Whoever may edit the article may revoke its links: editors, and its reporter while it is their draft."""
    return can_edit(user, article)


def revoke_previews(article, user):
    """Every preview link of the article made so far stops working; a new one works."""
    if not can_revoke_previews(user, article):
        raise PermissionDenied(_("You cannot revoke this article's preview links."))
    move_preview_generation(article)


def move_preview_generation(article):
    """Revokes the article's preview links, with no permission check: for the workflow's own steps
    (unpublish, archive) once they have checked theirs.

    One UPDATE of that column, not save(): a revoke changes nothing an editor wrote, so it must not
    move the optimistic-locking version (whoever has the article open would be refused for
    nothing), add a revision or touch the update time; and F() + 1 in the database loses no revoke
    to a concurrent one. Article.save() never writes the column, so a stale instance cannot put
    the old generation back.
    """
    Article.objects.filter(pk=article.pk).update(preview_generation=F("preview_generation") + 1)
    article.preview_generation = (
        Article.objects.filter(pk=article.pk).values_list("preview_generation", flat=True).first()
        or article.preview_generation
    )

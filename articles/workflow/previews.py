"""Signed links that show an unpublished article to whoever holds one."""

from django.conf import settings
from django.core import signing

from ..models import Article

PREVIEW_SALT = "articles.preview"


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

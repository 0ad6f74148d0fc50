"""Who may do what to an article."""

from django.db.models import Q

from ..models import Article, Byline


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


def visible_articles(user, queryset):
    """The articles of `queryset` that `user` sees in the admin: editors all of them, a reporter
    their own work in any status (they change it only while it is a draft)."""
    if is_editor(user):
        return queryset
    return queryset.filter(Q(created_by=user) | Q(pk__in=Byline.objects.filter(author__user=user).values("article_id")))

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


def can_set_breaking(user):
    """Breaking news is an editor's call: a reporter's form does not offer it, and a posted tick is ignored."""
    return is_editor(user) or can_publish(user)


def available_actions(user, article):
    """The workflow buttons `user` gets on `article`'s change form (None: a new article), in order.

    Each is checked again when taken (articles/workflow/actions.py): the list is what the
    interface offers, and also the rule the server holds it to.
    """
    Status = Article.Status
    status = article.status if article is not None else Status.DRAFT
    if not can_publish(user):
        if article is not None and status == Status.IN_REVIEW and is_own_article(user, article):
            return ["withdraw"]
        if article is None or can_edit(user, article):
            return ["save_draft", "submit"] if status == Status.DRAFT else []
        return []
    actions = []
    if article is None or not article.is_published():
        actions.append("publish")
    if status != Status.ARCHIVED:
        actions.append("schedule")
    if status == Status.IN_REVIEW:
        actions.append("send_back")
    if status == Status.PUBLISHED:
        actions.append("unpublish")
    if article is not None and status != Status.ARCHIVED:
        actions.append("archive")
    return actions

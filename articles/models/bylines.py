from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from .authors import Author


def byline_prefetch():
    """An article's bylines with their authors, in their order: one query for any number of articles."""
    return Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "pk"))


class BylineQuerySet(models.QuerySet):
    def get_by_natural_key(self, article_slug, author_slug, role):
        return self.get(article__slug=article_slug, author__slug=author_slug, role=role)


class Byline(models.Model):
    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        WRITER = "writer", _("Writer")
        EDITOR = "editor", _("Editor")
        TRANSLATOR = "translator", _("Translator")
        PHOTOGRAPHER = "photographer", _("Photographer")
        CONTRIBUTOR = "contributor", _("Contributor")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines", verbose_name=_("article")
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines", verbose_name=_("author"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = BylineQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author", "role"], name="unique_byline_role"),
        ]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()})"

    def natural_key(self):
        return self.article.natural_key() + self.author.natural_key() + (self.role,)

    natural_key.dependencies = ["articles.article", "articles.author"]

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase, TaggedItemBase

from editorial.languages import localized_names
from editorial.versioning import VersionedModel


class SlugNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class TagManager(SlugNaturalKeyManager):
    def named(self, name):
        """The tag called `name` in any language (or with that slug), case aside; None if there is none."""
        lookups = models.Q(slug=name)
        for column in ["name", *localized_names("name")]:
            lookups |= models.Q(**{f"{column}__iexact": name})
        return self.filter(lookups).order_by("pk").first()


def menu_columns():
    """What the section menu reads of a section: its slug, its name in each language, its position."""
    return ["slug", *localized_names("name"), "position"]


class SectionQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def menu(self):
        """The menu's rows, menu_columns() of each section, unordered (a UNION may not order)."""
        return self.order_by().values_list(*menu_columns())


class Section(VersionedModel):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in this order on the home page and in menus.")
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return reverse("section_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Tag(TagBase, VersionedModel):
    """A tag with one identity (its slug) and a name in each language.

    taggit's own Tag cannot be translated by modeltranslation, hence this model; the name's
    translated columns store NULL when empty (see translation.py) so that "no Arabic name yet"
    never collides with another tag's empty name under the unique constraint. Tags that taggit
    creates itself (a new tag typed on an article) start at version 1 like any other.
    """

    natural_key_fields = ["slug"]
    objects = TagManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return reverse("tag_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class TaggedArticleManager(models.Manager):
    def get_by_natural_key(self, article_slug, tag_slug):
        return self.get(content_object__slug=article_slug, tag__slug=tag_slug)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="tagged_items", verbose_name=_("article")
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles", verbose_name=_("tag"))

    objects = TaggedArticleManager()

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_tag_per_article"),
        ]

    def natural_key(self):
        return self.content_object.natural_key() + self.tag.natural_key()

    natural_key.dependencies = ["articles.article", "taxonomy.tag"]

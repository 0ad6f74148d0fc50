from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from editorial.fields import SanitizedHTMLField, SanitizedHTMLQuerySet
from editorial.links import slug_url
from editorial.versioning import VersionedModel


class AuthorQuerySet(SanitizedHTMLQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Author(VersionedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    bio = SanitizedHTMLField(_("biography"), blank=True, help_text=_("HTML; cleaned to the site's safe subset."))
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("user account"),
        help_text=_("The staff account of this author, if they have one: they may edit articles they are credited on."),
    )

    objects = AuthorQuerySet.as_manager()

    html_fields = ("bio",)

    class Meta:
        ordering = ["slug"]
        # Django's plain base manager would give querysets without SanitizedHTMLQuerySet's
        # checks (Author._base_manager.update(bio=Value(...))).
        base_manager_name = "objects"
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return slug_url("author_detail", self.slug)

    def natural_key(self):
        return (self.slug,)

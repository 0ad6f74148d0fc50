"""An article's slug in each language, and every slug it had before: old addresses never break.

Each language has its own slug (slug_<code>, a modeltranslation field: Arabic letters allowed),
unique in that language. A slug an article gave up is kept in FormerSlug, forever: its old
address answers a permanent redirect to the current one in that language (articles.views), and
no other article may take it (Article.clean() says so to the editor).
"""

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from editorial.languages import language_codes, localized

# Room kept at the end of a suggested slug for "-<number>" when the plain one is taken.
SUFFIX_ROOM = 6


class DefaultLanguageSlugField(models.SlugField):
    """The untranslated `slug` column modeltranslation keeps beside slug_<code>: always the default
    language's slug, whatever language is active when the article is saved (modeltranslation would
    write the active one's). Natural keys, fixtures and lookups across relations
    (Byline.get_by_natural_key) read it. modeltranslation builds slug_<code> from this class too:
    those write their own value."""

    def pre_save(self, model_instance, add):
        if hasattr(self, "translated_field"):  # slug_<code>
            return super().pre_save(model_instance, add)
        return getattr(model_instance, localized(self.attname, settings.LANGUAGE_CODE), None) or super().pre_save(
            model_instance, add
        )


class FormerSlug(models.Model):
    """A slug an article had in a language and gave up: its address redirects to the current one."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="former_slugs", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True, db_index=False)
    retired_at = models.DateTimeField(_("given up"), auto_now_add=True)

    class Meta:
        ordering = ["language", "-retired_at", "-pk"]
        verbose_name = _("former slug")
        verbose_name_plural = _("slug history")
        constraints = [models.UniqueConstraint(fields=["language", "slug"], name="former_slug_unique_per_language")]

    def __str__(self):
        return f"{self.language}: {self.slug}"


def slug_name(code):
    return localized("slug", code)


def loaded_slugs(article):
    return {code: getattr(article, slug_name(code), None) for code in language_codes()}


def taken_slugs(model, code, prefix, exclude_pk=None):
    """Slugs of language `code` starting with `prefix` that other articles have, or had."""
    current = model._base_manager.filter(**{f"{slug_name(code)}__startswith": prefix})
    former = FormerSlug.objects.filter(language=code, slug__startswith=prefix)
    if exclude_pk is not None:
        current, former = current.exclude(pk=exclude_pk), former.exclude(article_id=exclude_pk)
    return set(current.values_list(slug_name(code), flat=True)) | set(former.values_list("slug", flat=True))


def suggest_slug(article, code):
    """A free slug for language `code` from the headline in that language (else the original
    language's, else any): Arabic headlines give Arabic slugs; "-2", "-3"... when it is taken."""
    codes = [code, article.original_language, *language_codes()]
    title = next((t for t in (getattr(article, localized("title", c), "") for c in codes) if t), "")
    max_length = article._meta.get_field(slug_name(code)).max_length
    base = slugify(title, allow_unicode=True)[: max_length - SUFFIX_ROOM].strip("-") or "article"
    taken = taken_slugs(type(article), code, base, exclude_pk=article.pk)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def fill_slugs(article):
    """Gives every language without a slug one: the slug given to the untranslated field when the
    article was made (a fixture's or the importer's `slug`), else one made from its headline."""
    # modeltranslation keeps a value given to the untranslated field in the instance's __dict__.
    given = article.__dict__.get("slug") if article._state.adding else None
    deferred = article.get_deferred_fields()  # left out (.only()): not read, not written
    for code in language_codes():
        if slug_name(code) not in deferred and not getattr(article, slug_name(code), None):
            setattr(article, slug_name(code), given or suggest_slug(article, code))


def fill_slugs_on_raw_save(sender, instance, raw=False, **kwargs):
    """pre_save receiver: loaddata saves records raw, past Article.save(); one written before each
    language had its own slug carries only `slug`."""
    if raw:
        fill_slugs(instance)


def reused_slugs(article):
    """{slug_<code>: slug} of the slugs `article` wants that another article had before."""
    wanted = {code: value for code, value in loaded_slugs(article).items() if value}
    if not wanted:
        return {}
    query = models.Q()
    for code, value in wanted.items():
        query |= models.Q(language=code, slug=value)
    former = FormerSlug.objects.filter(query)
    if article.pk is not None:
        former = former.exclude(article_id=article.pk)
    return {slug_name(language): slug for language, slug in former.values_list("language", "slug")}


def retire_slugs(article, before):
    """Keeps the slugs `article` gave up (`before`: {code: slug} as loaded) in its history."""
    for code, old in before.items():
        if old and old != getattr(article, slug_name(code)):
            FormerSlug.objects.get_or_create(language=code, slug=old, defaults={"article": article})


def slugs_in_use(model, slugs, using=None):
    """Those of `slugs` that some article has, or had, in any language: none may be given again."""
    slugs = set(slugs)
    current = models.Q()
    for code in language_codes():
        current |= models.Q(**{f"{slug_name(code)}__in": slugs})
    rows = model._base_manager.using(using).filter(current).values_list(*[slug_name(code) for code in language_codes()])
    found = {value for row in rows for value in row if value in slugs}
    return found | set(FormerSlug.objects.using(using).filter(slug__in=slugs).values_list("slug", flat=True))

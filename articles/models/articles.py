import functools
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from editorial.diff import comparable_html, comparable_text
from editorial.fields import SanitizedHTMLField
from editorial.languages import language_codes, localized, localized_names
from editorial.links import slug_url
from editorial.times import to_second
from editorial.versioning import StaleVersionError, VersionedModel
from taxonomy.models import Tag, TaggedArticle

from .authors import Author
from .languages import add_language_columns, edition_indexes
from .queries import ArticleQuerySet
from .search import add_search_columns, admin_list_indexes, vector_fields_to_save
from .slugs import DefaultLanguageSlugField, fill_slugs, loaded_slugs, retire_slugs, reused_slugs


class StaleArticleError(StaleVersionError):
    """Raised when an article is saved from a version older than the one stored."""

    def __init__(self, current_version):
        super().__init__(current_version)
        self.args = (f"The article was changed by someone else (now at version {current_version}).",)


# Edits this soon after first publication are part of publishing it, not an update readers see.
UPDATE_GRACE = timedelta(minutes=5)


@functools.lru_cache(maxsize=256)
def _loaded_state(model, field_names, codes):
    """(slugs, text, correction): which of what it loaded Article.from_db remembers, for rows of these
    columns. Worked out once per query shape and set of languages, not once per row (a front page
    loads over a hundred)."""
    loaded = set(field_names)
    slugs = {localized("slug", code) for code in codes}
    text = {localized(field, code) for field in model.tracked_fields for code in codes}
    correction = {localized("correction", code) for code in codes} | {"correction_at"}
    return slugs <= loaded, text <= loaded, correction <= loaded


def breaking_window():
    """How long after publication a breaking article stays breaking (NEWSROOM_BREAKING_HOURS, 12)."""
    return timedelta(hours=getattr(settings, "NEWSROOM_BREAKING_HOURS", 12))


class Article(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("headline"), max_length=300)
    # One per language (slug_<code>, see translation.py and slugs.py); this column mirrors the default language's.
    slug = DefaultLanguageSlugField(_("slug"), max_length=200, unique=True, allow_unicode=True, blank=True)
    standfirst = models.TextField(_("standfirst"), blank=True, help_text=_("The summary under the headline."))
    body = SanitizedHTMLField(_("body"), blank=True, help_text=_("HTML; cleaned to the site's safe subset."))
    dateline = models.CharField(_("dateline"), max_length=100, blank=True, help_text=_("Where the story was filed."))
    section = models.ForeignKey(
        "taxonomy.Section",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("section"),
        null=True,
        blank=True,
    )
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedArticle, blank=True)
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles", verbose_name=_("authors"))
    source = models.CharField(
        _("source credit"), max_length=200, blank=True, help_text=_('Agency or outlet, e.g. "The Times Kuwait Report".')
    )
    is_breaking = models.BooleanField(_("breaking news"), default=False)

    lead_image = models.ForeignKey(
        "articles.Image",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        help_text=_("Chosen from the image library, where its alt text, caption and credit are written."),
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("A published article with a time in the future is scheduled: it appears by itself at that time."),
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    correction = models.TextField(
        _("correction or update notice"), blank=True, help_text=_("Shown to readers at the end of the article.")
    )
    correction_at = models.DateTimeField(_("correction date"), null=True, blank=True)

    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_articles",
        verbose_name=_("created by"),
        editable=False,
    )
    # Moved on to revoke every preview link of the article (articles/workflow/previews.py): the
    # links carry the number they were made with.
    preview_generation = models.PositiveIntegerField(_("preview link generation"), default=0, editable=False)
    # {language code: ISO time its title, standfirst or body last changed}: tells a stale translation.
    language_edited_at = models.JSONField(_("language edit times"), default=dict, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    html_fields = ("body",)
    stale_error = StaleArticleError
    # The translated fields whose change makes the other languages' translations stale.
    tracked_fields = ("title", "standfirst", "body")

    class Meta:
        ordering = ["-publish_at", "-pk"]
        # See Author.Meta: the base manager must keep the HTML checks of update().
        base_manager_name = "objects"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_status_publish_idx"),
            models.Index(fields=["section", "status", "publish_at"], name="article_section_publish_idx"),
            *(index for code in language_codes() for index in edition_indexes(code)),
            *admin_list_indexes(),
        ]
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
            ("edit_any_article", _("Can edit articles by anyone, in any status")),
        ]

    def __str__(self):
        return self.title or self.slug

    def save(self, *args, **kwargs):
        now = timezone.now()
        self.updated_at = now
        self._set_first_published(now)
        self._record_language_edits(now)
        fill_slugs(self)
        dated_correction = self._date_correction(now)
        if kwargs.get("update_fields") is None and not self._state.adding and self.pk is not None:
            # Only revoking previews writes preview_generation: an instance loaded before a revoke
            # must not write the old number back, and bring the revoked links back to life.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and not field.generated  # in_<code>: the database writes them
                and field.name != "preview_generation"
                and field.attname not in deferred
            ]
        if kwargs.get("update_fields") is not None:
            # Fields save() itself maintains must be written even by a partial save (the version
            # is VersionedModel's).
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "updated_at",
                "first_published_at",
                "language_edited_at",
                *(["correction_at"] if dated_correction else []),
            }
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = vector_fields_to_save(self, kwargs["update_fields"])
        super().save(*args, **kwargs)
        retire_slugs(self, getattr(self, "_loaded_slugs", {}))
        self._loaded_slugs = loaded_slugs(self)
        self._loaded_text = self._tracked_text()
        self._loaded_correction = self._correction_state()

    def get_absolute_url(self):
        return slug_url("article_detail", self.slug)

    def natural_key(self):
        # The default language's slug; a record made from an older fixture has only `slug`.
        return (getattr(self, localized("slug", settings.LANGUAGE_CODE)) or self.__dict__.get("slug"),)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        slugs, text, correction = _loaded_state(cls, tuple(field_names), tuple(language_codes()))
        if slugs:
            instance._loaded_slugs = loaded_slugs(instance)  # the slugs it gives up on save go to its history
        # Remember the text as loaded, to tell on save which languages changed. Skipped when
        # the text was deferred (.only()), where reading it would cost a query per row.
        if text:
            instance._loaded_text = instance._tracked_text()
        if correction:
            instance._loaded_correction = instance._correction_state()
        return instance

    def url_in(self, code):
        """The article's address in edition `code`, under its slug in that language."""
        with translation.override(code):
            return self.get_absolute_url()

    def clean(self):
        super().clean()
        if not any(getattr(self, localized("title", code), "") for code in language_codes()):
            raise ValidationError(_("An article needs a headline in at least one language."))
        fill_slugs(self)
        reused = reused_slugs(self)
        if reused:
            raise ValidationError(
                {
                    name: _(
                        "“%(slug)s” was the address of another article, and still leads readers there: "
                        "choose another slug."
                    )
                    % {"slug": slug}
                    for name, slug in reused.items()
                }
            )
        if self.lead_image_id is not None:
            self._clean_lead_image()
        if self.status == self.Status.PUBLISHED and not self.available_languages:
            raise ValidationError(_("A published article needs a headline and a body in at least one language."))

    def _clean_lead_image(self):
        image = self.lead_image
        missing = [
            code
            for code in self.available_languages or [settings.LANGUAGE_CODE]
            if not getattr(image, localized("alt", code), "")
        ]
        if missing:
            raise ValidationError(
                {
                    "lead_image": _(
                        "The lead image needs alt text in every language the article is in: "
                        "add it in the image library."
                    )
                }
            )

    # -- versions and translations ------------------------------------------------------------

    def _correction_state(self):
        texts = tuple(getattr(self, localized("correction", code), "") or "" for code in language_codes())
        return texts, self.correction_at

    def _date_correction(self, now):
        """A correction added or changed without a date of its own is dated now. Returns whether it was."""
        before = getattr(self, "_loaded_correction", None)
        if before is None:
            if not self._state.adding:
                return False  # loaded without its correction (.only()): nothing to compare with
            before = (("",) * len(language_codes()), None)
        texts, _at = self._correction_state()
        before_texts, before_at = before
        # The admin shows the date to the second: a date posted back unchanged is not "given".
        unchanged_date = to_second(self.correction_at) == to_second(before_at)
        if texts != before_texts and any(texts) and unchanged_date:
            self.correction_at = now
            return True
        return False

    def _tracked_text(self):
        return {
            code: tuple(getattr(self, localized(f, code), "") or "" for f in self.tracked_fields)
            for code in language_codes()
        }

    def _comparable_text(self, texts):
        return tuple(
            comparable_html(text) if name in self.html_fields else comparable_text(text)
            for name, text in zip(self.tracked_fields, texts, strict=True)
        )

    def _record_language_edits(self, now):
        before = getattr(self, "_loaded_text", None)
        if before is None:
            if not self._state.adding:
                return
            before = {}
        after = self._tracked_text()
        edited = dict(self.language_edited_at or {})
        for code, text in after.items():
            old = before.get(code, ("",) * len(self.tracked_fields))
            # A rich-text editor's re-serialisation of the same text is no edit.
            if any(text) and self._comparable_text(text) != self._comparable_text(old):
                edited[code] = now.isoformat()
        self.language_edited_at = edited

    @property
    def available_languages(self):
        """Languages the article can be read in: those with a headline and a body. From the text
        when it is loaded, as it may have unsaved changes and Django does not read in_<code> back
        after an update; from in_<code> when the text was left out (.only(): lists, sitemap)."""
        text = set(localized_names("title") + localized_names("body"))
        if text & self.get_deferred_fields() and self.pk is not None:
            return [code for code in language_codes() if getattr(self, localized("in", code))]
        return [
            code
            for code in language_codes()
            if getattr(self, localized("title", code), "") and getattr(self, localized("body", code), "")
        ]

    @property
    def stale_translations(self):
        """Languages whose text is older than the last change to the original language's text."""
        edited = self.language_edited_at or {}
        source_time = edited.get(self.original_language)
        if not source_time:
            return []
        return [
            code
            for code in self.available_languages
            if code != self.original_language and edited.get(code, "") < source_time
        ]

    # -- workflow ---------------------------------------------------------------------------

    def _set_first_published(self, now):
        """first_published_at is the time the article first became (or becomes) public.

        A scheduled article gets its scheduled time, so that it is in the news sitemap as soon as
        it is due; moving the schedule moves it, until the article has really been public: from
        then on it never moves, whatever unpublishing, republishing or rescheduling follows.
        """
        first = self.first_published_at
        if self.status == self.Status.PUBLISHED and self.publish_at is not None:
            if first is None or first > now:
                self.first_published_at = self.publish_at
        elif first is not None and first > now:
            # Withdrawn before its scheduled time came: it never was public.
            self.first_published_at = None

    def is_published(self, at=None):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= (at or timezone.now())
        )

    def is_scheduled(self, at=None):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > (at or timezone.now())
        )

    # -- what readers see ---------------------------------------------------------------------

    def published_time(self):
        """When readers first could see the article: a scheduled article that came due by itself
        may have no first_published_at, and its publish_at is that moment."""
        return self.first_published_at or self.publish_at

    def edition_updated_time(self, code):
        """When edition `code`'s text last changed after first publication, if it did meaningfully; else None.

        Not updated_at: it moves on every save, a few milliseconds after publishing too.
        """
        published = self.published_time()
        edited = (self.language_edited_at or {}).get(code)
        if not published or not edited:
            return None
        try:
            edited = datetime.fromisoformat(edited)
        except ValueError:
            return None
        if timezone.is_naive(edited):
            edited = edited.replace(tzinfo=UTC)
        # Text written when the article was created is not an update, even if its publication time
        # was set earlier (backdated or imported copy).
        since = max(published, self.created_at or published)
        return edited if edited > since + UPDATE_GRACE else None

    def breaking_until(self):
        """When a breaking article stops leading and wearing its label (None if it is not breaking)."""
        published = self.published_time()
        if not self.is_breaking or published is None:
            return None
        return published + breaking_window()

    def is_breaking_now(self, now=None):
        until = self.breaking_until()
        return until is not None and until >= (now or timezone.now())

    def listed_tags(self):
        """The tags with_tag_data() loaded, ordered by slug, as unsaved Tag instances (no query)."""
        rows = getattr(self, "tag_data", None) or []
        return [Tag(**row) for row in sorted(rows, key=lambda row: row["slug"])]


add_language_columns(Article)
add_search_columns(Article)

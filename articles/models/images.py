import logging
import posixpath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.languages import edition_text

from .. import renditions

logger = logging.getLogger(__name__)
FRACTION = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class ImageQuerySet(models.QuerySet):
    def duplicates_of(self, image):
        """Other images of the library with the same file content."""
        return self.filter(content_hash=image.content_hash).exclude(pk=image.pk)


class Image(models.Model):
    """A picture of the library: uploaded once, described once in each language, used by any article."""

    file = models.ImageField(
        _("file"),
        upload_to="images/%Y/%m/",
        validators=[renditions.validate_image_file],
        help_text=_("A JPEG, PNG, WebP, GIF or AVIF picture."),
    )
    alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    # Set by save() from the file, upright: the page's width and height attributes.
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    focal_x = models.FloatField(
        _("focal point (across)"), default=0.5, validators=FRACTION, help_text=_("Click the picture to set it.")
    )
    focal_y = models.FloatField(_("focal point (down)"), default=0.5, validators=FRACTION)
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True, editable=False)
    # What renditions.make() wrote: pages read it from this row, never from storage.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return edition_text(self, "alt") or self.alt or posixpath.basename(self.file.name or "")

    def save(self, *args, **kwargs):
        if self.file and self._file_is_new():
            renditions.describe(self)
        if self.file:
            try:
                renditions.refresh(self)
            except OSError:
                if self._file_is_new():
                    raise
                # A file lost from storage (moved in by the migration, say): its words still save.
                logger.warning("Image %s: no renditions, its file %s cannot be read", self.pk, self.file.name)
        super().save(*args, **kwargs)
        self._saved_name = self.file.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_name = instance.__dict__.get("file")
        return instance

    def clean(self):
        super().clean()
        if self.file and self._file_is_new():
            self.content_hash = renditions.content_hash(self.file)
            same = type(self).objects.duplicates_of(self).first()
            if same is not None:
                message = _("This picture is already in the library: “%(image)s” (number %(pk)s).")
                raise ValidationError({"file": ValidationError(message, params={"image": same, "pk": same.pk})})

    def _file_is_new(self):
        return not getattr(self.file, "_committed", True) or self.file.name != getattr(self, "_saved_name", None)

    # -- what pages read: the row only ------------------------------------------------------

    @property
    def url(self):
        return self.file.url

    def sources(self):
        """[(mime type, [(url, width)])] for <picture>, best format first, the fallback last."""
        record = self.renditions or {}
        found = record.get("sources") or {}
        # In a fixed order, the fallback last: PostgreSQL's jsonb does not keep the keys' order.
        kinds = sorted(
            found, key=lambda kind: (kind == record.get("fallback"), list(renditions.MIME_TYPES).index(kind))
        )
        return [
            (renditions.MIME_TYPES[kind], [(default_storage.url(name), width) for width, _height, name in found[kind]])
            for kind in kinds
        ]

    def preview(self, width=320):
        """(url, width, height) of the smallest WebP rendition at least `width` wide (the admin's
        thumbnails and focal-point picker); the original if none was made."""
        found = dict(self.sources()).get(renditions.MIME_TYPES["webp"], [])
        for url, rendered in found:
            if rendered >= width or rendered == self.width:
                return url, rendered, round(self.height * rendered / self.width)
        return self.file.url, self.width, self.height

    def social(self):
        """(url, width, height) of the crop for Open Graph and JSON-LD; the original if none was made."""
        found = (self.renditions or {}).get("social")
        if found:
            return default_storage.url(found[2]), found[0], found[1]
        return self.file.url, self.width or None, self.height or None

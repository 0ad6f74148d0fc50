"""Optimistic locking for anything editors change in the admin: a save made from an older
version than the one stored is refused, never a silent overwrite."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class StaleVersionError(Exception):
    """Raised when a record is saved from a version older than the one stored."""

    def __init__(self, current_version):
        self.current_version = current_version
        super().__init__(f"The record was changed by someone else (now at version {current_version}).")


class VersionedModel(models.Model):
    """A `version` that every save of an existing row checks and bumps, under a row lock.

    New rows, and the raw saves of loaddata (which skip save()), take the version as given
    (1 by default, also for a fixture record without one).
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    stale_error = StaleVersionError

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None:
            # A partial save is a save too: whoever has the older version open must be refused.
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
        else:
            self._save_checking_version(*args, **kwargs)

    def _save_checking_version(self, *args, **kwargs):
        """Saves only if nobody saved a newer version since this one was loaded."""
        expected = self.version
        with transaction.atomic(using=kwargs.get("using")):
            current = (
                type(self)
                ._base_manager.using(kwargs.get("using"))
                .select_for_update()
                .filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != expected:
                raise self.stale_error(current)
            self.version = expected + 1
            try:
                super().save(*args, **kwargs)
            except Exception:
                self.version = expected
                raise

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportReport(models.Model):
    """What the importer made of an article's document, kept for the editor who reviews it: where
    the headline, byline and date came from, and every line dropped (so a wrong drop is seen)."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="import_report", verbose_name=_("article")
    )
    document = models.CharField(_("document"), max_length=500, help_text=_("The file as named on the command line."))
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now, editable=False)
    report = models.JSONField(_("report"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("import report")
        verbose_name_plural = _("import reports")

    def __str__(self):
        return self.document

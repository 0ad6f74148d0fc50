from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """What every editable model shares: optimistic versions, sanitized HTML, fixture checks."""

    name = "editorial"
    verbose_name = _("Editorial base")

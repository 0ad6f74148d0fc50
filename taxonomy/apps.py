from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from editorial.invalidation import invalidate_pages_on


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self):
        # Public pages show section names and tags, and list articles by them.
        invalidate_pages_on(self.get_model("Section"), self.get_model("Tag"), self.get_model("TaggedArticle"))

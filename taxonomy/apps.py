from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self):
        # Imported here, not at the top: an app's models may be imported only once the registry is ready.
        from editorial.invalidation import invalidate_pages_on

        # Public pages show section names and tags, and list articles by them.
        invalidate_pages_on(self.get_model("Section"), self.get_model("Tag"), self.get_model("TaggedArticle"))

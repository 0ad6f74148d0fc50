from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from editorial.invalidation import invalidate_pages_on, renamed


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self):
        # Every page's menu shows the sections; a tag's name shows on many pages once it is used.
        # Which articles carry a tag is the articles app's concern (articles.dependencies).
        invalidate_pages_on(self.get_model("Section"))
        invalidate_pages_on(self.get_model("Tag"), keys=renamed)

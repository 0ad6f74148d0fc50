from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        import reversion
        from django.db.backends.signals import connection_created

        from . import cache, search
        from .sanitize import sanitize_instance_html

        # Cached public pages are invalidated by signals (a side effect, not domain logic), connected
        # here so that web processes, commands and tests all keep the shared cache honest.
        cache.connect_signals()
        # SQLite gets the search folding function as a Python function on every connection.
        connection_created.connect(search.register_sqlite_function, dispatch_uid="newsroom-fold-sqlite")

        # HTML is cleaned in pre_save because it is the one hook every write path shares,
        # including loaddata's raw saves, which never call Model.save().
        for model_name in ("Article", "Author"):
            model = self.get_model(model_name)
            pre_save.connect(sanitize_instance_html, sender=model, dispatch_uid=f"sanitize-{model_name}")

        # Revisions: an article version carries its bylines and tags. The version counter is
        # left out so that a revert never turns the optimistic-locking clock back.
        Article, Byline = self.get_model("Article"), self.get_model("Byline")
        from taxonomy.models import TaggedArticle

        if not reversion.is_registered(Article):
            reversion.register(Article, follow=("bylines", "tagged_items"), exclude=("version",))
            reversion.register(Byline)
            reversion.register(TaggedArticle)

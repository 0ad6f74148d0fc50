from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        import reversion
        from django.db.backends.signals import connection_created

        from . import cache, search

        # Cached public pages are invalidated by signals (a side effect, not domain logic), connected
        # here so that web processes, commands and tests all keep the shared cache honest.
        cache.connect_signals()
        # SQLite gets the search folding function as a Python function on every connection.
        connection_created.connect(search.register_sqlite_function, dispatch_uid="newsroom-fold-sqlite")

        # HTML needs no signal: SanitizedHTMLField cleans it on every write path (see models.py).

        # Revisions: an article version carries its bylines and tags, and its version number, so
        # that an edit conflict can show what changed since the version the user opened (a
        # revert never restores the number: it would turn the optimistic-locking clock back).
        Article, Byline = self.get_model("Article"), self.get_model("Byline")
        from taxonomy.models import TaggedArticle

        if not reversion.is_registered(Article):
            reversion.register(Article, follow=("bylines", "tagged_items"))
            reversion.register(Byline)
            reversion.register(TaggedArticle)

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _

from . import search, timeout


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Imported here, not at the top: both import models, which may be imported only once the
        # app registry is ready (AppConfig.ready() is Django's documented place for this wiring).
        import reversion

        from taxonomy.models import TaggedArticle

        from . import dependencies
        from .models.search import refresh_after_raw_save
        from .models.slugs import fill_slugs_on_raw_save

        Article, Byline = self.get_model("Article"), self.get_model("Byline")
        # Cached public pages are invalidated by signals (a side effect, not domain logic), connected
        # here so that web processes, commands and tests all keep the shared cache honest: each
        # change moves on only the pages that show what changed (articles/dependencies.py).
        dependencies.connect()
        # loaddata's raw saves pass Article.save() by: a record from before per-language slugs
        # gets them here (articles/models/slugs.py).
        pre_save.connect(fill_slugs_on_raw_save, sender=Article, dispatch_uid="newsroom-article-raw-slugs")
        # Raw saves (loaddata, reverting a revision) bypass save(): the search
        # vectors are recomputed after them (articles/models/search.py lists every write path).
        post_save.connect(refresh_after_raw_save, sender=Article, dispatch_uid="newsroom-search-raw-save")
        # SQLite gets the search folding function as a Python function on every connection.
        connection_created.connect(search.register_sqlite_function, dispatch_uid="newsroom-fold-sqlite")
        # PostgreSQL connections lift a public page's statement_timeout for every other query.
        connection_created.connect(timeout.install, dispatch_uid="newsroom-statement-timeout")

        # HTML needs no signal: SanitizedHTMLField cleans it on every write path (editorial/fields.py).

        # Revisions: an article version carries its bylines and tags, and its version number, so
        # that an edit conflict can show what changed since the version the user opened (a
        # revert never restores the number: it would turn the optimistic-locking clock back).
        if not reversion.is_registered(Article):
            reversion.register(Article, follow=("bylines", "tagged_items"))
            reversion.register(Byline)
            reversion.register(TaggedArticle)

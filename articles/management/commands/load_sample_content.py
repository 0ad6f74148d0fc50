"""manage.py load_sample_content: the sample site, loaded once.

bin/run-local runs it on every start. It loads fixtures/sample_content.json into a fresh
database; on later runs it loads only what is missing (an article, section, tag or author
whose slug is absent) and never overwrites a record that exists, so local edits survive.
"""

import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands.loaddata import Command as DjangoLoaddata
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Article, Author
from editorial.fixtures import check_fixture
from taxonomy.models import Section, Tag

# The records whose absence decides what is loaded, by model label: their natural key is the slug.
SLUG_MODELS = {
    "taxonomy.section": Section,
    "taxonomy.tag": Tag,
    "articles.author": Author,
    "articles.article": Article,
}
ARTICLE_KEYS = {"articles.byline": "article", "taxonomy.taggedarticle": "content_object"}


def default_fixture():
    return Path(settings.BASE_DIR) / "fixtures" / "sample_content.json"


def missing_records(records):
    """The records of `records` that are not in the database, and the slugs of their articles."""
    present = {
        label: set(
            model.objects.filter(slug__in=[r["fields"]["slug"] for r in records if r["model"] == label]).values_list(
                "slug", flat=True
            )
        )
        for label, model in SLUG_MODELS.items()
    }
    new_articles = {
        r["fields"]["slug"]
        for r in records
        if r["model"] == "articles.article" and r["fields"]["slug"] not in present["articles.article"]
    }
    kept = []
    for record in records:
        label = record["model"]
        if label in SLUG_MODELS:
            if record["fields"]["slug"] not in present[label]:
                kept.append(record)
        elif label in ARTICLE_KEYS:
            # Bylines and tags belong to their article: added with a new one, never to an existing one.
            if record["fields"][ARTICLE_KEYS[label]][0] in new_articles:
                kept.append(record)
        else:
            raise CommandError(_("Unexpected model %(model)s in the sample content.") % {"model": label})
    return kept, new_articles


class Command(BaseCommand):
    # A plain string, as in Django's own commands: argparse cannot format a lazy one.
    help = "Loads the sample articles into the database unless they are there already."

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default=None, help=_("The fixture to load (fixtures/sample_content.json)."))

    def handle(self, *args, fixture=None, **options):
        path = Path(fixture) if fixture else default_fixture()
        try:
            problems, _lines = check_fixture(path)
        except OSError as error:
            # strerror, not str(error), which names the path a second time.
            reason = error.strerror or str(error)
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": reason}) from None
        if problems:
            # loaddata's checks and report, before this command reads the records itself; each
            # problem names the file and line already.
            raise CommandError(
                "\n".join(str(problem) for problem in problems)
                + "\n"
                + _("%(count)d problem(s) in the fixture(s); nothing was loaded.") % {"count": len(problems)}
            )
        records = json.loads(path.read_text(encoding="utf-8"))
        total = sum(1 for r in records if r["model"] == "articles.article")
        with transaction.atomic():
            kept, new_articles = missing_records(records)
            if not kept:
                self.stdout.write(
                    _("Sample content already present (%(count)d articles); nothing loaded.") % {"count": total}
                )
                return
            with tempfile.TemporaryDirectory() as folder:
                subset = Path(folder) / "sample_content_missing.json"
                subset.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
                # Django's own loaddata: the records were checked above, and the site's loaddata
                # would check them again.
                call_command(DjangoLoaddata(), str(subset), verbosity=0)
        present = total - len(new_articles)
        message = _("Loaded %(new)d sample article(s) and %(records)d record(s) in all from %(path)s.") % {
            "new": len(new_articles),
            "records": len(kept),
            "path": path.name,
        }
        if present:
            message += " " + _("%(count)d sample article(s) were there already and were left as they are.") % {
                "count": present
            }
        self.stdout.write(self.style.SUCCESS(message))

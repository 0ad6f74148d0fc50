"""manage.py generate_articles N [--seed S] [--batch-size B] [--languages en,ar]

Benchmark data, not content: N realistic bilingual articles (see articles/generator/), written in
bulk. Sections, authors and tags are created once and reused by slug.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.generator import generate


class Command(BaseCommand):
    help = "Generates N realistic bilingual articles for benchmarks (not for production content)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many articles to create.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed: the same seed gives the same articles.")
        parser.add_argument("--batch-size", type=int, default=1_000, help="Articles per insert and transaction.")
        parser.add_argument("--languages", default="en,ar", help="Comma-separated language codes (default en,ar).")
        parser.add_argument(
            "--jobs", type=int, default=1, help="Processes writing at once (PostgreSQL; each its own share and seed)."
        )

    def handle(self, *args, count, seed, batch_size, languages, jobs, **options):
        codes = [code.strip() for code in languages.split(",") if code.strip()]
        known = {code for code, _name in settings.LANGUAGES}
        if not codes or set(codes) - known or len(set(codes)) != len(codes):
            raise CommandError(f"--languages: give one or more of {', '.join(sorted(known))}, each once.")
        if count < 1 or batch_size < 1 or jobs < 1:
            raise CommandError("N, --batch-size and --jobs must be positive.")
        show = options["verbosity"] > 0 and self.stdout.isatty()
        result = generate(
            count,
            seed=seed,
            languages=codes,
            batch_size=batch_size,
            using="default",
            jobs=jobs,
            progress=self._progress(count) if show else None,
        )
        if show:
            self.stdout.write("")
        if options["verbosity"] > 0:
            rebuilt = (
                f" (of which building the indexes after the load {result.index_seconds:.1f} s; "
                f"writing alone {result.write_rate:.0f} articles/s)"
                if result.index_seconds
                else ""
            )
            self.stdout.write(
                f"Created {result.articles} articles in {result.seconds:.1f} s: {result.rate:.0f} articles/s{rebuilt}."
            )

    def _progress(self, total):
        def show(done, width=40):
            filled = width * done // total
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
            self.stdout.flush()

        return show

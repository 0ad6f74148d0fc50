"""manage.py make_renditions [--missing] [--id N ...]

(Re)makes the renditions of every library image (after a deploy that changed the recipe, after
migrating old article images into the library, or after moving storage), with a progress bar.
"""

from django.core.management.base import BaseCommand

from articles import renditions
from articles.models import Image


class Command(BaseCommand):
    help = "Makes the renditions (widths and formats, and the social crop) of the library's images."

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only images whose renditions are missing or stale.")
        parser.add_argument("--id", type=int, nargs="+", dest="ids", help="Only these images.")

    def handle(self, *args, missing, ids, **options):
        images = Image.objects.order_by("pk")
        if ids:
            images = images.filter(pk__in=ids)
        total = images.count()
        bar = Progress(self.stdout, total) if options["verbosity"] > 0 else None
        made = failed = 0
        for done, image in enumerate(images.iterator(chunk_size=100), start=1):
            try:
                if not image.width or not image.content_hash:
                    renditions.describe(image)
                if renditions.refresh(image, force=not missing):
                    image.save(update_fields=["renditions", "width", "height", "content_hash"])
                    made += 1
            except (OSError, ValueError, SyntaxError) as error:
                failed += 1
                self.stderr.write(f"\nImage {image.pk} ({image.file.name}): {error}")
            if bar:
                bar.show(done)
        if options["verbosity"] > 0:
            self.stdout.write(f"\nRenditions made for {made} of {total} images; {failed} could not be read.")


class Progress:
    """A bar redrawn in place on a terminal; elsewhere (a log), a line every tenth of the way."""

    def __init__(self, stdout, total, width=40):
        self.stdout, self.total, self.width = stdout, max(total, 1), width
        self.tty = stdout.isatty()
        self.step = max(1, self.total // 10)

    def show(self, done):
        filled = self.width * done // self.total
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total}"
        if self.tty:
            self.stdout.write(f"\r{line}", ending="")
            self.stdout.flush()
        elif done % self.step == 0 or done == self.total:
            self.stdout.write(line)

"""The image library (2 of 3): every article's image, with its alt text, caption and credit in each
language, becomes an Image of the library, and the article's lead image; reversible.

Identical files (the same sha256) become one Image. Its texts are the articles' own; an article
whose text for the same file differs from one already recorded (not merely blank) gets an Image of
its own for that file, so no word is lost. Renditions are not made here: `manage.py
make_renditions` makes them (pages show the original, sized, until then). A file missing from
storage still moves (its name kept, no size: pages show its caption without a picture).
"""

import hashlib

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations
from PIL import Image as PillowImage

TEXTS = {"alt": "image_alt", "caption": "image_caption", "credit": "image_credit"}
# EXIF orientations that turn the picture a quarter: its upright width is its stored height.
QUARTER_TURNS = {5, 6, 7, 8}


def columns():
    """{Image column: Article column}: the untranslated ones and each language's."""
    codes = [code for code, _name in settings.LANGUAGES]
    found = dict(TEXTS)
    found.update({f"{new}_{code}": f"{old}_{code}" for new, old in TEXTS.items() for code in codes})
    return found


def read_file(field_file):
    """(sha256, upright width, upright height) of a stored file; for a missing or unreadable one,
    a hash of its name (so that it still moves) and no size."""
    try:
        digest = hashlib.sha256()
        with field_file.storage.open(field_file.name, "rb") as stored:
            for chunk in iter(lambda: stored.read(1 << 16), b""):
                digest.update(chunk)
            stored.seek(0)
            with PillowImage.open(stored) as picture:
                width, height = picture.size
                if picture.getexif().get(0x0112) in QUARTER_TURNS:
                    width, height = height, width
        return digest.hexdigest(), width, height
    except (OSError, ValueError, SyntaxError, PillowImage.DecompressionBombError):
        return hashlib.sha256(b"missing:" + field_file.name.encode()).hexdigest(), 0, 0


def fits(image, texts):
    """Whether the texts agree with the image's wherever both have one."""
    return all(not value or not getattr(image, name) or getattr(image, name) == value for name, value in texts.items())


def move_images(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("articles", "Image")
    mapping = columns()
    by_hash = {}
    for article in Article._base_manager.exclude(image="").order_by("pk").iterator():
        texts = {new: getattr(article, old) or "" for new, old in mapping.items()}
        digest, width, height = read_file(article.image)
        image = next((found for found in by_hash.get(digest, []) if fits(found, texts)), None)
        if image is None:
            image = Image.objects.create(
                file=article.image.name, content_hash=digest, width=width, height=height, **texts
            )
            by_hash.setdefault(digest, []).append(image)
        else:
            blanks = {name: value for name, value in texts.items() if value and not getattr(image, name)}
            if blanks:
                for name, value in blanks.items():
                    setattr(image, name, value)
                image.save(update_fields=list(blanks))
        Article._base_manager.filter(pk=article.pk).update(lead_image=image)


def move_back(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    mapping = columns()
    for article in Article._base_manager.exclude(lead_image=None).select_related("lead_image").iterator():
        image = article.lead_image
        values = {old: getattr(image, new) for new, old in mapping.items()}
        Article._base_manager.filter(pk=article.pk).update(image=image.file.name, lead_image=None, **values)


REPORTER = ["add_image", "view_image"]
EDITOR = ["add_image", "change_image", "delete_image", "view_image"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Reporter", REPORTER), ("Editor", EDITOR)):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="articles", codename__in=EDITOR).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_image_library"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(move_images, move_back),
        migrations.RunPython(grant, revoke),
    ]

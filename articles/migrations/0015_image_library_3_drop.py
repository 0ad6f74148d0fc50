"""The image library (3 of 3): the article's own image fields, moved into the library by 2."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_image_library_2_move"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="article",
            name="image",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_alt",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_alt_ar",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_alt_en",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_caption",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_caption_ar",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_caption_en",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_credit",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_credit_ar",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_credit_en",
        ),
    ]

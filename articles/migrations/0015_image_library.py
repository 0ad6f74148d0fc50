"""The image library (1 of 3): the Image table and the article's lead image. 2 moves the article
images into it, 3 drops the article's own image fields: three migrations, as PostgreSQL refuses to
alter a table in the transaction that updated its rows (pending deferred foreign-key checks)."""

import articles.renditions
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_import_report"),
    ]

    operations = [
        migrations.CreateModel(
            name="Image",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "file",
                    models.ImageField(
                        help_text="A JPEG, PNG, WebP, GIF or AVIF picture.",
                        upload_to="images/%Y/%m/",
                        validators=[articles.renditions.validate_image_file],
                        verbose_name="file",
                    ),
                ),
                (
                    "alt",
                    models.CharField(
                        blank=True,
                        help_text="What the image shows, for readers who cannot see it.",
                        max_length=300,
                        verbose_name="alt text",
                    ),
                ),
                (
                    "alt_en",
                    models.CharField(
                        blank=True,
                        help_text="What the image shows, for readers who cannot see it.",
                        max_length=300,
                        null=True,
                        verbose_name="alt text",
                    ),
                ),
                (
                    "alt_ar",
                    models.CharField(
                        blank=True,
                        help_text="What the image shows, for readers who cannot see it.",
                        max_length=300,
                        null=True,
                        verbose_name="alt text",
                    ),
                ),
                ("caption", models.CharField(blank=True, max_length=500, verbose_name="caption")),
                ("caption_en", models.CharField(blank=True, max_length=500, null=True, verbose_name="caption")),
                ("caption_ar", models.CharField(blank=True, max_length=500, null=True, verbose_name="caption")),
                ("credit", models.CharField(blank=True, max_length=200, verbose_name="credit")),
                ("credit_en", models.CharField(blank=True, max_length=200, null=True, verbose_name="credit")),
                ("credit_ar", models.CharField(blank=True, max_length=200, null=True, verbose_name="credit")),
                ("width", models.PositiveIntegerField(default=0, editable=False, verbose_name="width")),
                ("height", models.PositiveIntegerField(default=0, editable=False, verbose_name="height")),
                (
                    "focal_x",
                    models.FloatField(
                        default=0.5,
                        help_text="Click the picture to set it.",
                        validators=[
                            django.core.validators.MinValueValidator(0.0),
                            django.core.validators.MaxValueValidator(1.0),
                        ],
                        verbose_name="focal point (across)",
                    ),
                ),
                (
                    "focal_y",
                    models.FloatField(
                        default=0.5,
                        validators=[
                            django.core.validators.MinValueValidator(0.0),
                            django.core.validators.MaxValueValidator(1.0),
                        ],
                        verbose_name="focal point (down)",
                    ),
                ),
                (
                    "content_hash",
                    models.CharField(db_index=True, editable=False, max_length=64, verbose_name="content hash"),
                ),
                ("renditions", models.JSONField(blank=True, default=dict, editable=False, verbose_name="renditions")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="uploaded"),
                ),
            ],
            options={
                "verbose_name": "image",
                "verbose_name_plural": "images",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="lead_image",
            field=models.ForeignKey(
                blank=True,
                help_text="Chosen from the image library, where its alt text, caption and credit are written.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="articles.image",
                verbose_name="lead image",
            ),
        ),
    ]

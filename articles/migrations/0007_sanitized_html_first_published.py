from django.db import migrations
from django.db.models import F

import editorial.fields


def fill_first_published(apps, schema_editor):
    # Scheduled articles used to get no first publication time, so they never reached the news
    # sitemap: their first publication is their publish time.
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="published", first_published_at__isnull=True, publish_at__isnull=False).update(
        first_published_at=F("publish_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_prefixes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="body",
            field=editorial.fields.SanitizedHTMLField(
                blank=True, help_text="HTML; cleaned to the site's safe subset.", verbose_name="body"
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="body_ar",
            field=editorial.fields.SanitizedHTMLField(
                blank=True, help_text="HTML; cleaned to the site's safe subset.", null=True, verbose_name="body"
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="body_en",
            field=editorial.fields.SanitizedHTMLField(
                blank=True, help_text="HTML; cleaned to the site's safe subset.", null=True, verbose_name="body"
            ),
        ),
        migrations.AlterField(
            model_name="author",
            name="bio",
            field=editorial.fields.SanitizedHTMLField(
                blank=True, help_text="HTML; cleaned to the site's safe subset.", verbose_name="biography"
            ),
        ),
        migrations.AlterField(
            model_name="author",
            name="bio_ar",
            field=editorial.fields.SanitizedHTMLField(
                blank=True, help_text="HTML; cleaned to the site's safe subset.", null=True, verbose_name="biography"
            ),
        ),
        migrations.AlterField(
            model_name="author",
            name="bio_en",
            field=editorial.fields.SanitizedHTMLField(
                blank=True, help_text="HTML; cleaned to the site's safe subset.", null=True, verbose_name="biography"
            ),
        ),
        migrations.RunPython(fill_first_published, migrations.RunPython.noop),
    ]

"""The article form shows the featured image itself, small, not only its file name."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


def png():
    data = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(data, "PNG")
    return SimpleUploadedFile("harbour.png", data.getvalue(), content_type="image/png")


def test_the_change_form_shows_a_thumbnail_of_the_featured_image(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = make_article(image=png(), image_alt_en="The harbour")
    client.force_login(make_editor())
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    thumbnail = re.search(r'<a class="nr-thumb" href="([^"]+)"[^>]*><img src="([^"]+)"', html)
    assert thumbnail, "no thumbnail on the form"
    assert thumbnail.group(1) == thumbnail.group(2) == article.image.url
    # The file can still be changed or cleared.
    assert 'type="file" name="image"' in html and 'name="image-clear"' in html


def test_no_image_no_thumbnail(client):
    article = make_article()
    client.force_login(make_editor())
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'class="nr-thumb"' not in html

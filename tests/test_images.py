"""The image library: uploads (and what is refused), reuse, the admin's thumbnails, autocomplete
and focal point, the page markup, and the data migration that moved article images into it."""

import hashlib
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Image
from tests.factories import (
    article_form_data,
    make_article,
    make_editor,
    make_image,
    make_reporter,
    picture_bytes,
)

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def admin_url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"admin:{name}", args=args)


def upload(client, name, content, **fields):
    data = {"file": SimpleUploadedFile(name, content), "focal_x": "0.5", "focal_y": "0.5", **fields}
    return client.post(admin_url("articles_image_add"), data)


def form_errors(response):
    return response.context["adminform"].form.errors if response.context else {}


# -- uploads ------------------------------------------------------------------------------


def test_an_editor_uploads_a_picture_once_with_its_words_and_renditions(client):
    client.force_login(make_editor())
    response = upload(client, "port.jpg", picture_bytes((900, 600), "JPEG"), alt_en="Cranes", alt_ar="رافعات")
    assert response.status_code == 302, form_errors(response)
    image = Image.objects.get()
    assert (image.width, image.height, image.alt_ar) == (900, 600, "رافعات")
    assert image.content_hash == hashlib.sha256(picture_bytes((900, 600), "JPEG")).hexdigest()
    assert [w for w, _h, _n in image.renditions["sources"]["webp"]] == [320, 480, 640, 900]


def test_the_same_picture_uploaded_again_is_refused_and_points_to_the_one_in_the_library(client):
    client.force_login(make_editor())
    first = make_image("port.png", size=(60, 40), alt_en="Cranes")
    response = upload(client, "copy.png", picture_bytes((60, 40)))
    assert response.status_code == 200
    assert f"number {first.pk}" in str(form_errors(response)["file"])
    assert Image.objects.count() == 1


@pytest.mark.parametrize(
    "name, content",
    [
        ("notes.png", b"these are words, not a picture"),
        ("drawing.svg", SVG),
        ("drawing.png", SVG),  # an SVG under a picture's name
        ("page.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n"),
        ("shot.tiff", picture_bytes((20, 20), "TIFF")),  # a picture, but no format browsers show
    ],
)
def test_what_is_not_a_web_picture_is_refused(client, name, content):
    client.force_login(make_editor())
    response = upload(client, name, content)
    assert response.status_code == 200
    assert "file" in form_errors(response)
    assert not Image.objects.exists()


def test_a_picture_with_too_many_pixels_is_refused(client, settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 10_000
    client.force_login(make_editor())
    response = upload(client, "huge.png", picture_bytes((200, 100)))
    assert response.status_code == 200
    assert "20,000 pixels" in str(form_errors(response)["file"])
    assert upload(client, "fits.png", picture_bytes((100, 100))).status_code == 302


def test_reporters_add_pictures_and_only_editors_change_or_delete_them(client):
    image = make_image(alt_en="Cranes")
    client.force_login(make_reporter())
    assert upload(client, "mine.png", picture_bytes((30, 30))).status_code == 302
    assert client.get(admin_url("articles_image_change", image.pk)).status_code == 200  # to view
    assert client.post(admin_url("articles_image_delete", image.pk), {"post": "yes"}).status_code == 403
    client.force_login(make_editor())
    assert client.post(admin_url("articles_image_delete", image.pk), {"post": "yes"}).status_code == 302


# -- the admin ------------------------------------------------------------------------------


def test_the_library_list_and_the_change_page_show_the_picture_and_its_focal_point_picker(client):
    image = make_image(size=(800, 450), alt_en="Cranes")
    client.force_login(make_editor())
    listing = client.get(admin_url("articles_image_changelist")).content.decode()
    assert f'src="/media/{image.renditions["sources"]["webp"][0][2]}"' in listing
    page = client.get(admin_url("articles_image_change", image.pk, lang="ar")).content.decode()
    assert '<div class="nr-focal"><img src="/media/' in page
    assert "articles/admin/focal_point.js" in page
    assert re.search(r'<input[^>]*name="alt_ar"[^>]*dir="rtl"', page) or re.search(
        r'<input[^>]*dir="rtl"[^>]*name="alt_ar"', page
    )


def test_the_focal_point_is_saved_from_the_form(client):
    image = make_image(size=(400, 300))
    client.force_login(make_editor())
    response = client.post(
        admin_url("articles_image_change", image.pk), {"focal_x": "0.25", "focal_y": "0.75", "alt_en": "A ship"}
    )
    assert response.status_code == 302, form_errors(response)
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.25, 0.75)
    assert image.renditions["social"][2].endswith("social-250-750.jpg")


def test_the_lead_image_autocomplete_answers_with_thumbnails(client):
    image = make_image(size=(400, 300), alt_en="Cranes at the port")
    make_image("other.png", size=(30, 30), content=picture_bytes((30, 30), color=(1, 2, 3)), alt_en="A desert")
    client.force_login(make_reporter())
    response = client.get(
        admin_url("articles_image_autocomplete"),
        {"term": "cranes", "app_label": "articles", "model_name": "article", "field_name": "lead_image"},
    )
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["id"] == str(image.pk) and result["text"] == "Cranes at the port"
    assert result["thumb"] == "/media/" + image.renditions["sources"]["webp"][0][2]


def test_the_article_form_picks_the_lead_image_from_the_library(client):
    image = make_image(size=(400, 300), alt_en="Cranes")
    client.force_login(make_editor())
    page = client.get(admin_url("articles_article_add")).content.decode()
    assert 'class="nr-image-choice' in page and "articles/admin/image_choice.js" in page
    data = article_form_data(title_en="Port", body_en="<p>Body.</p>", slug="port", lead_image=image.pk)
    response = client.post(admin_url("articles_article_add"), data)
    assert response.status_code == 302, form_errors(response)
    assert Article.objects.get(slug="port").lead_image == image


def test_an_article_in_arabic_needs_its_lead_image_described_in_arabic(client):
    image = make_image(size=(400, 300), alt_en="Cranes")
    client.force_login(make_editor())
    data = article_form_data(
        title_en="Port",
        body_en="<p>Body.</p>",
        title_ar="ميناء",
        body_ar="<p>نص.</p>",
        slug="port",
        lead_image=image.pk,
    )
    response = client.post(admin_url("articles_article_add"), data)
    assert response.status_code == 200
    assert "lead_image" in form_errors(response)


# -- pages ----------------------------------------------------------------------------------


def test_the_lead_image_is_a_picture_sized_before_it_loads_and_fetched_first(client):
    image = make_image("port.png", size=(1600, 900), alt_en="Cranes", caption_en="Dawn", credit_en="KUNA")
    make_article("port", lead_image=image)
    html = client.get("/en/articles/port/").content.decode()
    picture = re.search(r"<picture>(.*?)</picture>", html, re.S).group(1)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', picture)
    assert [c.rsplit(" ", 1)[1] for c in webp.group(1).split(", ")] == [
        "320w",
        "480w",
        "640w",
        "960w",
        "1280w",
        "1600w",
    ]
    assert "100vw" in webp.group(2)
    img = re.search(r"<img [^>]+>", picture).group(0)
    for attribute in ('width="1600"', 'height="900"', 'fetchpriority="high"', 'loading="eager"', 'alt="Cranes"'):
        assert attribute in img
    assert 'srcset="' in img and "/640.png" in img  # the fallback: the original's format, phone-sized src
    assert "<bdi>KUNA</bdi>" in html
    assert '<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">' in html


def test_a_picture_below_the_fold_loads_lazily_and_is_sized_too():
    image = make_image(size=(640, 480), alt_en="A ship")
    html = Template("{% load images %}{% figure image %}").render(Context({"image": image}))
    img = re.search(r"<img [^>]+>", html).group(0)
    assert 'loading="lazy"' in img and "fetchpriority" not in img
    assert 'width="640" height="480"' in img


# -- the data migration ------------------------------------------------------------------------

BEFORE = [("articles", "0015_image_library")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def store(name, content):
    return default_storage.save(name, ContentFile(content))


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_article_images_into_the_library_and_back():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("articles")
    apps = migrate(BEFORE)
    try:
        OldArticle = apps.get_model("articles", "Article")
        same, other = picture_bytes((50, 40)), picture_bytes((30, 20), color=(0, 90, 0))
        rows = {
            "first": {"image": store("articles/a.png", same), "image_alt_en": "Cranes", "image_credit_ar": "كونا"},
            # The same file again, uploaded twice: its words complete the first one's.
            "again": {"image": store("articles/b.png", same), "image_alt_en": "Cranes", "image_caption_en": "Dawn"},
            # The same file described differently: its own Image, so that no word is lost.
            "differs": {"image": store("articles/c.png", same), "image_alt_en": "A harbour"},
            "other": {"image": store("articles/d.png", other), "image_alt_ar": "صحراء"},
            "missing": {"image": "articles/gone.png", "image_alt_en": "Lost"},
            "none": {},
        }
        for slug, values in rows.items():
            OldArticle.objects.create(slug=slug, title="T", title_en="T", **values)

        apps = migrate(latest)
        articles = {a.slug: a for a in Article.objects.select_related("lead_image")}
        first, again, differs = (articles[s].lead_image for s in ("first", "again", "differs"))
        assert first == again != differs
        assert (first.alt_en, first.caption_en, first.credit_ar) == ("Cranes", "Dawn", "كونا")
        assert (first.width, first.height, first.content_hash) == (50, 40, hashlib.sha256(same).hexdigest())
        assert differs.alt_en == "A harbour" and differs.content_hash == first.content_hash
        assert articles["other"].lead_image.alt_ar == "صحراء"
        gone = articles["missing"].lead_image
        assert (gone.file.name, gone.alt_en, gone.width) == ("articles/gone.png", "Lost", 0)
        assert articles["none"].lead_image is None
        assert Image.objects.count() == 4

        apps = migrate(BEFORE)
        OldArticle = apps.get_model("articles", "Article")
        back = {a.slug: a for a in OldArticle.objects.all()}
        for slug, values in rows.items():
            for name, value in values.items():
                if name == "image" and slug != "missing":
                    # Identical files became one: the article gets the same bytes, under the first's name.
                    with default_storage.open(back[slug].image.name) as now, default_storage.open(value) as then:
                        assert now.read() == then.read(), slug
                else:
                    assert getattr(back[slug], name) == value, (slug, name)
        assert back["again"].image.name == "articles/a.png"
        assert back["again"].image_credit_ar == "كونا"  # what the shared Image said of it
    finally:
        migrate(latest)


def test_an_image_whose_file_was_lost_still_saves_its_words(media):
    image = make_image(size=(60, 40))
    (media / image.file.name).unlink()
    image.alt_en = "Found again"
    image.save()
    image.refresh_from_db()
    assert image.alt_en == "Found again"


def test_a_revert_to_a_lead_image_deleted_since_keeps_the_current_one_and_says_so(client):
    from articles import workflow

    gone, kept = (
        make_image("gone.png", size=(40, 30), alt_en="Gone"),
        make_image("kept.png", size=(30, 30), content=picture_bytes((30, 30), color=(9, 9, 9)), alt_en="Kept"),
    )
    client.force_login(make_editor())
    data = article_form_data(title_en="Port", body_en="<p>Body.</p>", slug="port", lead_image=gone.pk)
    assert client.post(admin_url("articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="port")
    data = article_form_data(article, lead_image=kept.pk)
    assert client.post(admin_url("articles_article_change", article.pk), data).status_code == 302
    gone.delete()
    article.refresh_from_db()
    oldest = list(workflow.article_versions(article))[-1]
    url = admin_url("articles_article_revert", article.pk, oldest.pk)
    response = client.post(url, {"base_version": article.version}, follow=True)
    assert any("its lead image (since deleted" in str(m) for m in response.context["messages"])
    article.refresh_from_db()
    assert article.lead_image == kept


def test_the_lead_image_box_is_named_for_screen_readers_like_the_other_searchable_boxes(client):
    """a11y.js names each searchable select (select2) after its label, finding them by class; the
    lead image's box has a class of its own (image_choice.js), and went unnamed (axe: serious)."""
    client.force_login(make_editor())
    html = client.get(admin_url("articles_article_change", make_article().pk)).content.decode()
    with open(finders.find("articles/admin/a11y.js"), encoding="utf-8") as file:
        a11y = file.read()
    boxes = re.findall(r'<select[^>]*\bdata-ajax--url="[^"]*"[^>]*>', html)
    assert any('name="lead_image"' in box for box in boxes)
    for box in boxes:
        classes = re.search(r'class="([^"]*)"', box).group(1).split()
        assert any(f"select.{name}" in a11y for name in classes), box

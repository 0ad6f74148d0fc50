"""Renditions: made when an image is saved, in the widths and formats pages offer, never upscaled,
a social crop that keeps the focal point in frame, and pages that read them without storage."""

import io
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image as PillowImage
from PIL import ImageDraw, features

from articles import renditions
from tests.factories import make_article, make_image, make_tag, picture_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(name):
    with default_storage.open(name, "rb") as file, PillowImage.open(io.BytesIO(file.read())) as picture:
        return picture.format, picture.size


def test_saving_an_image_makes_every_width_in_webp_avif_and_its_own_format():
    image = make_image("port.png", size=(1600, 900))
    assert (image.width, image.height) == (1600, 900)
    sources = image.renditions["sources"]
    expected_kinds = {"avif", "webp", "png"} if features.check("avif") else {"webp", "png"}
    assert set(sources) == expected_kinds and image.renditions["fallback"] == "png"
    image.refresh_from_db()  # the order pages offer them in, whatever the database kept
    assert [mime for mime, _found in image.sources()][-2:] == ["image/webp", "image/png"]
    for kind, pillow_format in {"avif": "AVIF", "webp": "WEBP", "png": "PNG"}.items():
        if kind not in sources:
            continue
        assert [width for width, _height, _name in sources[kind]] == [320, 480, 640, 960, 1280, 1600]
        for width, height, name in sources[kind]:
            assert stored(name) == (pillow_format, (width, height))
            assert height == round(width * 900 / 1600)


def test_a_jpeg_falls_back_to_jpeg_and_a_small_picture_is_never_upscaled():
    image = make_image("small.jpg", size=(500, 300))
    sources = image.renditions["sources"]
    assert image.renditions["fallback"] == "jpeg"
    for found in sources.values():
        assert [width for width, _height, _name in found] == [320, 480, 500]
    assert stored(sources["jpeg"][-1][2]) == ("JPEG", (500, 300))


def test_a_picture_turned_by_its_exif_is_measured_and_rendered_upright():
    picture = PillowImage.new("RGB", (400, 200), (10, 120, 10))
    exif = picture.getexif()
    exif[0x0112] = 6  # rotate 90 degrees to show
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    image = make_image("turned.jpg", content=buffer.getvalue())
    assert (image.width, image.height) == (200, 400)
    assert stored(image.renditions["sources"]["webp"][0][2])[1] == (200, 400)


@given(
    width=st.integers(1, 5000),
    height=st.integers(1, 5000),
    x=st.floats(0, 1),
    y=st.floats(0, 1),
)
def test_the_focal_crop_has_the_social_proportions_and_keeps_the_focal_point_in_frame(width, height, x, y):
    left, top, right, bottom = renditions.focal_crop_box((width, height), (x, y))
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert left <= x * width <= right and top <= y * height <= bottom
    # As close to 1200:630 as whole pixels allow, and as large as the picture allows.
    assert abs((right - left) - (bottom - top) * 1200 / 630) <= 1200 / 630 + 1
    assert right - left == width or bottom - top == height


def red_share(name, box):
    """How much of `box` in the stored picture `name` is the red mark."""
    with default_storage.open(name, "rb") as file, PillowImage.open(io.BytesIO(file.read())) as picture:
        region = picture.convert("RGB").crop(box)
        colors = region.getcolors(maxcolors=region.width * region.height)
        red = sum(count for count, (r, g, b) in colors if r > 180 and g < 90 and b < 90)
        return red / (region.width * region.height)


def test_the_open_graph_crop_is_1200_by_630_and_shows_the_focal_point():
    picture = PillowImage.new("RGB", (1600, 1200), (230, 230, 230))
    # A red mark near the top right corner: a centred crop (the default) leaves it out.
    ImageDraw.Draw(picture).ellipse([1480, 40, 1560, 120], fill=(220, 20, 20))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = make_image("mark.png", content=buffer.getvalue())
    width, height, name = image.renditions["social"]
    assert (width, height) == (1200, 630) and stored(name) == ("JPEG", (1200, 630))
    assert red_share(name, (0, 0, 1200, 630)) == 0

    image.focal_x, image.focal_y = 1520 / 1600, 80 / 1200
    image.save()
    width, height, name = image.renditions["social"]
    assert stored(name) == ("JPEG", (1200, 630))
    # The whole mark: about 5,000 pixels of the original, 0.75 times as wide in the crop.
    assert red_share(name, (0, 0, 1200, 630)) > 0.8 * 3.14 * 40 * 40 * 0.75**2 / (1200 * 630)


def test_renditions_are_remade_for_a_new_focal_point_or_file_but_not_for_new_words():
    image = make_image("words.png", size=(400, 300))
    with mock.patch("articles.renditions.make", wraps=renditions.make) as make:
        image.alt_en, image.caption_en = "A ship", "At dawn"
        image.save()
        assert make.call_count == 0
        image.focal_x = 0.2
        image.save()
        assert make.call_count == 1


def test_make_renditions_remakes_every_image_with_a_progress_bar(media):
    images = [
        make_image(f"p{i}.png", size=(360, 200), content=picture_bytes((360, 200), color=(i, 80, 80))) for i in range(3)
    ]
    lost = images[1].renditions["sources"]["webp"][0][2]
    default_storage.delete(lost)
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert default_storage.exists(lost)
    assert "[" + "#" * 40 + "] 3/3" in out.getvalue()
    assert "Renditions made for 3 of 3 images" in out.getvalue()


def test_an_article_page_reads_no_storage_and_no_pillow(client):
    image = make_image("page.png", size=(800, 450), alt_en="A port")
    make_article("no-storage", lead_image=image)
    default_storage.exists("set up the lazy storage")
    media_storage = default_storage._wrapped
    with (
        mock.patch.object(media_storage, "open", side_effect=AssertionError("storage opened")),
        mock.patch.object(media_storage, "exists", side_effect=AssertionError("storage asked")),
        mock.patch.object(media_storage, "size", side_effect=AssertionError("storage asked")),
        mock.patch("PIL.Image.open", side_effect=AssertionError("Pillow opened a file")),
    ):
        response = client.get("/en/articles/no-storage/")
    assert response.status_code == 200
    assert "/media/images/renditions/" in response.content.decode()


def test_the_article_page_keeps_its_query_budget_with_a_lead_image(client, django_assert_num_queries):
    # With tags, so that the related articles are looked up too: the page's every query.
    tag = make_tag("ports")
    image = make_image("budget.png", size=(800, 450), alt_en="A port")
    make_article("budget", lead_image=image, tags=[tag])
    make_article("related", tags=[tag])
    with django_assert_num_queries(4):
        assert client.get("/en/articles/budget/").status_code == 200

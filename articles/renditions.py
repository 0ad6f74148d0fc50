"""An image's renditions, made with Pillow when the image is saved and recorded on its row.

Pages read the record (names, widths, heights) and never open storage or Pillow: see README,
"Images". Widths are never upscaled; EXIF (GPS included) is not copied into renditions.
"""

import hashlib
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError, features

WIDTHS = (320, 480, 640, 960, 1280, 1600)
SOCIAL = (1200, 630)  # Open Graph's and JSON-LD's crop, around the focal point
# Bumped when what a rendition looks like changes, so make_renditions and saves remake them.
RECIPE = 1
# What an upload may be: the formats browsers show (Pillow can read more, some of them through
# external programs: EPS runs Ghostscript). SVG is not a raster format Pillow reads at all.
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "AVIF"}
DEFAULT_MAX_PIXELS = 40_000_000
ENCODERS = {
    "avif": ("AVIF", {"quality": 60, "speed": 8}),
    "webp": ("WEBP", {"quality": 75, "method": 4}),
    "jpeg": ("JPEG", {"quality": 80, "optimize": True, "progressive": True}),
    "png": ("PNG", {"compress_level": 6}),
}
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


def max_pixels():
    """NEWSROOM_IMAGE_MAX_PIXELS: the largest upload, in pixels (40 million by default)."""
    return getattr(settings, "NEWSROOM_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def modern_formats():
    """The formats offered before the fallback, best first: AVIF only where this Pillow writes it."""
    return ("avif", "webp") if features.check("avif") else ("webp",)


def validate_image_file(file):
    """Refuses what is not a picture of an accepted format (SVG, text, PDF...) or has too many pixels."""
    try:
        file.open("rb")
        file.seek(0)
        # Only the header is read here: the size is known before a pixel is decoded.
        with PillowImage.open(file) as picture:
            image_format, (width, height) = picture.format, picture.size
    except (UnidentifiedImageError, PillowImage.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Upload a picture: a JPEG, PNG, WebP, GIF or AVIF file."), code="invalid_image"
        ) from error
    finally:
        file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(_("Upload a picture: a JPEG, PNG, WebP, GIF or AVIF file."), code="invalid_image")
    if width * height > max_pixels():
        raise ValidationError(
            _("This picture has %(pixels)s pixels; the most accepted is %(limit)s."),
            code="too_many_pixels",
            params={"pixels": f"{width * height:,}", "limit": f"{max_pixels():,}"},
        )


def content_hash(file):
    """sha256 of the file's bytes: the same picture uploaded twice has the same hash."""
    digest = hashlib.sha256()
    file.open("rb")
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def load(file):
    """The picture upright (EXIF orientation applied), fully decoded, and its original format."""
    file.open("rb")
    file.seek(0)
    with PillowImage.open(file) as picture:
        image_format = picture.format
        picture = ImageOps.exif_transpose(picture)
        picture.load()
    file.seek(0)
    return picture, image_format


def fallback_format(image_format, picture):
    """The original's own format for the browsers without WebP, JPEG or PNG (by transparency) otherwise."""
    if image_format in ("JPEG", "PNG"):
        return image_format.lower()
    return "png" if has_alpha(picture) else "jpeg"


def has_alpha(picture):
    return picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)


def widths_for(width):
    """The rendition widths of a picture `width` pixels wide: never wider than it."""
    widest = min(width, WIDTHS[-1])
    return sorted({w for w in WIDTHS if w < widest} | {widest})


def focal_crop_box(size, focal, target=SOCIAL):
    """The largest box of `target`'s proportions inside `size`, centred on the focal point
    (fractions x, y) as far as the edges allow: the focal point is always inside it."""
    width, height = size
    ratio = target[0] / target[1]
    crop_w, crop_h = (round(height * ratio), height) if width / height > ratio else (width, round(width / ratio))
    crop_w, crop_h = min(crop_w, width), min(crop_h, height)
    left = min(max(round(focal[0] * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(focal[1] * height - crop_h / 2), 0), height - crop_h)
    return left, top, left + crop_w, top + crop_h


def rendition_key(image):
    return f"{RECIPE}:{image.content_hash}:{image.focal_x:.4f}:{image.focal_y:.4f}"


def encode(picture, kind, icc_profile=None):
    name, options = ENCODERS[kind]
    if kind == "jpeg" or (kind != "png" and not has_alpha(picture)):
        picture = picture.convert("RGB")
    elif picture.mode not in ("RGB", "RGBA"):
        picture = picture.convert("RGBA" if has_alpha(picture) else "RGB")
    buffer = io.BytesIO()
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    picture.save(buffer, name, **options, **extra)
    return buffer.getvalue()


def store(name, data, storage=None):
    """Writes `data` at `name` in the originals' storage, replacing what was there; returns the name stored."""
    storage = storage or default_storage
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(data))


def make(image, storage=None):
    """Makes every rendition of `image` (widths x formats, and the social crop) and returns their record."""
    picture, image_format = load(image.file)
    icc = picture.info.get("icc_profile")
    # The recipe in the path: a remade rendition gets a new address, so no cache keeps the old one.
    folder = f"images/renditions/{image.content_hash[:2]}/{image.content_hash[:16]}/r{RECIPE}"
    kinds = (*modern_formats(), fallback_format(image_format, picture))
    sources = {kind: [] for kind in kinds}
    for width in widths_for(picture.width):
        height = max(1, round(picture.height * width / picture.width))
        resized = picture if width == picture.width else picture.resize((width, height), PillowImage.LANCZOS)
        for kind in kinds:
            name = store(f"{folder}/{width}.{'jpg' if kind == 'jpeg' else kind}", encode(resized, kind, icc), storage)
            sources[kind].append([width, height, name])
    box = focal_crop_box(picture.size, (image.focal_x, image.focal_y))
    crop = picture.crop(box)
    if crop.width > SOCIAL[0]:
        crop = crop.resize(SOCIAL, PillowImage.LANCZOS)
    focal = f"{round(image.focal_x * 1000):03d}-{round(image.focal_y * 1000):03d}"
    social = store(f"{folder}/social-{focal}.jpg", encode(crop, "jpeg", icc), storage)
    return {
        "key": rendition_key(image),
        "fallback": kinds[-1],
        "sources": sources,
        "social": [crop.width, crop.height, social],
    }


def describe(image):
    """Reads a new file's hash and upright size onto `image` (before it is saved)."""
    image.content_hash = content_hash(image.file)
    picture, _format = load(image.file)
    image.width, image.height = picture.size


def refresh(image, force=False):
    """Remakes `image`'s renditions if its file, its focal point or the recipe changed (or if forced)."""
    if force or (image.renditions or {}).get("key") != rendition_key(image):
        image.renditions = make(image)
        return True
    return False

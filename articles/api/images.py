"""The article's image as the API gives it: one function, so that how articles carry images
changes the API in one place."""

from editorial.languages import edition_text


def article_image(article, code, request):
    """{url, width, height, alt, caption, credit, renditions, social} of the article's lead image
    (a library image) in edition `code`, or None. Read from the image row only: no storage access."""
    image = article.lead_image
    if image is None:
        return None
    social_url, social_width, social_height = image.social()
    return {
        "url": request.build_absolute_uri(image.url),
        "width": image.width or None,
        "height": image.height or None,
        "alt": edition_text(image, "alt", code),
        "caption": edition_text(image, "caption", code),
        "credit": edition_text(image, "credit", code),
        # Smaller copies for responsive use, best format first, each {url, width, type}.
        "renditions": [
            {"url": request.build_absolute_uri(url), "width": width, "type": mime}
            for mime, found in image.sources()
            for url, width in found
        ],
        "social": {"url": request.build_absolute_uri(social_url), "width": social_width, "height": social_height},
    }

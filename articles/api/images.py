"""The article's image as the API gives it: one function, so that a change in how articles
carry images (an image library with renditions) changes the API in one place."""

from editorial.languages import edition_text


def article_image(article, code, request):
    """{url, alt, caption, credit, renditions} of the article's lead image in edition `code`, or None."""
    if not article.image:
        return None
    return {
        "url": request.build_absolute_uri(article.image.url),
        "alt": edition_text(article, "image_alt", code),
        "caption": edition_text(article, "image_caption", code),
        "credit": edition_text(article, "image_credit", code),
        # Smaller copies for responsive use, each {url, width, height, format}: none made yet.
        "renditions": [],
    }

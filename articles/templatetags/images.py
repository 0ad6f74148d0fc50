"""Pictures from the image library as pages show them: <picture> from the renditions recorded on
the image's row (no storage, no Pillow, no query), with the box sized before the file arrives."""

from django import template

register = template.Library()

# The article column: the whole width less the page's padding on a phone, at most --measure (42rem).
ARTICLE_SIZES = "(max-width: 44rem) calc(100vw - 2rem), 42rem"
# The fallback's src for browsers without srcset: about a phone's width at twice its density.
FALLBACK_WIDTH = 640


def srcset(candidates):
    return ", ".join(f"{url} {width}w" for url, width in candidates)


@register.inclusion_tag("articles/includes/picture.html")
def figure(image, lead=False, sizes=ARTICLE_SIZES):
    """A figure with the picture and its caption and credit in the current language.

    The lead image loads at once with high priority (it is the largest thing above the fold);
    any other loads lazily. width and height give the box its proportions before any byte.
    """
    sources = image.sources()
    modern, fallback = sources[:-1], sources[-1][1] if sources else []
    src = next((url for url, width in fallback if width >= FALLBACK_WIDTH), fallback[-1][0] if fallback else image.url)
    return {
        "image": image,
        "sources": [(mime, srcset(candidates)) for mime, candidates in modern],
        "src": src,
        "srcset": srcset(fallback),
        "sizes": sizes,
        "lead": lead,
    }

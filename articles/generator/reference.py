"""The generator's sections, authors and tags: created once, reused by slug on later runs."""

from itertools import product

from django.utils.text import slugify

from articles.models import Author
from taxonomy.models import Section, Tag

from . import words
from .text import vocabulary

TAG_COUNT = 2_000
AUTHOR_COUNT = 500
# Tag names pair two content words (past the function words at the head of each vocabulary).
TAG_WORDS_FROM = 60


def _ensure(model, instances, using):
    """The instances' rows by slug, inserting the missing ones (existing rows are left as they are)."""
    model.objects.using(using).bulk_create(instances, ignore_conflicts=True)
    slugs = [instance.slug for instance in instances]
    found = {row.slug: row for row in model.objects.using(using).filter(slug__in=slugs)}
    # A tag whose name another slug holds already is skipped by ignore_conflicts: not used then.
    return [found[slug] for slug in slugs if slug in found]


def sections(using=None):
    return _ensure(
        Section,
        [
            Section(slug=slug, name_en=en, name_ar=ar, position=position)
            for position, (slug, en, ar) in enumerate(words.SECTIONS)
        ],
        using,
    )


def authors(using=None):
    names = list(product(words.GIVEN_NAMES, words.FAMILY_NAMES))[:AUTHOR_COUNT]
    return _ensure(
        Author,
        [
            Author(
                slug=slugify(f"{given[0]} {family[0]}"),
                name_en=f"{given[0]} {family[0]}",
                name_ar=f"{given[1]} {family[1]}",
                job_title_en=words.JOB_TITLES[i % len(words.JOB_TITLES)][0],
                job_title_ar=words.JOB_TITLES[i % len(words.JOB_TITLES)][1],
            )
            for i, (given, family) in enumerate(names)
        ],
        using,
    )


def tag_names():
    """TAG_COUNT distinct (English, Arabic) names: pairs of distinct content words in each language."""
    english = vocabulary("en")[TAG_WORDS_FROM:]
    arabic = vocabulary("ar")[TAG_WORDS_FROM:]
    side = 50
    pairs = product(range(side), range(side, 2 * side))
    return [(f"{english[a].capitalize()} {english[b]}", f"{arabic[a]} {arabic[b]}") for a, b in list(pairs)[:TAG_COUNT]]


def tags(using=None):
    return _ensure(Tag, [Tag(slug=slugify(en), name_en=en, name_ar=ar) for en, ar in tag_names()], using)

"""Small helpers that build test data in code. Every test module uses these, not JSON fixtures."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Author, Byline
from taxonomy.models import Section, Tag

_seq = itertools.count(1)


def n():
    return next(_seq)


def make_user(username=None, group=None, superuser=False, **extra):
    User = get_user_model()
    username = username or f"user{n()}"
    if superuser:
        user = User.objects.create_superuser(username=username, password="pw", email=f"{username}@example.com")
    else:
        user = User.objects.create_user(username=username, password="pw", is_staff=True, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_reporter(username=None):
    return make_user(username or f"reporter{n()}", group="Reporter")


def make_editor(username=None):
    return make_user(username or f"editor{n()}", group="Editor")


def make_section(slug=None, name_en=None, name_ar="", position=0):
    i = n()
    slug = slug or f"section-{i}"
    return Section.objects.create(slug=slug, name_en=name_en or slug.title(), name_ar=name_ar, position=position)


def make_tag(slug=None, name_en=None, name_ar=None):
    i = n()
    slug = slug or f"tag-{i}"
    return Tag.objects.create(slug=slug, name_en=name_en or slug.replace("-", " ").title(), name_ar=name_ar)


def make_author(slug=None, name_en=None, name_ar="", user=None, **extra):
    i = n()
    slug = slug or f"author-{i}"
    return Author.objects.create(slug=slug, name_en=name_en or slug.title(), name_ar=name_ar, user=user, **extra)


def make_article(
    slug=None,
    title_en="A headline",
    body_en="<p>Body text.</p>",
    title_ar="",
    body_ar="",
    status=Article.Status.PUBLISHED,
    publish_at=None,
    section=None,
    tags=(),
    authors=(),
    **extra,
):
    """An article; published an hour ago unless told otherwise."""
    i = n()
    if publish_at is None and status == Article.Status.PUBLISHED:
        publish_at = timezone.now() - timedelta(hours=1)
    article = Article.objects.create(
        slug=slug or f"article-{i}",
        title_en=title_en,
        body_en=body_en,
        title_ar=title_ar,
        body_ar=body_ar,
        status=status,
        publish_at=publish_at,
        section=section,
        **extra,
    )
    if tags:
        article.tags.add(*tags)
    for position, author in enumerate(authors):
        Byline.objects.create(article=article, author=author, position=position)
    return article


def article_form_data(article=None, authors=(), **values):
    """A complete admin add/change form POST for an article (its current values, then `values`).

    `authors` adds new bylines; an existing article's bylines are posted back unchanged.
    """
    from modeltranslation.utils import build_localized_fieldname

    from editorial.languages import language_codes

    data = {"section": "", "original_language": "en", "source": "", "status": "draft"}
    for name in (
        "title",
        "slug",
        "standfirst",
        "body",
        "dateline",
        "image_alt",
        "image_caption",
        "image_credit",
        "correction",
    ):
        for code in language_codes():
            field = build_localized_fieldname(name, code)
            data[field] = getattr(article, field, "") or "" if article is not None else ""
    data.update({"publish_at_0": "", "publish_at_1": "", "correction_at_0": "", "correction_at_1": ""})
    existing = []
    if article is not None:
        data.update(
            {
                "section": article.section_id or "",
                "original_language": article.original_language,
                "source": article.source,
                "status": article.status,
                "base_version": article.version,
                "tags": [tag.pk for tag in article.tags.all()],
            }
        )
        if article.publish_at:
            local = timezone.localtime(article.publish_at)
            data.update({"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")})
        if article.is_breaking:
            data["is_breaking"] = "on"
        existing = list(article.bylines.all())
    for i, byline in enumerate(existing):
        data.update(
            {
                f"bylines-{i}-id": byline.pk,
                f"bylines-{i}-article": article.pk,
                f"bylines-{i}-author": byline.author_id,
                f"bylines-{i}-role": byline.role,
                f"bylines-{i}-position": byline.position,
            }
        )
    for j, author in enumerate(authors, start=len(existing)):
        data.update({f"bylines-{j}-author": author.pk, f"bylines-{j}-role": "reporter", f"bylines-{j}-position": j})
    data.update(
        {
            "bylines-TOTAL_FORMS": str(len(existing) + len(authors)),
            "bylines-INITIAL_FORMS": str(len(existing)),
            "bylines-MIN_NUM_FORMS": "0",
            "bylines-MAX_NUM_FORMS": "1000",
        }
    )
    if "slug" in values:
        # One slug given for the article: its slug in every language (each has its own field).
        slug = values.pop("slug")
        data.update({build_localized_fieldname("slug", code): slug for code in language_codes()})
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}

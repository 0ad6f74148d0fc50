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

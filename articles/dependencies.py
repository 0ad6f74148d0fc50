"""What a page shows and what a change invalidates, as the page cache's keys (and the CDN's
Surrogate-Key / Cache-Tag names).

A change to an article moves on its own page, the fronts and latest lists, its section's, tags'
and authors' pages and feeds, and the sitemaps: nothing else. Pages showing it as a related
article depend on it too. Names of sections, tags and authors are on many pages: renaming one
moves the whole site on (editorial.invalidation.SITE); creating a tag or an author shows nothing yet.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from editorial.invalidation import cache_call, changed, invalidate_pages_on, renamed
from taxonomy.models import TaggedArticle

from .models import Article, Author, Byline, Image

LATEST = "list-latest"
SCHEDULE = "schedule"
SITEMAP = "sitemap"
# Scheduled articles: the keys to move on when one comes due (nothing is written then).
DUE_KEY = "public:due:{}"
DUE_GRACE = 24 * 3600


def article_key(pk):
    return f"article-{pk}"


def shown_key(pk):
    """Moves on when article `pk` may no longer be shown (unpublished, withdrawn, deleted): pages
    listing it in passing depend on this at once, on its other changes with a lag."""
    return f"shown-{pk}"


def section_key(pk):
    return f"section-{pk}"


def tag_key(pk):
    return f"tag-{pk}"


def author_key(pk):
    return f"author-{pk}"


def article_keys(pk, section_ids=(), tag_ids=(), author_ids=()):
    return [
        article_key(pk),
        LATEST,
        SITEMAP,
        # The shared state's schedule is read again (one query) after any article changes.
        SCHEDULE,
        *(section_key(s) for s in section_ids if s),
        *(tag_key(t) for t in tag_ids),
        *(author_key(a) for a in author_ids),
    ]


def keys_of_article(article, extra_sections=(), extra_tags=(), extra_authors=()):
    """The keys a change to `article` moves on, its tags and authors read (two small indexed queries)."""
    tags = TaggedArticle.objects.filter(content_object_id=article.pk).values_list("tag_id", flat=True)
    authors = Byline.objects.filter(article_id=article.pk).values_list("author_id", flat=True)
    return article_keys(
        article.pk,
        {article.section_id, *extra_sections},
        {*tags, *extra_tags},
        {*authors, *extra_authors},
    )


def article_changed(article, using=None, **extra):
    keys = keys_of_article(article, **extra)
    # A published article shown elsewhere in passing stays showable; any other state may not be.
    changed([*keys, *([] if article.is_published() else [shown_key(article.pk)])], using=using)
    if article.is_scheduled():
        remember_due(article, keys)


def remember_due(article, keys):
    """Keeps, for when a scheduled article comes due by itself, the keys it will move on."""
    seconds = int((article.publish_at - timezone.now()).total_seconds()) + DUE_GRACE
    try:
        cache_call("set", DUE_KEY.format(article.pk), keys, seconds)
    except Exception:  # noqa: BLE001 -- the cache is optional: the site moves on whole instead (see due_keys)
        return


def due_keys(ids):
    """The keys to move on as the articles `ids` come due: remembered when they were saved, else
    (written in bulk, or the cache was emptied since) read from the database in three queries.
    Moving the whole site on instead made every page of a bulk-loaded archive go stale whenever
    one of its scheduled articles came due."""
    found = cache_call("get_many", [DUE_KEY.format(pk) for pk in ids])
    keys = {key for value in found.values() for key in value}
    forgotten = [pk for pk in set(ids) if DUE_KEY.format(pk) not in found]
    return keys | set(_keys_of_ids(forgotten)) if forgotten else keys


def _keys_of_ids(ids):
    sections = Article._base_manager.filter(pk__in=ids).values_list("pk", "section_id")
    tags = TaggedArticle.objects.filter(content_object_id__in=ids).values_list("tag_id", flat=True)
    authors = Byline.objects.filter(article_id__in=ids).values_list("author_id", flat=True)
    keys = {key for pk, section in sections for key in article_keys(pk, [section])}
    return [*keys, *(tag_key(pk) for pk in set(tags)), *(author_key(pk) for pk in set(authors))]


def _section_of(pk):
    return Article._base_manager.filter(pk=pk).values_list("section_id", flat=True).first()


def _before_article_save(sender, instance, raw=False, **kwargs):
    # The section it leaves: its pages list the article until they are told.
    if instance.pk and not raw:
        instance._section_before_save = _section_of(instance.pk)


def _article_saved(sender, instance, using=None, **kwargs):
    left = getattr(instance, "_section_before_save", None)
    article_changed(instance, using=using, extra_sections=[left] if left else ())


def _article_deleted(sender, instance, using=None, **kwargs):
    changed([*article_keys(instance.pk, [instance.section_id]), shown_key(instance.pk)], using=using)


def _byline_changed(sender, instance, using=None, **kwargs):
    article = Article(pk=instance.article_id)
    article.section_id = _section_of(instance.article_id)
    changed(keys_of_article(article, extra_authors=[instance.author_id]), using=using)


def _image_changed(sender, instance, using=None, **kwargs):
    # Its alt text, caption, credit and focal point show on the pages of the articles it leads:
    # their keys read in three queries however many articles use it (a logo may lead thousands).
    articles = dict(Article._base_manager.filter(lead_image=instance).values_list("pk", "section_id"))
    if not articles:
        return
    tags = TaggedArticle.objects.filter(content_object_id__in=articles).values_list("tag_id", flat=True)
    authors = Byline.objects.filter(article_id__in=articles).values_list("author_id", flat=True)
    keys = {key for pk, section in articles.items() for key in article_keys(pk, [section])}
    changed([*keys, *(tag_key(pk) for pk in set(tags)), *(author_key(pk) for pk in set(authors))], using=using)


def _tag_link_changed(sender, instance, using=None, **kwargs):
    changed([article_key(instance.content_object_id), LATEST, SITEMAP, tag_key(instance.tag_id)], using=using)


def _tags_changed(sender, instance, action, pk_set=None, using=None, model=None, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear") or not isinstance(instance, Article):
        return
    tags = pk_set or ()
    if action == "pre_clear":
        tags = TaggedArticle.objects.filter(content_object_id=instance.pk).values_list("tag_id", flat=True)
    changed([article_key(instance.pk), LATEST, SITEMAP, *(tag_key(pk) for pk in tags)], using=using)


def connect():
    """Wires the receivers (articles' AppConfig.ready())."""
    pre_save.connect(_before_article_save, sender=Article, dispatch_uid="public-cache-article-before")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="public-cache-article-save")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="public-cache-article-delete")
    for signal in (post_save, post_delete):
        signal.connect(_byline_changed, sender=Byline, dispatch_uid=f"public-cache-byline-{id(signal)}")
        signal.connect(_tag_link_changed, sender=TaggedArticle, dispatch_uid=f"public-cache-tagged-{id(signal)}")
    m2m_changed.connect(_tags_changed, sender=TaggedArticle, dispatch_uid="public-cache-tags-m2m")
    invalidate_pages_on(Author, keys=renamed)
    post_save.connect(_image_changed, sender=Image, dispatch_uid="public-cache-image-save")

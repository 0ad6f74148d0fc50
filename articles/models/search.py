"""Each language's stored search vector (search_<code>), computed in Python from the article's text.

articles.search explains the lexemes and why they are computed here rather than by the database.
Every write path keeps a vector in step with its text:
- save() and create(), bulk_create(): SearchVectorField.pre_save computes it from the instance;
  Article.save() adds it to update_fields whenever its language's text is written
  (vector_fields_to_save);
- QuerySet.update() and bulk_update() of the text: ArticleQuerySet recomputes the rows' vectors
  afterwards (refresh_search_vectors);
- raw saves (loaddata, reversion's revert), which call neither save() nor pre_save():
  refresh_after_raw_save, connected to post_save in articles.apps.
On SQLite the column is plain text and search reads the text itself; it is filled all the same.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from editorial.languages import language_codes, localized

from ..search import article_vector, vector_column

TEXT_FIELDS = ("title", "standfirst", "body")


def text_attnames(code):
    return [localized(field, code) for field in TEXT_FIELDS]


class SearchVectorField(models.Field):
    """A tsvector on PostgreSQL (text elsewhere), filled from its language's text on every save."""

    def __init__(self, *args, code="en", **kwargs):
        self.code = code
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("serialize", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["code"] = self.code
        for key in ("null", "editable", "serialize"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def pre_save(self, model_instance, add):
        if set(text_attnames(self.code)) & model_instance.get_deferred_fields():
            # Saved without its text (.only()): the text did not change, nor does the vector.
            return getattr(model_instance, self.attname)
        value = article_vector(model_instance.__dict__, self.code)
        setattr(model_instance, self.attname, value)
        return value


def add_search_columns(model):
    for code in language_codes():
        field = SearchVectorField(format_lazy("{} ({})", _("search vector"), code), code=code)
        model.add_to_class(vector_column(code), field)


def vector_fields_to_save(instance, update_fields):
    """update_fields with each language's vector added when its text is written, and left out
    when its text is not loaded (it could not be computed)."""
    fields = set(update_fields)
    deferred = instance.get_deferred_fields()
    for code in language_codes():
        texts = set(text_attnames(code))
        column = vector_column(code)
        if texts & deferred:
            fields.discard(column)
        elif texts & fields:
            fields.add(column)
    return fields


def refresh_search_vectors(model, pks, using="default", batch_size=500):
    """Recomputes the vectors of the articles `pks` from their stored text."""
    pks = list(pks)
    columns = [vector_column(code) for code in language_codes()]
    texts = [name for code in language_codes() for name in text_attnames(code)]
    for start in range(0, len(pks), batch_size):
        rows = list(model._base_manager.using(using).filter(pk__in=pks[start : start + batch_size]).only(*texts))
        for row in rows:
            for code in language_codes():
                setattr(row, vector_column(code), article_vector(row.__dict__, code))
        model._base_manager.using(using).bulk_update(rows, columns)


def touches_text(names):
    texts = {*TEXT_FIELDS, *(name for code in language_codes() for name in text_attnames(code))}
    return bool(texts & set(names))


class SearchVectorsQuerySet(models.QuerySet):
    """update() and bulk_update() of the text recompute the vectors of the rows they wrote."""

    def update(self, **kwargs):
        if not touches_text(kwargs):
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        updated = super().update(**kwargs)
        refresh_search_vectors(self.model, pks, using=self.db)
        return updated

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        objs = tuple(objs)
        updated = super().bulk_update(objs, fields, batch_size=batch_size)
        if touches_text(fields):
            refresh_search_vectors(self.model, [obj.pk for obj in objs], using=self.db)
        return updated

    bulk_update.alters_data = True


def refresh_after_raw_save(sender, instance, raw=False, using="default", **kwargs):
    """post_save: a raw save (loaddata, a revision's revert) wrote the text without pre_save."""
    if raw:
        refresh_search_vectors(sender, [instance.pk], using=using)


def admin_list_indexes():
    """The admin's list, newest first over every status, and filtered by section: each reads one
    index in order and stops at the page (the edition indexes hold published articles only)."""
    newest = (models.F("publish_at").desc(), models.F("id").desc())
    return [
        models.Index(*newest, name="article_admin_latest_idx"),
        models.Index("section", *newest, name="article_admin_section_idx"),
        # Breaking articles are a few in a hundred: the filter and its count read only them.
        models.Index(*newest, condition=models.Q(is_breaking=True), name="article_admin_breaking_idx"),
    ]

"""Querysets compiled to SQL once per shape, then run with each call's own values.

The article page's queries are the same every time but for a few values (the time, the slug, the
tags): building and compiling them cost more of the page than running them. A Prepared query is a
function of its values, built and compiled once per *shape* (what else its SQL depends on: the
language, how many tags) and connection, then run with the SQL and the values put in their places.

A builder must pass its values into the query as they are. That is checked, not assumed: the query
is built twice, with two sets of stand-in values (unique negative numbers; texts with capitals,
spaces, punctuation and Arabic; times), and its SQL must be the same both times and each
parameter either the same both times or one of the stand-ins (a value, or an item of a list
value). Anything else (a value the builder reads itself, such as timezone.now(), one it
transforms, a database backend that converts it, as SQLite does times) and that shape is never
prepared: it is built and compiled every time, as without this module. Prepared querysets are never returned, only
their rows: nothing can chain a query whose SQL is fixed.
"""

from datetime import UTC, datetime
from types import SimpleNamespace

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver

# Stand-ins are far from real ids, texts and times (the year 2000, in microseconds).
FIRST_STAND_IN = 7_318_905_271
_instances = []


def _stand_in(value, number):
    if isinstance(value, bool) or not isinstance(value, int | str | datetime | list):
        raise TypeError(f"A prepared query's values are ints, texts, times or lists of ints; got {value!r}.")
    if isinstance(value, list):
        return [_stand_in(item, number * 100 + index + 1) for index, item in enumerate(value)]
    if isinstance(value, int):
        return -(FIRST_STAND_IN + number)
    if isinstance(value, str):
        # Capitals, spaces, punctuation and Arabic: lower(), slugify(), strip() and the like change it.
        return f" Newsroom Stand-In {number}, قيمة "
    return datetime(2000, 1, 1, 0, number // 1_000_000, number % 1_000_000, tzinfo=UTC)


def _same(one, other):
    return type(one) is type(other) and one == other


def _slot(param, stand_ins):
    """Where a parameter compiled from the stand-ins comes from: ("value", i), ("item", i, j), or None."""
    for number, stand_in in enumerate(stand_ins):
        if _same(param, stand_in):
            return ("value", number)
        if isinstance(stand_in, list):
            for index, item in enumerate(stand_in):
                if _same(param, item):
                    return ("item", number, index)
    return None


def _filled(slots, values):
    return tuple(
        slot[1] if slot[0] == "const" else values[slot[1]] if slot[0] == "value" else values[slot[1]][slot[2]]
        for slot in slots
    )


class Prepared:
    def __init__(self, build):
        """`build(shape, *values)` makes the queryset (sliced, ordered: final)."""
        self.build = build
        self._plans = {}
        _instances.append(self)

    def rows(self, shape, *values):
        """list(build(shape, *values)), its SQL compiled once for this shape."""
        plan = self._plan(shape, values)
        if plan is None:
            return list(self.build(shape, *values))
        queryset = plan.queryset._chain()
        sql, params = plan.sql, _filled(plan.slots, values)

        def compiler(using=None, connection=None, elide_empty=True):
            found = type(queryset.query).get_compiler(queryset.query, using, connection, elide_empty)
            found.__dict__.update(plan.compiled)
            found.as_sql = lambda *args, **kwargs: (sql, params)
            return found

        # Only this one evaluation reads it: the queryset is not handed on.
        queryset.query.get_compiler = compiler
        return list(queryset)

    def sql(self, shape, *values):
        """(sql, params) of build(shape, *values), compiled once for this shape."""
        return self.compiled(shape, *values)[1:]

    def compiled(self, shape, *values):
        """(query, sql, params) of build(shape, *values), compiled once for this shape. The query is
        for what its shape tells (the names of its columns): prepared, it holds stand-in values."""
        plan = self._plan(shape, values)
        if plan is None:
            query = self.build(shape, *values).query
            return query, *query.sql_with_params()
        return plan.queryset.query, plan.sql, _filled(plan.slots, values)

    def _plan(self, shape, values):
        if any(isinstance(value, list) and len(set(value)) != len(value) for value in values):
            return None  # an IN list drops repeated items: the parameters would not line up
        key = (connection.alias, shape, tuple(len(value) if isinstance(value, list) else -1 for value in values))
        if key not in self._plans:
            self._plans[key] = self._make_plan(shape, values)
        return self._plans[key]

    def _make_plan(self, shape, values):
        first = [_stand_in(value, number + 1) for number, value in enumerate(values)]
        second = [_stand_in(value, number + 1 + len(values)) for number, value in enumerate(values)]
        queryset = self.build(shape, *first)
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
            other_sql, other_params = self.build(shape, *second).query.sql_with_params()
        except (EmptyResultSet, FullResultSet):
            return None  # a query that is no query (none()): Django answers it without one
        if sql != other_sql or len(params) != len(other_params):
            return None
        slots = []
        for param, other in zip(params, other_params, strict=True):
            slot = _slot(param, first)
            if slot is None and _same(param, other):
                slot = ("const", param)
            if slot is None or not _same(_filled([slot], second)[0], other):
                return None
            slots.append(slot)
        # What iterating the rows reads from the compiler besides the SQL (see ModelIterable).
        names = ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select")
        compiled = {name: getattr(compiler, name) for name in names}
        return SimpleNamespace(queryset=queryset, sql=sql, slots=slots, compiled=compiled)


@receiver(setting_changed)
def _forget_plans(**kwargs):
    # Columns and languages come from settings, which tests override.
    for prepared in _instances:
        prepared._plans.clear()

"""Model queries compiled once per shape, run with new values (issue 15 §1).

Building and compiling a queryset through the ORM costs more CPU than the database spends on
a small indexed query: the approval's statements have the same shape every time and differ
only in their ids. ``fetch`` compiles the queryset ``build`` makes once per database
connection and key, with a marker in place of each value, and from then on runs that SQL with
the call's values and turns the rows into model instances as Django's own iterable does
(``select_related`` and annotations included). ``insert`` writes one row so, its INSERT
built once per model and set of columns.

``fetch``'s key must name everything that changes the SQL text apart from the values; the
values must be what the queryset passes to the database as parameters -- ids, codes, days in
exact or range lookups -- never literals written into the SQL nor values a lookup rewrites
(``contains`` wraps text in ``%``). Each value is an ``int``, a ``str`` or a ``date``, of the
same type at every call with the key. Here, below every app that uses it (personnel is the
lowest layer that has models to read); it imports nothing of ours.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date, datetime

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.transaction import TransactionManagementError

# Marks where each value goes in the compiled statement's parameters: never a constant of
# a statement nor a code or day on record. An integer one within every id column's range
# (Django compiles an out-of-range integer lookup to "matches nothing", leaving no parameter).
_MARK = 2**31 - 1


def _marker(index: int, value):
    """The stand-in compiled in place of value number ``index``, of the value's type."""
    # A datetime is a date too, but adapted otherwise: refused rather than matched wrongly.
    if isinstance(value, bool | datetime) or not isinstance(value, int | str | date):
        raise TypeError(f"a compiled statement takes ids, text and days, not {type(value).__name__}")
    if isinstance(value, int):
        return _MARK - index
    if isinstance(value, str):
        return f"\x00compiled-value-{index}"
    return date(1000 + index, 1, 1)  # SQLite is given its text, PostgreSQL the date itself


class _Compiled:
    def __init__(self, queryset: QuerySet, markers: dict[str, object]):
        # Where each value goes: a parameter that is its marker, or (a day on SQLite) the
        # marker's text. Every other parameter is a constant of the shape.
        places = {(type(m), m): (name, None) for name, m in markers.items()}
        places.update({(str, str(m)): (name, str) for name, m in markers.items() if type(m) is date})
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        self.sql, params = self.compiler.as_sql()
        self.template = [
            places.get((type(p), p), (None, p)) if isinstance(p, int | str | date) else (None, p)
            for p in params
        ]
        missing = set(markers) - {name for name, _how in self.template if name is not None}
        if missing:
            raise ValueError(f"not a parameter of the compiled statement: {sorted(missing)}")
        self.locks = bool(queryset.query.select_for_update)
        compiler = self.compiler
        self.klass_info, self.select = compiler.klass_info, compiler.select
        self.annotation_col_map = compiler.annotation_col_map
        start, end = self.klass_info["select_fields"][0], self.klass_info["select_fields"][-1] + 1
        self.model_slice = (start, end)
        self.init_list = [column[0].target.attname for column in self.select[start:end]]
        self.width = compiler.col_count if compiler.has_extra_select else None
        # What Django's iterable works out on every run, worked out once: the converters
        # of the columns (results_iter) and the related objects' populators.
        self.fields = [column[0] for column in self.select[: compiler.col_count]]
        self.converters = compiler.get_converters(self.fields)
        self.composite = compiler.has_composite_fields(self.fields)
        self.populators = get_related_populators(self.klass_info, self.select, queryset.db)

    def run(self, using: str, values: dict) -> list:
        connection = connections[using]
        if self.locks and not transaction.get_connection(using).in_atomic_block:
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        # (None, constant) or (name, None: as given, or str: as text).
        params = [
            how if name is None else how(values[name]) if how else values[name] for name, how in self.template
        ]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        compiler, (start, end) = self.compiler, self.model_slice
        if self.converters:
            rows = compiler.apply_converters(rows, self.converters)
        if self.composite:
            rows = compiler.composite_fields_to_tuples(rows, self.fields)
        model = self.klass_info["model"]
        found = []
        for row in rows:
            obj = model.from_db(using, self.init_list, row[start:end])
            for populator in self.populators:
                populator.populate(row, obj)
            for attr, position in (self.annotation_col_map or {}).items():
                setattr(obj, attr, row[position])
            found.append(obj)
        return found


def fetch(key: Hashable, build: Callable[..., QuerySet], *, using: str = DEFAULT_DB_ALIAS, **values) -> list:
    """The model instances ``build(**values)`` finds, its SQL compiled once per ``key`` on
    this connection (connections are per thread: so is what is compiled on them)."""
    connection = connections[using]
    cache = connection.__dict__.setdefault("_sahih_compiled", {})
    compiled = cache.get(key)
    if compiled is None:
        markers = {name: _marker(i, values[name]) for i, name in enumerate(sorted(values))}
        compiled = cache[key] = _Compiled(build(**markers), markers)
    return compiled.run(using, values)


def insert(model: type[Model], *, using: str = DEFAULT_DB_ALIAS, **values) -> None:
    """Insert one row of ``model``: what ``model.objects.create(**values)`` stores when
    ``values`` names every column the row needs (fields by attname: ``case_id``; nothing
    defaulted or ``auto_now_add`` is filled in), each value prepared by its field for the
    database, with SQL built once per connection, model and set of names. No instance, no
    signals, no primary key back: for a row written and not read in the same call."""
    connection = connections[using]
    names = tuple(values)
    cache = connection.__dict__.setdefault("_sahih_compiled", {})
    key = ("insert", model._meta.label, names)
    compiled = cache.get(key)
    if compiled is None:
        fields = [model._meta.get_field(name) for name in names]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names quoted, values bound
        compiled = cache[key] = (sql, fields)
    sql, fields = compiled
    params = [field.get_db_prep_save(values[field.attname], connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)

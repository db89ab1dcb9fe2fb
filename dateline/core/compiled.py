"""Queries on the busiest paths, their SQL written by the ORM once per process and then reused.

Turning a queryset into SQL (resolving its lookups and joins, choosing its columns) costs far more
than running it against an index: looking up the article a comment is for took 0.6 ms to build
and 0.05 ms to run on SQLite, and a comment post makes several such queries, the same shapes each
time with new values. A `CompiledQuery` has the ORM build its statement once, with stand-in values
that it then finds among the statement's parameters, and afterwards runs that statement with the
real values in their places, reading rows with the ORM's own converters and building instances
as `ModelIterable` does: `Model.from_db`, the rows `select_related` joined, the annotations, then
the lookups to prefetch. The SQL is still the ORM's, for whichever database is configured;
nothing here is written by hand.

It reads the compiler's `select`, `klass_info`, annotation columns and converters, and uses the
ORM's related-row populators, which are Django's internals (the same ones `ModelIterable` uses);
`tests/core/test_compiled.py` compares its answers with the queryset's own on both databases, so
an upgrade that changes them fails there first.
"""

import datetime
import uuid
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet, prefetch_related_objects
from django.db.models.query import ModelIterable, get_related_populators
from django.utils import timezone

Value = int | str | datetime.datetime | uuid.UUID


class CompiledQuery:
    """A read whose SQL is built once per database and per length of each list of values.

    `build` takes the values by name and returns the queryset, as an ordinary function would;
    each stand-in (an int, a string, a datetime or a UUID, or a list of them for an `__in` lookup)
    must be unlike any other value of the query: every parameter equal to it is taken for it.
    Values that change what the SQL says (a setting, a number of seconds baked into an
    expression) must be passed as values too, or the statement keeps the first ones it saw.
    """

    def __init__(self, build: Callable[..., QuerySet], /, **stand_ins: Value | Sequence[Value]):
        self._build = build
        self._stand_ins = stand_ins
        self._statements: dict[tuple, _Statement] = {}

    def rows(self, using: str = "default", **values) -> list[list]:
        """Return the rows the queryset's SQL gives for these values, converted as the ORM does."""
        return self._statement(using, values).rows(self._as_declared(values))

    def instances(self, using: str = "default", **values) -> list[Model]:
        """Return the model instances the queryset would give for these values."""
        return self._statement(using, values).instances(self._as_declared(values))

    def _as_declared(self, values: dict) -> dict:
        """Read a UUID given as text as a UUID, as the ORM's field would (else, on SQLite, the
        dashed text would be sent where the column holds hex)."""
        return {
            name: _as_uuids(value)
            if isinstance(_each(self._stand_ins[name])[0], uuid.UUID)
            else value
            for name, value in values.items()
        }

    def _statement(self, using: str, values: dict) -> "_Statement":
        if values.keys() != self._stand_ins.keys():
            raise TypeError(f"Give exactly these values: {sorted(self._stand_ins)}.")
        lengths = tuple(_length(values[name]) for name in self._stand_ins)
        key = (using, lengths)
        statement = self._statements.get(key)
        if statement is None:
            stand_ins = {
                name: _stand_in(declared, length)
                for (name, declared), length in zip(self._stand_ins.items(), lengths, strict=True)
            }
            statement = _Statement(self._build(**stand_ins), using, stand_ins)
            self._statements[key] = statement  # several threads may build it: the same result
        return statement


class _Statement:
    """One compiled statement: its SQL and parameters, where each value goes, how rows are read."""

    def __init__(self, queryset: QuerySet, using: str, stand_ins: dict):
        self.using = using
        self.model = None
        compiler = queryset.query.get_compiler(using)
        try:
            self.sql, parameters = compiler.as_sql()
        except EmptyResultSet:
            # An empty list for an `__in` lookup: no row can match, whatever the other values. Any
            # other cause (a stand-in outside its field's range) would hold for every value too.
            if not any(_length(value) == 0 for value in stand_ins.values()):
                raise
            self.sql = None
            return
        self.parameters = list(parameters)
        self.positions = _positions(self.parameters, stand_ins, connections[using])
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(fields).items())
        info = compiler.klass_info
        if _gives_instances(queryset, compiler):
            selected = info["select_fields"]
            self.model, self.start, self.end = info["model"], selected[0], selected[-1] + 1
            self.attnames = [
                column[0].target.attname for column in compiler.select[self.start : self.end]
            ]
            self.related = get_related_populators(info, compiler.select, using)
            self.annotations = list(compiler.annotation_col_map.items())
            self.prefetches = queryset._prefetch_related_lookups
            if not all(isinstance(lookup, str) for lookup in self.prefetches):
                raise TypeError(
                    "A `Prefetch` with a queryset of its own would keep the stand-ins in it: "
                    "prefetch by name, or read the related rows with a query of their own."
                )

    def rows(self, values: dict) -> list[list]:
        if self.sql is None:
            return []
        connection = connections[self.using]
        parameters = self.parameters.copy()
        for name, value in values.items():
            for positions, one in zip(self.positions[name], _each(value), strict=True):
                adapted = _adapt(connection, one)
                for position in positions:
                    # As the ORM sent it: psycopg's Int4 where PostgreSQL was told the integer's size.
                    kind = type(self.parameters[position])
                    parameters[position] = adapted if kind is type(adapted) else kind(adapted)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, parameters)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for position, (converters, expression) in self.converters:
                value = row[position]
                for convert in converters:
                    value = convert(value, expression, connection)
                row[position] = value
        return rows

    def instances(self, values: dict) -> list[Model]:
        if self.sql is None:
            return []
        if self.model is None:
            raise TypeError(
                "Only a queryset of model instances (not `.values()`, `.specific()` or a related "
                "manager's) gives instances here; ask for rows instead."
            )
        instances = []
        for row in self.rows(values):
            instance = self.model.from_db(self.using, self.attnames, row[self.start : self.end])
            for populator in self.related:
                populator.populate(row, instance)
            for name, position in self.annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        if self.prefetches:
            prefetch_related_objects(instances, *self.prefetches)
        return instances


def _gives_instances(queryset: QuerySet, compiler) -> bool:
    """Whether the queryset makes its instances as `instances` does (see the module's doc)."""
    return bool(
        compiler.klass_info
        and queryset._iterable_class is ModelIterable
        and not queryset._known_related_objects
    )


def _as_uuids(value):
    if isinstance(value, list | tuple):
        return [uuid.UUID(str(one)) for one in value]
    return uuid.UUID(str(value))


def _length(value) -> int | None:
    return len(value) if isinstance(value, list | tuple) else None


def _each(value) -> list:
    return list(value) if isinstance(value, list | tuple) else [value]


# Added to every string stand-in: a lookup that escapes LIKE's wildcards, or changes the value in
# any other way, then sends something else, and the stand-in is not found (a loud error) instead
# of real values going into the SQL unescaped.
_UNCHANGEABLE = "%_\\"


def _stand_in(declared, length: int | None):
    """The declared stand-in, or for a list of `length` values that many distinct ones."""
    one = declared[0] if isinstance(declared, list | tuple) else declared
    if isinstance(one, str):
        one += _UNCHANGEABLE
    if length is None:
        return one
    if isinstance(one, str):
        return [f"{one}#{index}" for index in range(length)]
    if isinstance(one, int):
        return [one - index for index in range(length)]
    if isinstance(one, uuid.UUID):
        return [uuid.UUID(int=one.int - index) for index in range(length)]
    return [one - datetime.timedelta(microseconds=index) for index in range(length)]


def _adapt(connection, value):
    """Return a value as a DateTimeField's lookup sends it (on SQLite, text in UTC), a UUID as a
    UUIDField's does (text without dashes where the database has no UUID type); an int or a
    string as it is."""
    if isinstance(value, uuid.UUID):
        return value if connection.features.has_native_uuid_field else value.hex
    if isinstance(value, datetime.datetime):
        if settings.USE_TZ and timezone.is_naive(value):
            raise ValueError(
                f"{value} has no time zone: give an aware datetime, as the ORM would otherwise "
                "read it in the current time zone."
            )
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _positions(parameters: list, stand_ins: dict, connection) -> dict[str, list[list[int]]]:
    """Find each stand-in among the parameters: for each value (each item of a list), where."""
    positions, taken = {}, set()
    for name, value in stand_ins.items():
        positions[name] = []
        for one in _each(value):
            adapted = _adapt(connection, one)
            found = [
                index
                for index, parameter in enumerate(parameters)
                if isinstance(parameter, type(adapted))
                and not isinstance(parameter, bool)
                and parameter == adapted
            ]
            if not found:
                raise ValueError(
                    f"The stand-in for {name!r} is not among the query's parameters: the query does "
                    "not use it as it was given, or changes it on the way (as `__contains` or "
                    "`__iexact` does)."
                )
            if taken.intersection(found):
                raise ValueError(
                    f"The stand-in for {name!r} equals another value's: give each a value of its own."
                )
            taken.update(found)
            positions[name].append(found)
    return positions

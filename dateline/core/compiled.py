"""Queries on the busiest paths, their SQL written by the ORM once per process and then reused.

Turning a queryset into SQL (resolving its lookups and joins, choosing its columns) costs far more
than running it against an index: looking up the article a comment is for took 0.6 ms to build
and 0.05 ms to run on SQLite, and a comment post makes several such queries, the same shapes each
time with new values. A `CompiledQuery` has the ORM build its statement once, with stand-in values
that it then finds among the statement's parameters, and afterwards runs that statement with the
real values in their places, reading rows with the ORM's own converters and building instances
with `Model.from_db`. The SQL is still the ORM's, for whichever database is configured; nothing
here is written by hand.

It reads the compiler's `select`, `klass_info` and converters, which are Django's internals (the
same ones `ModelIterable` uses); `tests/core/test_compiled.py` compares its answers with the
queryset's own on both databases, so an upgrade that changes them fails there first.
"""

import datetime
from collections.abc import Callable, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet

Value = int | str | datetime.datetime


class CompiledQuery:
    """A read whose SQL is built once per database and per length of each list of values.

    `build` takes the values by name and returns the queryset, as an ordinary function would;
    each stand-in (an int, a string or a datetime, or a list of them for an `__in` lookup) must be
    unlike any other value of the query: every parameter equal to it is taken for it.
    Values that change what the SQL says (a setting, a number of seconds baked into an
    expression) must be passed as values too, or the statement keeps the first ones it saw.
    """

    def __init__(self, build: Callable[..., QuerySet], /, **stand_ins: Value | Sequence[Value]):
        self._build = build
        self._stand_ins = stand_ins
        self._statements: dict[tuple, _Statement] = {}

    def rows(self, using: str = "default", **values) -> list[list]:
        """Return the rows the queryset's SQL gives for these values, converted as the ORM does."""
        return self._statement(using, values).rows(values)

    def instances(self, using: str = "default", **values) -> list[Model]:
        """Return the model instances the queryset would give for these values."""
        return self._statement(using, values).instances(values)

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
    def __init__(self, queryset: QuerySet, using: str, stand_ins: dict):
        self.using = using
        connection = connections[using]
        compiler = queryset.query.get_compiler(using)
        try:
            self.sql, parameters = compiler.as_sql()
        except EmptyResultSet:  # a condition no row can meet, such as `__in` an empty list
            self.sql, parameters = None, []
        self.parameters = list(parameters)
        self.positions = {
            name: [
                _positions(self.parameters, _adapt(connection, one), name) for one in _each(value)
            ]
            for name, value in stand_ins.items()
            if self.sql is not None
        }
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(fields).items())
        self.model = None
        info = compiler.klass_info
        if info and not info.get("related_klass_infos") and not compiler.annotation_col_map:
            selected = info["select_fields"]
            self.model, self.start, self.end = info["model"], selected[0], selected[-1] + 1
            self.attnames = [
                column[0].target.attname for column in compiler.select[self.start : self.end]
            ]

    def rows(self, values: dict) -> list[list]:
        if self.sql is None:
            return []
        connection = connections[self.using]
        parameters = self.parameters.copy()
        for name, value in values.items():
            for positions, one in zip(self.positions[name], _each(value), strict=True):
                for position in positions:
                    parameters[position] = _adapt(connection, one)
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
        if self.model is None:
            raise TypeError("Only a plain queryset of one model gives instances here.")
        return [
            self.model.from_db(self.using, self.attnames, row[self.start : self.end])
            for row in self.rows(values)
        ]


def _length(value) -> int | None:
    return len(value) if isinstance(value, list | tuple) else None


def _each(value) -> list:
    return list(value) if isinstance(value, list | tuple) else [value]


def _stand_in(declared, length: int | None):
    """The declared stand-in, or for a list of `length` values that many distinct ones."""
    one = declared[0] if isinstance(declared, list | tuple) else declared
    if length is None:
        return one
    if isinstance(one, str):
        return [f"{one}#{index}" for index in range(length)]
    if isinstance(one, int):
        return [one - index for index in range(length)]
    return [one - datetime.timedelta(microseconds=index) for index in range(length)]


def _adapt(connection, value):
    # What a DateTimeField's lookup sends (on SQLite, text in UTC); ints and strings go as they are.
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _positions(parameters: list, stand_in, name: str) -> list[int]:
    found = [
        index
        for index, parameter in enumerate(parameters)
        if type(parameter) is type(stand_in) and parameter == stand_in
    ]
    if not found:
        raise ValueError(
            f"The stand-in for {name!r} is not among the query's parameters: the query does not "
            "use it as it was given, or changes it on the way (as a `__contains` lookup does)."
        )
    return found

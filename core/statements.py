"""Statements the ORM builds once, run again with other values: for the public pages read most and the statistics
computed on each visit, where building the SQL of a query takes the ORM longer than the database takes to run it.

A kept statement is the SQL of a queryset built with sample values: each run puts the real values in their places.
The queryset stays the one definition of what is read; only its building is saved. Its rows come as the database
gives them: `instance` makes model instances of them.

A statement marked `prepared` is also prepared by PostgreSQL on each connection (core.postgresql) and planned once
for every value, not at each run: for statements that read through the same index whatever the values (a row by its
key, the terms of a prefix), where planning takes longer than the run.
"""

import datetime
import functools
from typing import NamedTuple

from django.db import connections
from django.db.models import QuerySet

SAMPLE_MOMENT = datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC)
SAMPLE_NUMBER = 987_000_000


class KeptStatement(NamedTuple):
    sql: str
    params: tuple
    slots: dict  # name → positions of its value in `params`
    using: str  # the database
    prepared: bool = False

    @classmethod
    def of(cls, queryset: QuerySet, *, prepared: bool = False, **samples) -> "KeptStatement":
        """The SQL of `queryset`, built with `samples` (name → value): each sample must be a parameter of the
        statement that no other parameter equals, so that its place is known."""
        sql, params = queryset.query.sql_with_params()
        return cls.of_sql(sql, params, queryset.db, samples, prepared=prepared)

    @classmethod
    def of_sql(
        cls, sql: str, params, using: str, samples: dict, *, repeated: bool = False, prepared: bool = False
    ) -> "KeptStatement":
        """`of` for SQL already built. With `repeated`, a sample may be several parameters, each of which takes its
        value: every sample must then be a value that no constant of the statement may equal (`unique_samples`)."""
        connection = connections[using]
        slots = {}
        for name, sample in samples.items():
            sample = db_value(sample, connection)
            places = tuple(
                index for index, param in enumerate(params) if isinstance(param, type(sample)) and param == sample
            )
            if not places or (len(places) > 1 and not repeated):
                raise ValueError(f"The sample of “{name}” is {len(places)} parameters of the statement, not one.")
            slots[name] = places
        return cls(sql, tuple(params), slots, using, prepared)

    def params_for(self, **values) -> list:
        """The statement's parameters with these values in the places of their samples."""
        if values.keys() != self.slots.keys():
            raise ValueError(f"Values expected: {', '.join(sorted(self.slots))}.")
        connection = connections[self.using]
        params = list(self.params)
        for name, value in values.items():
            value = db_value(value, connection)
            for slot in self.slots[name]:
                # The ORM may give a value as a subtype naming its database type (psycopg's Int4 for an integer
                # column).
                subtype = type(params[slot])
                params[slot] = (
                    subtype(value) if subtype is not type(value) and issubclass(subtype, type(value)) else value
                )
        return params

    def rows(self, **values) -> list[tuple]:
        """The rows of the statement run with these values, as the database gives them, without the conversions the
        ORM makes (JSON stays text: see `instance`)."""
        connection = connections[self.using]
        prepared_cursor = getattr(connection, "prepared_cursor", None) if self.prepared else None
        with prepared_cursor() if prepared_cursor else connection.cursor() as cursor:
            cursor.execute(self.sql, self.params_for(**values))
            return cursor.fetchall()


def db_value(value, connection):
    """A date or a moment as the ORM gives it to the database (SQLite takes text), any other value as it is."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def unique_samples(values: list) -> list:
    """A sample for each value, of its type, that no other sample and no constant of a statement equals: moments and
    days of the year 1901, numbers from 987,000,000 on."""
    samples = []
    for index, value in enumerate(values):
        if isinstance(value, datetime.datetime):
            samples.append(SAMPLE_MOMENT + datetime.timedelta(seconds=index))
        elif isinstance(value, datetime.date):
            samples.append(SAMPLE_MOMENT.date() + datetime.timedelta(days=index))
        elif isinstance(value, int) and not isinstance(value, bool):
            samples.append(SAMPLE_NUMBER + index)
        else:
            raise ValueError(f"No sample for {type(value).__name__}.")
    return samples


def instance(model, fields, values, *, using):
    """An instance of `model` from the values of its `fields` (attribute names) that a statement read, each converted
    as the ORM converts the column it reads: by the database's backend (SQLite's date-times, given as text) and by its
    field (`from_db_value`: JSON…)."""
    connection = connections[using]
    converted = list(values)
    for index, converters, column in _converters(model, tuple(fields), connection.vendor, using):
        for convert in converters:
            converted[index] = convert(converted[index], column, connection)
    return model.from_db(using, fields, converted)


@functools.cache
def _converters(model, fields: tuple, vendor: str, using: str) -> list[tuple[int, list, object]]:
    """(index, converters, column) of the fields that need any, as the ORM's compiler finds them."""
    connection, found = connections[using], []
    for index, name in enumerate(fields):
        column = model._meta.get_field(name).get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            found.append((index, converters, column))
    return found

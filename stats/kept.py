"""The statements of a statistics page, built once per process for each shape and run again with other values.

Building the SQL of the figures' queries (a CTE of twenty-odd filtered counts, unions, subqueries) takes the ORM
longer than the database takes to run most of them, and it is the same work for France as for a village. A statement
is built by a function of its shape (what decides its SQL: the scope's kind, how many months…) and of its values
(days, moments, ids): `values` is a structure of dicts, lists and tuples whose leaves are the values, and what the
statement depends on besides them. The first run of a shape builds it with samples in place of the values
(`core.statements`); each run puts the values in their places. The querysets stay the one definition of what is read.
"""

import datetime

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.statements import KeptStatement, unique_samples

# Shapes kept per process: a page reads a handful, whose live days change through the day.
KEPT_SHAPES = 256
_kept: dict = {}


def rows(build, shape: tuple, values) -> list[tuple]:
    """The rows of `build(shape, values)` (a queryset, or SQL and its parameters), as the database gives them."""
    leaves: list = []
    structure = _structure(values, leaves)
    key = (
        build.__module__,
        build.__qualname__,
        connections[DEFAULT_DB_ALIAS].vendor,
        str(timezone.get_default_timezone()),
        shape,
        structure,
    )
    statement = _kept.get(key)
    if statement is None:
        samples = unique_samples(leaves)
        try:
            built = build(shape, _filled(structure, iter(samples)))
            sql, params = built.query.sql_with_params() if isinstance(built, QuerySet) else built
        except EmptyResultSet:  # a filter on no value at all: no statement, no rows
            return []
        names = {f"v{index}": sample for index, sample in enumerate(samples)}
        statement = KeptStatement.of_sql(sql, params, DEFAULT_DB_ALIAS, names, repeated=True)
        if len(_kept) >= KEPT_SHAPES:
            _kept.clear()
        _kept[key] = statement
    return statement.rows(**{f"v{index}": value for index, value in enumerate(leaves)})


def _structure(values, leaves: list):
    """`values` with each leaf replaced by None (and appended to `leaves`): what the statement's SQL depends on."""
    if isinstance(values, dict):
        return tuple((key, _structure(value, leaves)) for key, value in values.items())
    if isinstance(values, list | tuple):
        return (type(values).__name__, *(_structure(value, leaves) for value in values))
    leaves.append(values)
    return type(values).__name__


def _filled(structure, leaves):
    """The structure of `_structure` with its leaves taken in turn from `leaves`."""
    if isinstance(structure, str):
        return next(leaves)
    if structure and isinstance(structure[0], str) and structure[0] in {"list", "tuple"}:
        filled = [_filled(part, leaves) for part in structure[1:]]
        return filled if structure[0] == "list" else tuple(filled)
    return {key: _filled(part, leaves) for key, part in structure}


def as_date(value) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value  # SQLite's text


def as_moment(value) -> datetime.datetime:
    """SQLite gives text or a naive moment, in UTC."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)

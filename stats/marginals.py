"""Counts of combinations added up per dimension in the database: what a statistics page needs of tens of thousands of
groups, in a few hundred rows."""

from django.db import connections
from django.db.models import QuerySet


def typed_null(column: str) -> str:
    """NULL of the column's type: the parts of a union need the same types, which a bare NULL does not give."""
    return f"MAX(CASE WHEN 1 = 0 THEN {column} END)"


def marginal_statement(
    parts: list[QuerySet], dimensions: list[str], count_columns: int, *, full: int
) -> tuple[str, list]:
    """The SQL (and its parameters) adding up the counts of `parts` (each one row per combination of `dimensions`,
    then `count_columns` counts: tens of thousands of rows over a year of a national service) per dimension: rows led
    by the index of their dimension and holding only that dimension's value, every count in the rows of the dimension
    `full` (the outcomes, for the statistics), at least the first count in the others. A value of a dimension may
    come in a row of each part: its counts are those rows' sums.

    PostgreSQL counts each part per dimension at once, from its rows (`grouping_sets`); elsewhere the combinations
    are counted first, then added up per dimension (`added_up`)."""
    if connections[parts[0].db].vendor == "postgresql":
        statements = [grouping_sets(part, len(dimensions)) for part in parts]
        return " UNION ALL ".join(f"({sql})" for sql, _ in statements), [p for _, params in statements for p in params]
    return added_up(union(parts), dimensions, count_columns, full=full)


def union(querysets: list[QuerySet]) -> QuerySet:
    """The rows of every queryset, one after the other (UNION ALL)."""
    return querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]


def grouping_sets(part: QuerySet, dimension_count: int) -> tuple[str, list]:
    """The SQL of a part (grouped by its first `dimension_count` columns) grouped by each of them alone instead, led
    by the index of the dimension of each row (`GROUPING` tells it apart where its value is NULL): one pass over the
    part's rows, where grouping them by every dimension first and adding up those groups again per dimension took
    PostgreSQL twice as long over a national day of requests."""
    compiler = part.query.get_compiler(part.db)
    sql, params = compiler.as_sql()
    ordinals = [str(index + 1) for index in range(dimension_count)]
    grouped = f" GROUP BY {', '.join(ordinals)}"
    columns = [
        column_sql for _, (column_sql, column_params), _ in compiler.select[:dimension_count] if not column_params
    ]
    if not sql.startswith("SELECT ") or not sql.endswith(grouped) or len(columns) != dimension_count:
        raise ValueError(f"Not a part grouped by its first {dimension_count} columns: {sql}")
    # GROUPING(…) has a bit for each dimension, the first the highest, set where the row does not group by it.
    every = (1 << dimension_count) - 1
    whens = " ".join(
        f"WHEN {every - (1 << (dimension_count - 1 - position))} THEN {position}" for position in range(dimension_count)
    )
    dimension = f"CASE GROUPING({', '.join(columns)}) {whens} END"
    # The ordinals move by one: the dimension's index comes first.
    sets = ", ".join(f"({int(ordinal) + 1})" for ordinal in ordinals)
    body = sql[len("SELECT ") : -len(grouped)]
    return f"SELECT {dimension}, {body} GROUP BY GROUPING SETS ({sets})", list(params)


def added_up(groups: QuerySet, dimensions: list[str], count_columns: int, *, full: int) -> tuple[str, list]:
    """`marginal_statement` from the combinations of `groups`, counted first (a CTE), then added up per dimension:
    every count for the dimension `full`, the first only for the others."""
    values = [f"g{index}" for index in range(len(dimensions))]
    counts = [f"c{index}" for index in range(count_columns)]
    sql, params = groups.query.sql_with_params()

    def sums(index):
        """Every count for the dimension `full`, the first only for the others."""
        return ", ".join(
            f"CAST(SUM({column}) AS BIGINT)" if index == full or position == 0 else "0"
            for position, column in enumerate(counts)
        )

    parts = [
        f"SELECT {index}, {', '.join(value if i == index else typed_null(value) for i, value in enumerate(values))}, "
        f"{sums(index)} FROM request_groups GROUP BY {values[index]}"
        for index in range(len(dimensions))
    ]
    return f"WITH request_groups ({', '.join(values + counts)}) AS ({sql}) {' UNION ALL '.join(parts)}", list(params)

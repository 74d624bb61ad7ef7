"""Counts of combinations added up per dimension in the database: what a statistics page needs of tens of thousands of
groups, in a few hundred rows."""

from django.db.models import QuerySet


def typed_null(column: str) -> str:
    """NULL of the column's type: the parts of a union need the same types, which a bare NULL does not give."""
    return f"MAX(CASE WHEN 1 = 0 THEN {column} END)"


def marginal_statement(groups: QuerySet, dimensions: list[str], count_columns: int, *, full: int) -> tuple[str, list]:
    """The SQL (and its parameters) adding up the counts of `groups` (one row per combination of `dimensions`, then
    `count_columns` counts: tens of thousands of rows over a year of a national service) in the database per
    dimension: one row per value of each dimension, led by the index of its dimension and holding only that
    dimension's value; every count in the rows of the dimension `full` (the outcomes, for the statistics), the first
    count only in the others."""
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

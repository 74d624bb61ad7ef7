"""Comparisons of text by its characters' codes, whatever the database's collation: the range of the texts that
start with a prefix ("lyon" ≤ text < "lyoo"), which an index can walk.

Compared by the collation, as `gte` and `lt` do, that range misses texts under most locales other than C: "75019"
sorts after "7501:" when punctuation is ignored. PostgreSQL compares by code with its pattern operators (`~>=~`,
`~<~`), read by the index Django adds for `LIKE` on a text field (`varchar_pattern_ops`). SQLite always compares by
code.
"""

from django.db import models
from django.db.models.lookups import GreaterThanOrEqual, LessThan


class _ByCode:
    pattern_operator = ""  # PostgreSQL's
    compared = ""  # the lookup that compares by code elsewhere

    def get_rhs_op(self, connection, rhs):
        if connection.vendor == "postgresql":
            return f"{self.pattern_operator} {rhs}"
        return connection.operators[self.compared] % rhs


@models.CharField.register_lookup
class CodeGreaterThanOrEqual(_ByCode, GreaterThanOrEqual):
    lookup_name = "code_gte"
    pattern_operator = "~>=~"
    compared = "gte"


@models.CharField.register_lookup
class CodeLessThan(_ByCode, LessThan):
    lookup_name = "code_lt"
    pattern_operator = "~<~"
    compared = "lt"


def after_prefix(prefix: str) -> str:
    """The first text, by code, after every text that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)

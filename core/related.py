"""Values of related rows read by a subquery each, for the lists of the professional space.

A list reads a page of rows and, for each, a few values of the rows it points to (the offer's title, the commune's
name). Joined, each of them adds a table to the query, and PostgreSQL's planner weighs every order of the joined
tables against every index: with six of them beside a table of twenty indexes, planning takes milliseconds, ten times
longer than the run. A subquery per value is planned on its own, in microseconds, and run for the page's rows only.
"""

from django.db.models import OuterRef, QuerySet, Subquery


def with_related_values(queryset: QuerySet, **paths: str) -> QuerySet:
    """`queryset` with each `name="foreign_key__path"` annotated: `offer_title="offer__title"`. An empty foreign key
    gives None."""
    annotations = {}
    for name, path in paths.items():
        field, _, rest = path.partition("__")
        related = queryset.model._meta.get_field(field).related_model
        annotations[name] = Subquery(related._base_manager.filter(pk=OuterRef(field)).values(rest)[:1])
    return queryset.annotate(**annotations)

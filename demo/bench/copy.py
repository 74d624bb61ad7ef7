"""Bulk loading for the national benchmark: rows written with PostgreSQL's COPY, their ids taken from the table's
sequence beforehand so that related rows can point to them in the same pass."""

import json

from django.db import connection


def reserve_ids(model, count: int) -> range:
    """`count` consecutive ids of the model's sequence, which nothing else will hand out."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count])
    return range(first, first + count)


def defaults(model, **values) -> dict:
    """Each column of the model with its database value for an object made of `values` (and the fields' defaults)."""
    instance = model(**values)
    row = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.generated:
            continue
        value = field.get_db_prep_save(field.pre_save(instance, add=True), connection)
        row[field.column] = json.dumps(value.obj) if hasattr(value, "obj") else value
    return row


def copy(model, template: dict, rows, *, with_ids=True) -> int:
    """Writes rows (dicts of columns → database values, the others taken from `template`) with COPY."""
    columns = (["id"] if with_ids else []) + list(template)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    written = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN") as out:
            for row in rows:
                out.write_row([row[column] if column in row else template[column] for column in columns])
                written += 1
    return written


def json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False)

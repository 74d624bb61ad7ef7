"""The rule that keeps a youth from being singled out by a figure, in public and in the professional space alike.

Counts below SMALL_COUNT are shown as a band ("moins de 10"): a commune of fifty inhabitants must not tell anyone that
one of its youths looked for help.
"""

SMALL_COUNT = 10


def grouped(count: int) -> str:
    """A count as shown: exact from SMALL_COUNT on, a band below (zero stays zero: it identifies nobody)."""
    if 0 < count < SMALL_COUNT:
        return f"moins de {SMALL_COUNT}"
    return f"{count:,}".replace(",", " ")

"""The range of the texts that start with a prefix, compared by code whatever the collation."""

import pytest
from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Collate

from core.lookups import after_prefix
from territories.models import Region

# A collation that ignores nothing but orders punctuation before digits, as most locales other than C do.
LINGUISTIC = "fr-x-icu" if connection.vendor == "postgresql" else None


def _in_prefix_range(text, prefix):
    value = Value(text, output_field=CharField())
    texts = Region.objects.annotate(text=Collate(value, LINGUISTIC) if LINGUISTIC else value)
    return texts.filter(text__code_gte=prefix, text__code_lt=after_prefix(prefix)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "prefix", "inside"),
    [
        ("75019", "7501", True),  # "7501:" sorts before "75019" in French
        ("75019", "75019", True),
        ("7502", "7501", False),
        ("saint-denis", "saint", True),
        ("sainte-marie", "sainte", True),
        ("saint", "sainte", False),
        ("sainu", "saint", False),
        ("lyon", "lyon", True),
        ("lyo", "lyon", False),
    ],
)
def test_the_prefix_range_holds_exactly_the_texts_that_start_with_the_prefix(text, prefix, inside):
    Region.objects.get_or_create(code="11", defaults={"name": "Île-de-France"})

    assert _in_prefix_range(text, prefix) is inside


def test_the_first_text_after_a_prefix():
    assert after_prefix("7501") == "7502"
    assert after_prefix("75019") == "7501:"
    assert after_prefix("lyon") == "lyoo"

"""An address made around a sample id is the one Django's `reverse` gives, under any script prefix."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from core.addresses import address_with_id, address_with_slug


@pytest.mark.parametrize("pk", [1, 42, 987_654_321, 12_345_678_901])
def test_an_address_with_an_id_is_the_one_reverse_gives(pk):
    assert address_with_id("contact_requests:form", pk) == reverse("contact_requests:form", args=[pk])


@pytest.mark.parametrize("slug", ["france", "territoire-12", "structure-987654321", "a_b"])
def test_an_address_with_a_slug_is_the_one_reverse_gives(slug):
    assert address_with_slug("backoffice:statistics", slug) == reverse("backoffice:statistics", args=[slug])


@pytest.mark.parametrize("value", ["", "territoire 12", "../france", "é"])
def test_an_address_is_not_made_with_anything_but_a_slug(value):
    with pytest.raises(NoReverseMatch):
        address_with_slug("backoffice:statistics", value)


def test_an_address_follows_the_script_prefix():
    set_script_prefix("/boussole/")
    try:
        assert address_with_id("contact_requests:form", 7) == "/boussole/offres/7/demande/"
    finally:
        set_script_prefix("/")
    assert address_with_id("contact_requests:form", 7) == "/offres/7/demande/"

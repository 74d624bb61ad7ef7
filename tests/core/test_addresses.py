"""An address made around a sample id is the one Django's `reverse` gives, under any script prefix."""

import pytest
from django.urls import reverse, set_script_prefix

from core.addresses import address_with_id


@pytest.mark.parametrize("pk", [1, 42, 987_654_321, 12_345_678_901])
def test_an_address_with_an_id_is_the_one_reverse_gives(pk):
    assert address_with_id("contact_requests:form", pk) == reverse("contact_requests:form", args=[pk])


def test_an_address_follows_the_script_prefix():
    set_script_prefix("/boussole/")
    try:
        assert address_with_id("contact_requests:form", 7) == "/boussole/offres/7/demande/"
    finally:
        set_script_prefix("/")
    assert address_with_id("contact_requests:form", 7) == "/offres/7/demande/"

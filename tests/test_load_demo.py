import io

import pytest
from django.core.management import CommandError, call_command

from territories.models import Territory


def load_demo():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_load_demo_creates_two_open_territories_and_one_in_preparation_and_is_idempotent():
    load_demo()
    load_demo()

    territories = {territory.slug: territory for territory in Territory.objects.all()}
    assert set(territories) == {"grand-reims", "essonne", "metz-metropole"}
    assert [territories[slug].is_open for slug in ("grand-reims", "essonne", "metz-metropole")] == [True, True, False]
    assert territories["grand-reims"].communes.count() == 143
    assert territories["essonne"].communes.count() == 194
    assert territories["essonne"].themes.count() == 5


@pytest.mark.django_db
def test_load_demo_refuses_a_production_site(settings):
    settings.HTTPS = True

    with pytest.raises(CommandError, match="jamais"):
        load_demo()

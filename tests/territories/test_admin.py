import datetime

import pytest
from django.urls import reverse

from questionnaires.models import Theme
from territories.models import Territory


@pytest.fixture
def national_admin(django_user_model):
    return django_user_model.objects.create_superuser(email="admin@jeunesse.gouv.fr", password="mot-de-passe-solide")


def territory_form(**data):
    return {
        "name": "Marne",
        "slug": "marne",
        "status": "open",
        "description": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
        "add_insee_codes": "",
        **data,
    }


@pytest.mark.django_db
def test_admin_fills_a_territory_from_a_department_an_epci_and_codes_in_one_step(client, national_admin):
    client.force_login(national_admin)

    response = client.post(
        reverse("admin:territories_territory_add"),
        territory_form(add_department="91", add_epci="200067213", add_insee_codes="97209, 97411\n75115"),
    )

    assert response.status_code == 302
    territory = Territory.objects.get(slug="marne")
    codes = set(territory.communes.values_list("insee_code", flat=True))
    assert len(codes) == 194 + 143 + 3
    assert {"91228", "51454", "97209", "97411", "75115"} <= codes


@pytest.mark.django_db
def test_admin_rejects_unknown_insee_codes_and_keeps_the_input(client, national_admin):
    client.force_login(national_admin)

    response = client.post(reverse("admin:territories_territory_add"), territory_form(add_insee_codes="51454 99999"))

    assert response.status_code == 200
    assert "Codes INSEE inconnus : 99999" in response.content.decode()
    assert "51454 99999" in response.content.decode()
    assert not Territory.objects.exists()


@pytest.mark.django_db
def test_admin_records_an_engaged_territory_with_its_opening_date_and_experimental_theme(client, national_admin):
    client.force_login(national_admin)
    mobility = Theme.objects.get(slug="mobilite-internationale")

    response = client.post(
        reverse("admin:territories_territory_add"),
        territory_form(
            status="engaged", opening_date="01/09/2026", experimental_themes=[mobility.pk], add_department="972"
        ),
    )

    assert response.status_code == 302
    territory = Territory.objects.get(slug="marne")
    assert (territory.status, territory.opening_date, territory.is_open) == (
        "engaged",
        datetime.date(2026, 9, 1),
        False,
    )
    assert list(territory.experimental_themes.all()) == [mobility]
    assert not Territory.objects.open().filter(communes__insee_code="97209").exists()
    listing = client.get(reverse("admin:territories_territory_changelist")).content.decode()
    assert "engagé, ouverture prochaine" in listing and "1 septembre 2026" in listing
    Territory.objects.filter(pk=territory.pk).update(reference="ministere-2021/martinique")
    page = client.get(reverse("admin:territories_territory_change", args=[territory.pk])).content.decode()
    assert "Référence nationale" in page and "ministere-2021/martinique" in page
    assert 'name="reference"' not in page

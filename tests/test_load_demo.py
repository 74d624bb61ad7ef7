import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from contact_requests.enums import RequestStatus
from contact_requests.models import ContactRequest
from demo import accounts as demo_accounts
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


@pytest.mark.django_db
def test_the_demo_accounts_of_a_signed_organisation_find_requests_to_handle(client):
    load_demo()
    admin = get_user_model().objects.get(email=demo_accounts.ACCOUNTS[0][0])
    organisation = admin.memberships.get().organisation
    client.force_login(admin)

    html = client.get(reverse("backoffice:requests")).content.decode()

    requests = ContactRequest.objects.filter(organisation=organisation)
    assert requests.filter(status=RequestStatus.NEW).exists()
    assert f"{requests.active().count()} demandes, les plus urgentes d’abord." in html
    handled = requests.exclude(status__in=[RequestStatus.NEW, RequestStatus.WITHDRAWN])
    assert handled.exists()
    assert set(handled.values_list("handler__memberships__organisation", flat=True)) == {organisation.pk}


@pytest.mark.django_db
def test_the_demo_animator_finds_overdue_and_reported_requests(client):
    load_demo()
    load_demo()
    animator = get_user_model().objects.get(email="animatrice.reims@demo.boussole.example.fr")
    client.force_login(animator)

    home = " ".join(client.get(reverse("backoffice:home")).content.decode().split())
    listed = client.get(reverse("backoffice:slipped_requests") + "?signalees=1").content.decode()

    slipped = ContactRequest.objects.filter(territory__animators=animator).slipped()
    reported = slipped.filter(no_contact_reported_at__isnull=False)
    assert slipped.count() >= 3 and reported.count() == 1
    assert f"{slipped.count()} demandes en retard ou signalées" in home
    assert reported.get().reference in listed


@pytest.mark.django_db
def test_the_demo_animator_sees_a_network_of_orientations(client):
    load_demo()
    load_demo()
    animator = get_user_model().objects.get(email="animatrice.reims@demo.boussole.example.fr")
    territory = Territory.objects.get(slug="grand-reims")
    client.force_login(animator)

    html = client.get(reverse("backoffice:statistics", args=[f"territoire-{territory.pk}"])).content.decode()

    oriented = ContactRequest.objects.filter(oriented_from__isnull=False)
    assert oriented.count() == 24
    assert oriented.values("oriented_from", "organisation").distinct().count() == 4
    assert 'data-label="Structure qui reçoit">Habitat Jeunes Reims-Tinqueux' in html
    assert (
        'data-label="Jeunes orienté·es">12</td>' in html and 'data-label="Jeunes orienté·es">moins de 10</td>' in html
    )

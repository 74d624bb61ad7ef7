"""Logging in with ProConnect in a real browser, against the local OpenID Connect provider (tests/oidc_provider/).

Every page is checked with axe, the provider's included: the browser goes there and back as with ProConnect.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from organisations.models import Invitation
from tests.backoffice.factories import make_member, sign_charter
from tests.e2e.conftest import mission_locale_of, open_grand_reims
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, start_provider

EMAIL = "camille.durand@ml-reims.example.fr"


@pytest.fixture(scope="module")
def provider(live_server):
    with start_provider(site_url=live_server.url) as provider:
        yield provider


@pytest.fixture
def proconnect(provider, settings):
    settings.PROCONNECT_CLIENT_ID = CLIENT_ID
    settings.PROCONNECT_CLIENT_SECRET = CLIENT_SECRET
    settings.PROCONNECT_DISCOVERY_URL = provider.discovery_url
    provider.reset()
    return provider


@pytest.fixture
def organisation(transactional_db):
    organisation = mission_locale_of(open_grand_reims("emploi"))
    sign_charter(organisation, make_member(organisation))
    return organisation


def sign_in_at_the_provider(site, email):
    page = site.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à ProConnect")
    site.check_accessibility()
    page.get_by_label("Adresse e-mail professionnelle").fill(email)
    page.get_by_role("button", name="Se connecter").click()


def click_proconnect(site):
    page = site.page
    expect(page.get_by_role("link", name="Qu’est-ce que ProConnect ?")).to_have_attribute(
        "href", "https://proconnect.gouv.fr/"
    )
    page.get_by_role("button", name="S’identifier avec ProConnect").click()


def test_a_professional_logs_in_with_proconnect_lands_on_the_requests_and_logs_out_through_it(
    site, proconnect, organisation
):
    member = make_member(organisation, email=EMAIL)
    proconnect.add_account(sub="sub-camille", email=EMAIL, given_name="Camille", usual_name="Durand")

    page = site.goto(reverse("backoffice:requests"))
    expect(page).to_have_url(f"{site.base_url}{reverse('login')}?next={reverse('backoffice:requests')}")
    click_proconnect(site)
    sign_in_at_the_provider(site, EMAIL)

    expect(page).to_have_url(site.base_url + reverse("backoffice:requests"))
    site.check_accessibility()
    member.refresh_from_db()
    assert member.proconnect_sub == "sub-camille"

    menu = page.get_by_role("button", name="Menu", exact=True)
    if menu.is_visible():
        menu.click()
    page.get_by_role("button", name="Se déconnecter").filter(visible=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déconnexion de ProConnect")
    site.check_accessibility()
    page.get_by_role("button", name="Se déconnecter").click()

    expect(page).to_have_url(site.base_url + reverse("login"))
    site.check_accessibility()
    expect(page.get_by_role("status")).to_have_text(
        "Vous êtes déconnecté·e de la Boussole des jeunes et de ProConnect."
    )
    site.goto(reverse("backoffice:requests"))
    expect(page).to_have_url(f"{site.base_url}{reverse('login')}?next={reverse('backoffice:requests')}")


def test_an_invited_person_accepts_the_invitation_with_proconnect(site, proconnect, organisation):
    invitation = Invitation.objects.create(organisation=organisation, email="lea.nouvelle@ml-reims.example.fr")
    proconnect.add_account(
        sub="sub-lea", email="lea.nouvelle@ml-reims.example.fr", given_name="Léa", usual_name="Nouvelle"
    )

    page = site.goto(reverse("backoffice:invitation", args=[invitation.token]))
    click_proconnect(site)
    sign_in_at_the_provider(site, "lea.nouvelle@ml-reims.example.fr")

    expect(page).to_have_url(site.base_url + reverse("backoffice:invitation", args=[invitation.token]))
    site.check_accessibility()
    expect(page.get_by_role("main")).to_contain_text("ProConnect vous a identifié·e : Léa Nouvelle")
    page.get_by_role("button", name="Rejoindre la Mission locale de Reims").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(
        "Bienvenue dans l’espace professionnel de la Mission locale de Reims !"
    )


def test_a_person_unknown_to_the_boussole_reads_whom_to_ask(site, proconnect, organisation, django_user_model):
    animator = django_user_model.objects.create_user(
        email="alice.martin@grand-reims.example.fr", first_name="Alice", last_name="Martin"
    )
    organisation.territories.get().animators.add(animator)
    proconnect.add_account(sub="sub-nouveau", email="nouveau@ml-reims.example.fr", siret=organisation.siret)

    page = site.goto(reverse("login"))
    click_proconnect(site)
    sign_in_at_the_provider(site, "nouveau@ml-reims.example.fr")

    expect(page).to_have_url(site.base_url + reverse("backoffice:proconnect_unknown"))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous n’avez pas encore de compte")
    expect(page.get_by_role("main")).to_contain_text("Alice Martin, alice.martin@grand-reims.example.fr")

"""The territorial animator's space in a real browser: bringing a new partner organisation in."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from organisations.models import Organisation
from tests.backoffice.factories import PASSWORD
from tests.e2e.conftest import open_grand_reims
from tests.e2e.test_professional_space import log_in, log_out

ANIMATOR = "nadia.animatrice@grandreims.example.fr"
ADMINISTRATOR = "direction@logis-jeunes.example.fr"


@pytest.fixture
def grand_reims(transactional_db):
    territory = open_grand_reims("logement")
    animator = get_user_model().objects.create_user(email=ANIMATOR, password=PASSWORD, first_name="Nadia")
    territory.animators.add(animator)
    return territory


def test_an_animator_invites_an_organisation_whose_administrator_joins_and_signs_the_charter(
    site, grand_reims, mailoutbox
):
    page = log_in(site, ANIMATOR)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    expect(page.get_by_role("heading", name="Animation territoriale")).to_be_visible()

    page = site.goto(reverse("backoffice:territory_organisations"))
    page.get_by_role("link", name="Ajouter une structure").click()
    site.check_accessibility()
    page.get_by_label("Nom de la structure", exact=True).fill("Association Logis Jeunes")
    page.locator("#id_new-siret").fill("732 829 320 00075")
    page.get_by_label("Type de structure").select_option(label="structure logement")
    page.get_by_label("Adresse", exact=True).fill("12 rue de Vesle")
    page.locator("#id_new-commune").fill("Reims")
    page.locator("#id_new-administrator_email").fill(ADMINISTRATOR)
    page.get_by_role("button", name="Enregistrer la structure et envoyer l’invitation").click()
    # A mistyped SIRET: said next to the field, nothing typed is lost.
    site.check_accessibility()
    expect(page.get_by_text("la clé de contrôle ne correspond pas")).to_be_visible()
    expect(page.get_by_label("Nom de la structure", exact=True)).to_have_value("Association Logis Jeunes")
    page.locator("#id_new-siret").fill("732 829 320 00074")
    page.get_by_role("button", name="Enregistrer la structure et envoyer l’invitation").click()

    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Association Logis Jeunes")
    expect(page.get_by_text("Charte non signée")).to_be_visible()
    expect(page.get_by_text(f"{ADMINISTRATOR} a reçu une invitation")).to_be_visible()
    log_out(site)

    # The link is read in the email as sent: the outbox erases it once the email is gone.
    (invitation,) = [message for message in mailoutbox if message.to == [ADMINISTRATOR]]
    link = re.search(r"https?://\S+/espace-pro/invitation/[\w-]+/", invitation.body).group(0)
    path = link[link.index("/espace-pro/") :]
    page = site.goto(path)
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Nom", exact=True).fill("Benali")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Créer mon compte")).click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:charter"))
    site.check_accessibility()
    page.get_by_role("button", name="Signer la charte au nom de l’Association Logis Jeunes").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    organisation = Organisation.objects.get(siret="73282932000074")
    assert Organisation.objects.reaching_youths().filter(pk=organisation.pk).exists()
    assert organisation.memberships.get().user.email == ADMINISTRATOR

"""The territorial animator's space in a real browser: bringing a new partner organisation in, asking that one of
another territory joins, and taking it out again."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from organisations.models import Organisation
from questionnaires.models import Theme
from tests.backoffice.factories import PASSWORD, make_member, sign_charter
from tests.e2e.conftest import assert_fits_the_width, mission_locale_of, open_grand_reims
from tests.e2e.test_professional_space import log_in, log_out
from tests.offers.factories import OfferFactory
from tests.territories.factories import TerritoryFactory

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


CHALONS_ANIMATOR = "paul.animateur@chalons.example.fr"
ML_ADMINISTRATOR = "direction@ml-reims.example.fr"


def test_attaching_an_organisation_of_another_territory_waits_for_its_administrator(site, grand_reims):
    mission_locale = mission_locale_of(grand_reims)
    sign_charter(mission_locale, make_member(mission_locale, role="admin", email=ML_ADMINISTRATOR))
    OfferFactory(
        theme=Theme.objects.get(slug="logement"),
        organisation=mission_locale,
        territories=[grand_reims],
        title="Trouver un logement",
    )
    chalons = TerritoryFactory(name="Châlons Agglo", communes=["51108"])
    chalons.animators.add(
        get_user_model().objects.create_user(email=CHALONS_ANIMATOR, password=PASSWORD, first_name="Paul")
    )

    # The animator of another territory asks: they see the public profile only.
    page = log_in(site, CHALONS_ANIMATOR)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page = site.goto(reverse("backoffice:territory_organisation_invite"))
    page.locator("#id_existing-siret").fill(mission_locale.siret)
    page.get_by_role("button", name="Ajouter la structure au territoire").click()
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rattachement de la Mission locale de Reims au territoire Châlons Agglo"
    )
    expect(page.get_by_text("En attente de décision")).to_be_visible()
    expect(page.get_by_role("link", name="Trouver un logement")).to_be_visible()
    expect(page.get_by_text(ML_ADMINISTRATOR)).to_have_count(0)
    assert_fits_the_width(page)
    log_out(site)

    # Its administrator decides, from the home page.
    page = log_in(site, ML_ADMINISTRATOR)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page.get_by_role("link", name="1 demande de rattachement à décider").click()
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes de rattachement")
    assert_fits_the_width(page)
    page.get_by_role("link", name="Mission locale de Reims").click()
    site.check_accessibility()
    page.get_by_role("button", name="Accepter le rattachement").click()
    site.check_accessibility()
    expect(page.get_by_text("fait maintenant partie de Châlons Agglo")).to_be_visible()
    assert_fits_the_width(page)
    log_out(site)

    # Accepted: the animator of Châlons sees the organisation, and takes it out of their territory only.
    page = log_in(site, CHALONS_ANIMATOR)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page = site.goto(reverse("backoffice:territory_organisation", args=[mission_locale.pk]))
    expect(page.get_by_text(ML_ADMINISTRATOR)).to_be_visible()
    assert_fits_the_width(page)
    page.get_by_role("button", name="Retirer la structure de Châlons Agglo").click()
    site.check_accessibility()
    expect(page.get_by_text("ne fait plus partie de Châlons Agglo")).to_be_visible()
    assert set(mission_locale.territories.values_list("name", flat=True)) == {"Grand Reims"}
    assert Organisation.objects.reaching_youths().filter(pk=mission_locale.pk).exists()

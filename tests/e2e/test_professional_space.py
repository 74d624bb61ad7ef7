"""The professional space: logging in, the charter, handling a youth's request, creating an offer."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from contact_requests.enums import ContactChannel, EventKind, Outcome, RequestStatus
from offers.enums import OfferStatus
from offers.models import Offer
from organisations.enums import MemberRole
from questionnaires.models import Theme
from tests.backoffice.factories import PASSWORD, make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.e2e.conftest import assert_fits_the_width, mission_locale_of, open_grand_reims
from tests.offers.factories import OfferFactory

ORGANISATION = "Mission locale de Reims"
OFFER_TITLE = "Trouver un emploi avec un ou une conseillère"
YOUTH_EMAIL = "lea.martin@example.fr"


@pytest.fixture
def grand_reims(transactional_db):
    return open_grand_reims("emploi")


@pytest.fixture
def organisation(grand_reims):
    return mission_locale_of(grand_reims)


@pytest.fixture
def offer(organisation, grand_reims):
    return OfferFactory(
        organisation=organisation,
        theme=Theme.objects.get(slug="emploi"),
        territories=[grand_reims],
        title=OFFER_TITLE,
        delay_days=2,
    )


def tab_to(page, target, presses=40):
    """Presses Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} n’a pas reçu le focus après {presses} appuis sur Tab")


def click_label(page, role, name):
    """Clicks the label of a radio or checkbox: the DSFR draws the control on it."""
    control = page.get_by_role(role, name=name, exact=True)
    page.locator(f"label[for='{control.get_attribute('id')}']").click()
    expect(control).to_be_checked()


def log_in(site, email):
    """Types the e-mail and password into the login form and presses Enter; the caller checks where it lands."""
    page = site.goto(reverse("login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace professionnel")
    page.get_by_role("textbox", name="Adresse e-mail").press_sequentially(email)
    password = page.get_by_label("Mot de passe")
    password.press_sequentially(PASSWORD)
    password.press("Enter")
    return page


def log_out(site):
    page = site.page
    # On a narrow screen the header's buttons are in the menu that the "Menu" button opens.
    menu = page.get_by_role("button", name="Menu", exact=True)
    if menu.is_visible():
        menu.click()
    page.get_by_role("button", name="Se déconnecter").filter(visible=True).click()
    expect(page).to_have_url(site.base_url + reverse("home"))
    site.check_accessibility()


def go_to_from_sidemenu(page, name):
    # On a narrow screen the DSFR folds the side menu behind a button.
    toggle = page.get_by_role("button", name="Menu de l’espace professionnel")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()


def alert(page):
    """The message shown once after an action (Django's messages)."""
    return page.get_by_role("main").get_by_role("status")


def counters(page):
    return page.locator(".fr-tile__title")


def test_the_organisation_signs_the_charter_before_entering(site, organisation, offer):
    member = make_member(organisation, email="camille@ml-reims.example.fr")
    make_member(organisation, role=MemberRole.ADMIN, email="dominique@ml-reims.example.fr")
    make_request(offer, now=timezone.now(), email=YOUTH_EMAIL, phone=None)

    page = log_in(site, member.email)

    expect(page).to_have_url(site.base_url + reverse("backoffice:charter"))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Charte de partenariat — version 1")
    expect(page.get_by_role("main")).to_contain_text("Décrire nos offres de service en mots simples")
    expect(page.locator(".fr-callout")).to_contain_text(
        f"La {ORGANISATION} n’a pas encore signé cette version de la charte. "
        "Demandez à un administrateur ou une administratrice de votre structure de la signer"
    )
    expect(page.get_by_role("button", name=re.compile("Signer la charte"))).to_have_count(0)
    # The rest of the professional space waits for the signature.
    site.goto(reverse("backoffice:requests"))
    expect(page).to_have_url(site.base_url + reverse("backoffice:charter"))
    log_out(site)

    log_in(site, "dominique@ml-reims.example.fr")

    expect(page).to_have_url(site.base_url + reverse("backoffice:charter"))
    site.check_accessibility()
    expect(page.get_by_role("main")).to_contain_text(
        f"En signant, vous engagez la {ORGANISATION} à respecter cette charte."
    )
    expect(page.locator(".fr-callout")).to_have_count(0)
    sign = page.get_by_role("button", name=f"Signer la charte au nom de la {ORGANISATION}")
    tab_to(page, sign)
    page.keyboard.press("Enter")

    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    expect(alert(page)).to_have_text(f"Merci : la {ORGANISATION} a signé la charte de partenariat.")
    expect(page.get_by_role("heading", level=1)).to_have_text("À faire maintenant")
    expect(counters(page)).to_have_text(
        ["1 nouvelle demande", "0 à contacter aujourd’hui", "0 en retard", "0 signalée par le ou la jeune"]
    )
    signature = organisation.charter_signatures.get()
    assert (signature.signed_by.email, signature.charter.version) == ("dominique@ml-reims.example.fr", 1)
    # The structure's page and its table of members, a button in each row, fit a phone's screen.
    site.goto(reverse("backoffice:organisation"))
    site.check_accessibility()
    expect(page.get_by_role("heading", name="Membres")).to_be_visible()
    assert_fits_the_width(page)


def test_a_member_handles_a_request_from_new_to_closed(site, organisation, offer):
    member = make_member(organisation, email="camille@ml-reims.example.fr")
    sign_charter(organisation, member)
    request = make_request(offer, now=timezone.now(), email=YOUTH_EMAIL, phone=None)
    today = timezone.localdate()

    page = log_in(site, member.email)

    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    expect(counters(page).first).to_have_text("1 nouvelle demande")
    page.get_by_role("link", name="1 nouvelle demande").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("backoffice:requests")) + r"\?statut=new$"))
    site.check_accessibility()
    expect(page.get_by_role("main")).to_contain_text("1 demande, les plus urgentes d’abord.")
    row = page.get_by_role("row", name=re.compile(request.reference))
    expect(row).to_contain_text(OFFER_TITLE)
    expect(row.locator(".fr-badge")).to_have_text("nouvelle")
    row.get_by_role("link", name=request.reference).click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:request", args=[request.pk]))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Demande {request.reference}")
    expect(page.get_by_role("link", name=YOUTH_EMAIL)).to_have_attribute("href", f"mailto:{YOUTH_EMAIL}")
    answers = page.locator("dl.boussole-answers").nth(1)
    expect(answers).to_contain_text("Situation")
    expect(answers).to_contain_text("Je cherche un emploi")
    page.get_by_role("button", name="Je m’en occupe").click()

    expect(alert(page)).to_have_text(f"Vous suivez la demande {request.reference}.")
    site.check_accessibility()
    expect(page.locator("h1 + p .fr-badge")).to_have_text("prise en charge")
    expect(page.get_by_role("main")).to_contain_text(f"Suivie par {member}.")
    expect(page.get_by_role("button", name="Je m’en occupe")).to_have_count(0)
    contacted = page.get_by_role("group", name="J’ai contacté le ou la jeune")
    contacted.get_by_label("Date du contact").fill(today.isoformat())
    click_label(contacted, "radio", ContactChannel.PHONE.label)
    page.get_by_role("button", name="Enregistrer le contact").click()

    expect(alert(page)).to_have_text("C’est noté : le ou la jeune a été contacté·e.")
    site.check_accessibility()
    expect(page.locator("h1 + p .fr-badge")).to_have_text("jeune contacté·e")
    expect(page.get_by_role("button", name="Enregistrer le contact")).to_have_count(0)
    page.get_by_role("link", name="Qui a consulté cette demande ?").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:request_views", args=[request.pk]))
    site.check_accessibility()
    expect(page.get_by_role("main")).to_contain_text("3 consultations, les plus récentes d’abord.")
    expect(page.get_by_role("main").get_by_role("listitem").filter(has_text=str(member))).to_have_count(3)
    page.get_by_role("link", name="Retour à la demande").click()

    site.check_accessibility()
    click_label(page, "radio", Outcome.SERVICE_MOBILISED.label)
    page.get_by_role("textbox", name="Commentaire").fill("Premier rendez-vous fixé à la Mission locale.")
    page.get_by_role("button", name="Clôturer").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:requests"))
    site.check_accessibility()
    expect(alert(page)).to_have_text(f"La demande {request.reference} est clôturée. Merci !")
    # Open requests first: the closed one is under "Terminées".
    expect(page.get_by_role("row", name=re.compile(request.reference))).to_have_count(0)
    page.get_by_role("link", name="Terminées").click()

    expect(page).to_have_url(re.compile(r"\?onglet=terminees$"))
    site.check_accessibility()
    expect(page.get_by_role("row", name=re.compile(request.reference)).locator(".fr-badge")).to_have_text("clôturée")
    page.get_by_role("combobox", name="État").select_option(label="Clôturée")
    page.get_by_role("button", name="Filtrer").click()

    expect(page).to_have_url(re.compile(r"\?onglet=terminees&.*statut=closed"))
    site.check_accessibility()
    expect(page.get_by_role("main")).to_contain_text("1 demande terminée, les plus récentes d’abord.")
    expect(page.get_by_role("row", name=re.compile(request.reference)).locator(".fr-badge")).to_have_text("clôturée")
    request.refresh_from_db()
    assert (request.status, request.handler, request.contact_channel, request.outcome, request.outcome_comment) == (
        RequestStatus.CLOSED,
        member,
        ContactChannel.PHONE,
        Outcome.SERVICE_MOBILISED,
        "Premier rendez-vous fixé à la Mission locale.",
    )
    assert timezone.localtime(request.contacted_at).date() == today
    assert [event.kind for event in request.events.exclude(kind=EventKind.VIEWED)] == [
        EventKind.SUBMITTED,
        EventKind.TAKEN,
        EventKind.CONTACTED,
        EventKind.CLOSED,
    ]


def test_a_member_creates_an_offer_and_sends_it_for_validation(site, organisation, grand_reims):
    member = make_member(organisation, email="camille@ml-reims.example.fr")
    sign_charter(organisation, member)
    title = "Un job d’été près de chez toi"

    page = log_in(site, member.email)

    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    go_to_from_sidemenu(page, "Vos offres")

    expect(page).to_have_url(site.base_url + reverse("backoffice:offers"))
    site.check_accessibility()
    expect(page.locator(".fr-callout")).to_contain_text("Votre structure n’a pas encore d’offre sur la Boussole.")
    page.get_by_role("link", name="Créer une offre").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:offer_create"))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle offre")
    page.get_by_role("textbox", name="Titre de l’offre").fill(title)
    page.get_by_role("textbox", name="L’offre en une phrase").fill("On t’aide à trouver un job pour l’été.")
    page.get_by_role("textbox", name="C’est quoi ?").fill(
        "Un dispositif pour trouver un job d’été. Une conseillère regarde avec toi les offres de ta ville."
    )
    # The advice comes as the professional types, before anything is saved.
    expect(page.locator("#id_description-advice").get_by_role("listitem")).to_have_text(
        ["« dispositif » : dites plutôt « aide »."]
    )
    page.get_by_role("textbox", name="Comment ça se passe ?").fill(
        "Un rendez-vous d’une heure, puis un appel chaque semaine. C’est gratuit."
    )
    page.get_by_role("textbox", name="Adresse du rendez-vous").fill("13 rue Gambetta, 51100 Reims")
    page.get_by_role("combobox", name="Thème").select_option(label="Emploi")
    # The questions of "Pour qui ?" depend on the theme: the page shows them before anything is saved.
    page.get_by_role("button", name="Afficher les questions de ce thème").click()

    expect(page.get_by_role("heading", name="Voici les questions du thème « Emploi »")).to_be_visible()
    site.check_accessibility()
    expect(page.get_by_role("textbox", name="Titre de l’offre")).to_have_value(title)
    expect(page.get_by_role("combobox", name="Thème")).to_have_value(str(Theme.objects.get(slug="emploi").pk))
    click_label(page, "checkbox", "Grand Reims")
    situation = page.get_by_role("group", name="Situation : « En ce moment, qu’est-ce que tu fais ? »")
    expect(situation.get_by_role("checkbox")).to_have_count(6)
    click_label(page, "checkbox", "Je cherche un emploi")
    click_label(page, "checkbox", "Je ne suis ni à l’école, ni en formation, ni au travail")
    page.get_by_role("combobox", name="Délai pour contacter le ou la jeune").select_option(label="2 jours ouvrés")
    page.get_by_role("button", name="Enregistrer le brouillon").click()

    expect(alert(page)).to_have_text("L’offre est enregistrée en brouillon. Les jeunes ne la voient pas encore.")
    site.check_accessibility()
    offer = Offer.objects.get()
    expect(page).to_have_url(site.base_url + reverse("backoffice:offer_edit", args=[offer.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Modifier l’offre « {title} »")
    expect(page.locator("h1 + .fr-badge")).to_have_text("Brouillon")
    advice = page.locator("#id_description-advice")
    expect(advice).to_contain_text("Pour que les jeunes comprennent du premier coup")
    expect(advice.get_by_role("listitem")).to_have_text(["« dispositif » : dites plutôt « aide »."])
    expect(page.locator("#id_summary-advice")).to_have_count(0)
    assert (offer.status, offer.theme.slug, offer.delay_days, offer.criteria) == (
        OfferStatus.DRAFT,
        "emploi",
        2,
        {"situation": ["job_seeker", "neither"]},
    )
    assert list(offer.territories.all()) == [grand_reims]
    page.get_by_role("link", name="Voir l’aperçu").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:offer_preview", args=[offer.pk]))
    site.check_accessibility()
    expect(page.locator(".fr-alert")).to_contain_text("Aperçu : voici ce que verront les jeunes.")
    expect(page.locator(".fr-alert")).to_contain_text("Les jeunes ne la voient pas en ce moment")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    for_whom = page.get_by_role("heading", name="Pour qui ?").locator("xpath=following-sibling::ul[1]")
    expect(for_whom.get_by_role("listitem")).to_have_text(
        [
            "Pour les jeunes de 15 à 30 ans.",
            "Pour les jeunes qui cherchent un emploi ou qui ne sont ni en études, ni en emploi, ni en formation.",
        ]
    )
    expect(page.get_by_text("Délai promis")).to_contain_text("2 jours ouvrés (du lundi au vendredi")
    page.get_by_role("link", name="Revenir à la modification de l’offre").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:offer_edit", args=[offer.pk]))
    site.check_accessibility()
    page.get_by_role("button", name="Envoyer pour validation").click()

    expect(alert(page)).to_have_text(
        "L’offre est envoyée pour validation. L’animation territoriale la relit : elle la publie, ou vous la "
        "renvoie avec un commentaire. Vous recevrez un e-mail dans les deux cas."
    )
    site.check_accessibility()
    expect(page.locator("h1 + .fr-badge")).to_have_text("À valider")
    expect(page.get_by_role("button", name="Envoyer pour validation")).to_have_count(0)
    page.get_by_role("link", name="Retour à vos offres").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:offers"))
    site.check_accessibility()
    row = page.get_by_role("row", name=re.compile(title))
    expect(row.locator(".fr-badge")).to_have_text("À valider")
    expect(row).to_contain_text("Emploi")
    expect(row).to_contain_text("2 jours ouvrés")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED

"""The youth's journey: commune, theme, questionnaire step by step, results, offer page; with and without JavaScript."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from questionnaires.models import Theme
from tests.e2e.conftest import REIMS, assert_fits_the_width, mission_locale_of, open_grand_reims
from tests.offers.factories import OfferFactory

FITTING_OFFER = "Trouver un emploi avec un ou une conseillère"
STUDENT_OFFER = "Un job étudiant sur le campus"
HOW_IT_HAPPENS = "Un premier rendez-vous à la Mission locale, puis un point chaque semaine."


@pytest.fixture
def grand_reims(transactional_db):
    return open_grand_reims("emploi", "logement")


@pytest.fixture
def offers(grand_reims):
    emploi = Theme.objects.get(slug="emploi")
    fitting = OfferFactory(
        organisation=mission_locale_of(grand_reims, signed_charter=True),
        theme=emploi,
        territories=[grand_reims],
        title=FITTING_OFFER,
        how_it_happens=HOW_IT_HAPPENS,
        age_min=16,
        age_max=25,
        criteria={"situation": ["job_seeker"]},
        delay_days=2,
    )
    for_students = OfferFactory(
        theme=emploi, territories=[grand_reims], title=STUDENT_OFFER, criteria={"situation": ["student"]}
    )
    return fitting, for_students


def tab_to(page, target, presses=40):
    """Presses Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} n’a pas reçu le focus après {presses} appuis sur Tab")


def choose(page, question, answer, presses=1):
    """Tabs into a radio group (in one press from the previous field, unless told otherwise); the arrow keys (or
    Space, for the first answer) check the answer."""
    radios = page.get_by_role("group", name=question).get_by_role("radio")
    labels = [label.strip() for label in radios.evaluate_all("radios => radios.map(r => r.labels[0].textContent)")]
    tab_to(page, radios.first, presses)
    if labels.index(answer) == 0:
        page.keyboard.press("Space")
    for _ in range(labels.index(answer)):
        page.keyboard.press("ArrowDown")
    chosen = radios.nth(labels.index(answer))
    expect(chosen).to_be_checked()
    expect(chosen).to_be_focused()


def tick(page, question, answers, presses=1):
    """Tabs through a group of checkboxes, Space on those to tick."""
    boxes = page.get_by_role("group", name=question).get_by_role("checkbox")
    labels = [label.strip() for label in boxes.evaluate_all("boxes => boxes.map(box => box.labels[0].textContent)")]
    for index, label in enumerate(labels):
        if index == 0:
            tab_to(page, boxes.first, presses)
        else:
            page.keyboard.press("Tab")
            expect(boxes.nth(index)).to_be_focused()
        if label in answers:
            page.keyboard.press("Space")
    for index, label in enumerate(labels):
        expect(boxes.nth(index)).to_be_checked(checked=label in answers)


def click_label(page, role, name):
    """Clicks the label of a radio or checkbox: the DSFR draws the control on it."""
    control = page.get_by_role(role, name=name, exact=True)
    page.locator(f"label[for='{control.get_attribute('id')}']").click()
    expect(control).to_be_checked()


def submit(page, name):
    button = page.get_by_role("button", name=name)
    tab_to(page, button, presses=3)
    page.keyboard.press("Enter")


def stepper(page):
    return page.locator(".fr-stepper__title")


def step_url(step):
    return reverse("offers:step", kwargs={"insee_code": REIMS, "theme_slug": "emploi", "step": step})


def results_url():
    return reverse("offers:results", kwargs={"insee_code": REIMS, "theme_slug": "emploi"})


def test_journey_with_the_keyboard(site, offers):
    page = site.goto(reverse("home"))
    field = page.get_by_role("combobox", name="Ta commune")
    field.press_sequentially("reims")
    expect(page.get_by_role("option").first).to_have_text("Reims, Marne (51) 51100")
    field.press("ArrowDown")
    field.press("Enter")

    expect(page).to_have_url(re.compile(rf"/communes/{REIMS}/$"))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reims")
    tile = page.get_by_role("link", name="Emploi", exact=True)
    tab_to(page, tile)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"{step_url(1)}$"))
    site.check_accessibility()
    expect(stepper(page)).to_contain_text("Étape 1 sur 3")
    assert_fits_the_width(page)
    age = page.get_by_role("spinbutton", name="Quel âge as-tu ?")
    tab_to(page, age)
    page.keyboard.type("19")
    choose(page, "En ce moment, qu’est-ce que tu fais ?", "Je cherche un emploi")
    submit(page, "Suivant")

    expect(page).to_have_url(re.compile(rf"{step_url(2)}$"))
    site.check_accessibility()
    expect(stepper(page)).to_contain_text("Étape 2 sur 3")
    assert_fits_the_width(page)
    tick(page, "Qu’est-ce que tu cherches ?", ["Un emploi (CDI, CDD, intérim)", "Un stage"], presses=40)
    choose(page, "Quel est ton diplôme le plus haut ?", "Un CAP ou un BEP")
    submit(page, "Suivant")

    expect(page).to_have_url(re.compile(rf"{step_url(3)}$"))
    site.check_accessibility()
    expect(stepper(page)).to_contain_text("Étape 3 sur 3")
    assert_fits_the_width(page)
    choose(page, "As-tu le permis de conduire une voiture (permis B) ?", "Non, pas encore", presses=40)
    choose(page, "As-tu une reconnaissance de handicap (RQTH) ?", "Non")
    tick(page, "Quelqu’un t’aide déjà dans tes démarches ?", ["Personne pour l’instant"])
    submit(page, "Voir les offres pour moi")

    expect(page).to_have_url(re.compile(rf"{results_url()}$"))
    site.check_accessibility()
    assert_fits_the_width(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("1 offre pour toi")
    card = page.locator(".fr-card", has=page.get_by_role("link", name=FITTING_OFFER))
    expect(card).to_contain_text("Pour les 16–25 ans qui cherchent un emploi — sur ton territoire.")
    expect(card).to_contain_text(f"Un·e professionnel·le te contacte {offers[0].contact_promise().deadline}.")
    expect(card).to_contain_text("Mission locale de Reims")
    expect(page.get_by_text(STUDENT_OFFER)).to_have_count(0)
    answers = page.locator(".boussole-answers")
    expect(answers).to_contain_text("19 ans")
    expect(answers).to_contain_text("Un emploi (CDI, CDD, intérim), Un stage")

    page.get_by_role("link", name=FITTING_OFFER).click()

    expect(page).to_have_url(re.compile(rf"/offres/{offers[0].pk}-[\w-]+/\?commune={REIMS}$"))
    site.check_accessibility()
    assert_fits_the_width(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(FITTING_OFFER)
    for_whom = page.get_by_role("heading", name="Pour qui ?").locator("xpath=following-sibling::ul[1]")
    expect(for_whom.get_by_role("listitem")).to_have_text(
        ["Pour les jeunes de 16 à 25 ans.", "Pour les jeunes qui cherchent un emploi."]
    )
    expect(page.get_by_role("heading", name="Comment ça se passe ?")).to_be_visible()
    expect(page.get_by_text(HOW_IT_HAPPENS)).to_be_visible()
    expect(page.locator("#contact")).to_contain_text("Mission locale de Reims")
    expect(page.locator("#contact")).to_contain_text("te contacte au plus tard le")
    expect(page.get_by_text("Délai promis")).to_contain_text("2 jours ouvrés (du lundi au vendredi")
    expect(page.get_by_role("link", name="Je veux être contacté·e")).to_have_attribute(
        "href", reverse("contact_requests:form", kwargs={"offer_pk": offers[0].pk}) + f"?commune={REIMS}"
    )

    page.get_by_role("link", name="Retour à tes résultats").click()

    expect(page).to_have_url(re.compile(rf"{results_url()}$"))
    site.check_accessibility()
    page.get_by_role("link", name="Modifier mes réponses").click()

    expect(page).to_have_url(re.compile(rf"{step_url(1)}$"))
    site.check_accessibility()
    expect(page.get_by_role("spinbutton", name="Quel âge as-tu ?")).to_have_value("19")
    expect(page.get_by_role("radio", name="Je cherche un emploi")).to_be_checked()
    expect(page.get_by_role("radio", checked=True)).to_have_count(1)


def test_invalid_answers_are_shown_next_to_the_field(site, offers):
    page = site.goto(reverse("offers:start", kwargs={"insee_code": REIMS, "theme_slug": "emploi"}))
    expect(page).to_have_url(re.compile(rf"{step_url(1)}$"))
    age = page.get_by_role("spinbutton", name="Quel âge as-tu ?")
    age.fill("14")
    page.get_by_role("button", name="Suivant").click()

    # Too young for the Boussole: told where to go, kindly, not that the age is wrong.
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("La Boussole est faite pour les 15–30 ans")
    expect(page.get_by_role("link", name="119", exact=True)).to_have_attribute("href", "tel:119")
    page.get_by_role("link", name="Je me suis trompé·e d’âge").click()

    site.check_accessibility()
    age.fill("150")
    click_label(page, "radio", "Je cherche un emploi")
    page.get_by_role("button", name="Suivant").click()

    expect(page.get_by_role("alert")).to_contain_text("Il manque une réponse ou une réponse n’est pas valable")
    site.check_accessibility()
    expect(page).to_have_url(re.compile(rf"{step_url(1)}$"))
    expect(stepper(page)).to_contain_text("Étape 1 sur 3")
    expect(age).to_have_value("150")
    expect(age).to_have_attribute("aria-invalid", "true")
    expect(age).to_have_accessible_description("Écris ton âge en chiffres, par exemple 19.")
    expect(page.locator(".fr-input-group--error")).to_contain_text("Écris ton âge en chiffres, par exemple 19.")
    expect(page.get_by_role("radio", name="Je cherche un emploi")).to_be_checked()
    expect(page.locator(".fr-error-text")).to_have_count(1)
    assert_fits_the_width(page)

    age.fill("19")
    page.get_by_role("button", name="Suivant").click()

    expect(page).to_have_url(re.compile(rf"{step_url(2)}$"))
    site.check_accessibility()
    click_label(page, "checkbox", "Un stage")
    page.get_by_role("button", name="Suivant").click()

    expect(page.get_by_role("alert")).to_be_visible()
    site.check_accessibility()
    expect(page).to_have_url(re.compile(rf"{step_url(2)}$"))
    diploma = page.get_by_role("group", name="Quel est ton diplôme le plus haut ?")
    expect(diploma).to_contain_text("Choisis une réponse pour continuer.")
    expect(diploma.get_by_role("radio").first).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("group", name="Qu’est-ce que tu cherches ?").locator(".fr-error-text")).to_have_count(0)
    expect(page.get_by_role("checkbox", name="Un stage")).to_be_checked()
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(1)
    assert_fits_the_width(page)


def test_journey_without_javascript(site_without_js, offers):
    site = site_without_js
    page = site.goto(reverse("home"))
    field = page.get_by_role("textbox", name="Ta commune")
    field.fill("Reims")
    page.get_by_role("button", name="Chercher ma commune").click()

    # Several communes are called "…Reims": the search page lists them.
    expect(page).to_have_url(re.compile(r"/communes/\?q=Reims$"))
    site.check_accessibility()
    page.locator(".fr-links-group").get_by_role("link", name="Reims, Marne (51)", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/communes/{REIMS}/$"))
    site.check_accessibility()
    expect(page.locator(".fr-tile__title")).to_have_text(["Emploi", "Logement"])
    page.get_by_role("link", name="Emploi", exact=True).click()

    expect(page).to_have_url(re.compile(rf"{step_url(1)}$"))
    site.check_accessibility()
    expect(stepper(page)).to_contain_text("Étape 1 sur 3")
    page.get_by_role("spinbutton", name="Quel âge as-tu ?").fill("19")
    click_label(page, "radio", "Je cherche un emploi")
    page.get_by_role("button", name="Suivant").click()

    expect(page).to_have_url(re.compile(rf"{step_url(2)}$"))
    site.check_accessibility()
    expect(stepper(page)).to_contain_text("Étape 2 sur 3")
    click_label(page, "checkbox", "Un emploi (CDI, CDD, intérim)")
    click_label(page, "radio", "Je n’ai pas de diplôme, ou juste le brevet")
    page.get_by_role("button", name="Suivant").click()

    expect(page).to_have_url(re.compile(rf"{step_url(3)}$"))
    site.check_accessibility()
    expect(stepper(page)).to_contain_text("Étape 3 sur 3")
    click_label(page, "radio", "Oui, je l’ai")
    click_label(page, "radio", "Je ne sais pas")
    click_label(page, "checkbox", "La Mission locale")
    page.get_by_role("button", name="Voir les offres pour moi").click()

    expect(page).to_have_url(re.compile(rf"{results_url()}$"))
    site.check_accessibility()
    assert_fits_the_width(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("1 offre pour toi")
    expect(page.get_by_text(STUDENT_OFFER)).to_have_count(0)
    page.get_by_role("link", name=FITTING_OFFER).click()

    expect(page).to_have_url(re.compile(rf"/offres/{offers[0].pk}-[\w-]+/\?commune={REIMS}$"))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text(FITTING_OFFER)
    expect(page.get_by_text(HOW_IT_HAPPENS)).to_be_visible()
    expect(page.get_by_role("link", name="Je veux être contacté·e")).to_be_visible()

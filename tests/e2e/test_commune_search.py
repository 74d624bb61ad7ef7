"""The commune field: suggestions chosen with the keyboard or the mouse, and the search page without JavaScript."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from questionnaires.models import Theme
from territories.enums import TerritoryStatus
from territories.models import Commune, Territory

ANNOUNCED_OPTIONS = re.compile(r"^\d+ communes? proposées?, utilise les flèches haut et bas pour choisir\.\s*$")


@pytest.fixture
def communes(transactional_db):
    call_command("import_communes", departments=["51", "91", "972"], verbosity=0, stdout=io.StringIO())


@pytest.fixture
def grand_reims(communes):
    territory = Territory.objects.create(name="Grand Reims", slug="grand-reims", status=TerritoryStatus.OPEN)
    territory.communes.add(Commune.objects.get(insee_code="51454"))
    territory.themes.add(*Theme.objects.filter(slug__in=["emploi", "logement"]))
    return territory


def commune_field(page):
    return page.get_by_role("combobox", name="Ta commune")


def announcement(page):
    return page.locator(".boussole-commune-form [role=status]")


def test_reims_is_chosen_with_the_keyboard(site, viewport, grand_reims):
    page = site.goto(reverse("home"))
    field = commune_field(page)
    listbox = page.get_by_role("listbox", name="Communes proposées")
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(field).to_have_attribute("aria-controls", "commune-query-listbox")

    field.press_sequentially("reims")

    expect(listbox.get_by_role("option").first).to_have_text("Reims, Marne (51) 51100")
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(announcement(page)).to_have_text(ANNOUNCED_OPTIONS)
    assert field.get_attribute("aria-activedescendant") is None
    assert listbox.get_by_role("option").count() > 1

    field.press("ArrowDown")

    first_option = listbox.get_by_role("option", name="Reims, Marne (51) 51100")
    expect(first_option).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", first_option.get_attribute("id"))
    expect(field).to_be_focused()
    box = listbox.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    site.check_accessibility()

    field.press("Enter")

    expect(page).to_have_url(re.compile(r"/communes/51454/$"))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reims")
    expect(page.get_by_text("La Boussole des jeunes est ouverte ici")).to_contain_text("Grand Reims")
    expect(page.locator(".fr-tile__title")).to_have_text(["Emploi", "Logement"])


def test_fort_de_france_outside_open_territories_points_to_other_services(site, grand_reims):
    page = site.goto(reverse("home"))
    field = commune_field(page)
    listbox = page.get_by_role("listbox", name="Communes proposées")

    field.press_sequentially("fort")
    expect(listbox.get_by_role("option").first).to_contain_text("Fort-de-France, Martinique (972)")
    field.press("Escape")
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(field).to_have_value("fort")
    field.press("Escape")
    expect(field).to_have_value("")

    field.press_sequentially("fort de fr")
    option = listbox.get_by_role("option", name=re.compile(r"^Fort-de-France, Martinique \(972\)"))
    expect(option).to_be_visible()
    expect(option).to_contain_text("97200, 97234")
    for _ in range(option.evaluate("option => [...option.parentElement.children].indexOf(option)") + 1):
        field.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    field.press("Enter")

    expect(page).to_have_url(re.compile(r"/communes/97209/$"))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fort-de-France")
    expect(page.get_by_role("heading", level=2, name=re.compile("pas encore ouverte"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^1jeune1solution"))).to_have_attribute(
        "href", "https://www.1jeune1solution.gouv.fr/"
    )
    expect(page.get_by_role("link", name=re.compile("Info Jeunes"))).to_be_visible()
    expect(page.get_by_role("heading", name="Près de chez toi")).to_have_count(0)


def test_suggestion_can_be_clicked(site, grand_reims):
    page = site.goto(reverse("home"))
    field = commune_field(page)

    field.press_sequentially("51100")
    page.get_by_role("option", name="Reims, Marne (51) 51100").click()

    expect(page).to_have_url(re.compile(r"/communes/51454/$"))
    site.check_accessibility()


def test_without_suggestions_the_form_goes_to_the_search_page(site, communes):
    page = site.page
    site.abort(re.compile(r"/communes/autocomplete\?"))
    site.goto(reverse("home"))
    field = commune_field(page)

    with page.expect_event("requestfailed", lambda request: "/communes/autocomplete" in request.url):
        field.press_sequentially("fort de fr")
    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-expanded", "false")
    field.press("Enter")

    # The only match: the search page sends straight to the commune page.
    expect(page).to_have_url(re.compile(r"/communes/97209/$"))
    site.check_accessibility()


def test_search_page_without_javascript(site_without_js, communes):
    site = site_without_js
    page = site.goto(reverse("home"))
    field = page.get_by_role("textbox", name="Ta commune")
    assert field.get_attribute("role") is None

    field.fill("Saint")
    page.get_by_role("button", name="Chercher ma commune").click()

    expect(page).to_have_url(re.compile(r"/communes/\?q=Saint$"))
    site.check_accessibility()
    links = page.locator(".fr-links-group").get_by_role("link")
    assert links.count() > 1
    expect(page.locator("main").get_by_role("heading", level=2)).to_have_text(
        f"{links.count()} communes pour « Saint »"
    )
    first_label = links.first.inner_text()
    links.first.click()

    expect(page).to_have_url(re.compile(r"/communes/\d[\dAB]\d{3}/$"))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.sub(r", [^,]+ \(\w+\)$", "", first_label))

    page = site.goto(reverse("territories:commune_search") + "?q=Saint")
    page.get_by_role("textbox", name="Ta commune").fill("51100")
    page.get_by_role("button", name="Chercher ma commune").click()

    expect(page).to_have_url(re.compile(r"/communes/51454/$"))
    site.check_accessibility()

    page = site.goto(reverse("home"))
    page.get_by_role("button", name="Chercher ma commune").click()

    site.check_accessibility()
    field = page.get_by_role("textbox", name="Ta commune")
    expect(field).to_have_attribute("aria-describedby", "commune-query-error")
    expect(page.locator("#commune-query-error")).to_have_text("Écris le nom ou le code postal de ta commune.")


def test_communes_are_found_as_people_type_them_and_no_match_shows_while_typing(site, viewport, communes):
    page = site.goto(reverse("home"))
    field = commune_field(page)
    listbox = page.get_by_role("listbox", name="Communes proposées")
    # On a phone, the field shows on the home page without scrolling.
    box = field.bounding_box()
    assert box["y"] + box["height"] <= viewport["height"], f"champ commune hors de l’écran : {box}"

    field.press_sequentially("évry 91")
    expect(listbox.get_by_role("option").first).to_have_text("Évry-Courcouronnes, Essonne (91) 91000, 91080")
    field.fill("")
    field.press_sequentially("51 100")
    expect(listbox.get_by_role("option").first).to_have_text("Reims, Marne (51) 51100")

    field.fill("")
    field.press_sequentially("zzzz")
    empty = page.get_by_text("Aucune commune ne correspond à « zzzz ».")
    expect(empty).to_be_visible()
    expect(announcement(page)).to_have_text("Aucune commune ne correspond.")
    site.check_accessibility()
    field.press("Backspace")
    field.press("Backspace")
    field.press("Backspace")
    expect(empty).to_be_hidden()

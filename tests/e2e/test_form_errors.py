"""A form sent back with an error says so first: in the page's title, and by moving the focus to the summary of the
errors, whose links lead to each field."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import REIMS, open_grand_reims


@pytest.fixture
def grand_reims(transactional_db):
    return open_grand_reims("emploi")


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_a_questionnaire_step_sent_with_errors_focuses_their_summary(site, grand_reims):
    page = site.goto(reverse("offers:step", kwargs={"insee_code": REIMS, "theme_slug": "emploi", "step": 1}))
    expect(page).to_have_title(re.compile(r"^Emploi à Reims — étape 1 sur"))
    page.get_by_role("spinbutton", name="Quel âge as-tu ?").fill("150")
    page.get_by_role("button", name="Suivant").click()

    site.check_accessibility()
    expect(page).to_have_title(re.compile(r"^Erreur : Emploi à Reims — étape 1 sur"))
    assert focused_id(page) == "erreurs"
    summary = page.locator("#erreurs")
    expect(summary.get_by_role("link")).to_have_text(["Quel âge as-tu ?", "En ce moment, qu’est-ce que tu fais ?"])
    summary.get_by_role("link", name="En ce moment, qu’est-ce que tu fais ?").click()
    assert focused_id(page) == "id_situation_0"


def test_a_commune_search_that_finds_nothing_focuses_the_error(site, grand_reims):
    page = site.goto(reverse("territories:commune_search") + "?q=zzzzzz")

    expect(page).to_have_title(re.compile(r"^Erreur : Choisis ta commune"))
    assert focused_id(page) == "erreurs"
    expect(page.locator("#erreurs")).to_contain_text("Aucune commune ne correspond")
    page.locator("#erreurs").get_by_role("link", name="Ta commune").click()
    assert focused_id(page) == "commune-query"

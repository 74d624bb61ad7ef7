"""Every theme's questionnaire, walked at 360 px and on a desktop, with and without JavaScript: each button is
clicked by the text the youth reads, and that text must show in full."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from questionnaires.models import Theme
from tests.e2e.conftest import REIMS, click_button, open_grand_reims

THEMES = ["emploi", "formation", "logement", "sante", "mobilite-internationale"]


def answer_the_step(page):
    """Fills in the step as a youth in a hurry would: age 19, the first answer of each question."""
    age = page.locator("main form").get_by_role("spinbutton")
    if age.count():
        age.fill("19")
    form = page.locator("main form")
    for group in form.locator("fieldset:has(input[type=radio]), fieldset:has(input[type=checkbox])").all():
        first = group.locator("input").first
        if not first.is_checked():
            group.locator(f"label[for='{first.get_attribute('id')}']").click()


@pytest.fixture
def all_themes_open(transactional_db):
    return open_grand_reims(*THEMES)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_questionnaire_button_shows_its_whole_text(request, viewport, all_themes_open, javascript):
    site = request.getfixturevalue("site" if javascript else "site_without_js")
    for slug in THEMES:
        theme = Theme.objects.get(slug=slug)
        page = site.goto(reverse("offers:start", kwargs={"insee_code": REIMS, "theme_slug": slug}))
        steps = 0
        while "/etape-" in page.url:
            steps += 1
            assert steps < 10, f"le questionnaire {theme} ne finit pas"
            current = page.url
            if steps > 1:
                # Back one step and forward again, before answering: the previous answers are kept.
                click_button(page, "Précédent")
                site.check_accessibility()
                click_button(page, "Suivant")
                site.check_accessibility()
                expect(page).to_have_url(current)
            answer_the_step(page)
            last = page.get_by_role("button", name="Voir les offres pour moi").count() == 1
            click_button(page, "Voir les offres pour moi" if last else "Suivant")
            site.check_accessibility()
            if not last:
                expect(page).not_to_have_url(current)
        expect(page).to_have_url(
            re.compile(rf"{reverse('offers:results', kwargs={'insee_code': REIMS, 'theme_slug': slug})}$")
        )
        assert steps >= 2, f"le questionnaire {theme} n’a que {steps} étape"

"""Browser tests: Playwright drives Debian's Chromium against the live server, and axe checks every page visited."""

import io
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from organisations.enums import OrganisationKind
from tests.conftest import load_reference_data
from tests.offers.factories import OrganisationFactory
from tests.territories.factories import TerritoryFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 360, "height": 740}}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Live-server tests flush the database after each test: its reference data is created again before each one."""
    load_reference_data()


REIMS = "51454"
PROFESSIONAL_SPACE = "/espace-pro/"


def open_grand_reims(*themes):
    """The Marne communes, flushed with the database, and Grand Reims open on `themes` around Reims."""
    call_command("import_communes", departments=["51"], verbosity=0, stdout=io.StringIO())
    return TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=list(themes))


def mission_locale_of(territory, *, signed_charter=False):
    """The Mission locale of the territory; its offers reach youths only once it has signed the charter."""
    return OrganisationFactory(
        name="Mission locale de Reims",
        kind=OrganisationKind.MISSION_LOCALE,
        territories=[territory],
        signed_charter=signed_charter,
    )


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"Chromium est introuvable ({CHROMIUM}) : installer le paquet Debian chromium ou définir CHROMIUM_PATH"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class CheckedPage:
    """A browser tab whose every loaded page must pass axe before the test ends."""

    def __init__(self, page, base_url):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.loaded = []
        self.checked = []
        self.console_errors = []
        # Requests a test makes fail on purpose (`page.route(…, abort)`): their failure is expected in the console.
        self.aborted_urls = []
        page.on("load", lambda loaded: self.loaded.append(loaded.url))
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url} : {error}"))

    def _on_console(self, message):
        """Errors in the console: a refused script or style (Content-Security-Policy), a script error, a missing file.

        An error page's own status, or a request the test aborts, is not an error of the page: the test asked for it.
        """
        if message.type != "error":
            return
        failed_url = message.location.get("url") or ""
        if message.text.startswith("Failed to load resource") and (
            failed_url == self.page.url or any(pattern.search(failed_url) for pattern in self.aborted_urls)
        ):
            return
        self.console_errors.append(f"{self.page.url} : {message.text} ({message.location.get('url')})")

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.check_accessibility()
        return self.page

    def abort(self, url_pattern: re.Pattern):
        """Make every request to these URLs fail, as a lost connection would."""
        self.aborted_urls.append(url_pattern)
        self.page.route(url_pattern, lambda route: route.abort())

    def check_accessibility(self):
        self.page.wait_for_load_state("load")
        results = self.axe.run(self.page)
        assert results.violations_count == 0, f"axe sur {self.page.url} :\n{results.generate_report()}"
        assert_no_clipped_text(self.page)
        if not urlsplit(self.page.url).path.startswith(PROFESSIONAL_SPACE):
            # Youths are on phones: no page of theirs may be wider than the screen.
            assert_fits_the_width(self.page)
        self.checked.append(self.page.url)

    def unchecked_pages(self):
        return sorted(set(self.loaded) - set(self.checked))


# Buttons and links whose text the layout cuts: "Suiv…", or a bare icon where a word should be. The DSFR's
# icon-only buttons (the header's "Menu") hide their text on purpose and carry it in their title.
CLIPPED_TEXT_SCRIPT = """
() => [...document.querySelectorAll(".fr-btn:not([title]), .fr-link, .fr-tag, .fr-badge")]
  .filter(element => element.getClientRects().length && getComputedStyle(element).visibility !== "hidden")
  .filter(element => {
    if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
      return true;
    }
    const box = element.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(element);
    return [...range.getClientRects()].some(text => text.width > 0 && (
      text.left < box.left - 1 || text.right > box.right + 1 || text.top < box.top - 1 || text.bottom > box.bottom + 1
    ));
  })
  .map(element => (element.innerText || element.textContent).trim() || element.outerHTML.slice(0, 120))
"""


def assert_no_clipped_text(page):
    clipped = page.evaluate(CLIPPED_TEXT_SCRIPT)
    assert not clipped, f"texte coupé sur {page.url} : {clipped}"


# The innermost elements that reach past the right edge of the window: what makes the page too wide.
TOO_WIDE_SCRIPT = """
() => {
  const tooWide = element => element.getBoundingClientRect().right > window.innerWidth + 0.5;
  return [...document.body.querySelectorAll("*")]
  .filter(tooWide)
  .filter(element => ![...element.children].some(tooWide))
  .slice(0, 5)
  .map(element => element.outerHTML.slice(0, 160));
}
"""


def assert_fits_the_width(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} déborde de {overflow} px en largeur : {page.evaluate(TOO_WIDE_SCRIPT)}"


def click_button(page, text):
    """Clicks the button or link that shows `text` in full, as someone reading the screen would."""
    button = page.locator(".fr-btn", has_text=re.compile(rf"^\s*{re.escape(text)}\s*$"))
    assert button.count() == 1, f"{button.count()} boutons « {text} » sur {page.url}"
    assert_no_clipped_text(page)
    button.click()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return VIEWPORTS[request.param]


def _checked_page(browser, live_server, viewport, *, javascript=True):
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    context.set_default_timeout(10_000)
    checked = CheckedPage(context.new_page(), live_server.url)
    if not javascript:
        # The site's scripts are all files: blocking them is what a browser without JavaScript gets. Turning
        # JavaScript off in Chromium would also stop axe, which runs inside the page.
        checked.abort(re.compile(r"\.js(\?.*)?$"))
    yield checked
    unchecked = checked.unchecked_pages()
    context.close()
    assert not unchecked, f"pages visitées sans contrôle axe : {unchecked}"
    assert not checked.console_errors, "erreurs dans la console :\n" + "\n".join(checked.console_errors)


@pytest.fixture
def site(browser, live_server, viewport):
    yield from _checked_page(browser, live_server, viewport)


@pytest.fixture
def site_without_js(browser, live_server, viewport):
    yield from _checked_page(browser, live_server, viewport, javascript=False)

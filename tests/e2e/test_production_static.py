"""The site as production serves it: collected static files (hashed names, gzip and brotli), whitenoise, DEBUG off."""

import re
import urllib.request

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread
from django.urls import reverse

from tests.e2e.conftest import CheckedPage, open_grand_reims

PRODUCTION_STATIC = {
    "STATIC_COLLECTED": True,
    "WHITENOISE_USE_FINDERS": False,
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    },
}
# What the site never loads, left out so that the collection takes seconds: the DSFR's own full bundles, which the
# site replaces with its own, the admin's files.
NOT_LOADED = [
    *(f"dsfr/dist/{part}/*" for part in ["dsfr", "core", "component", "utility", "layout", "legacy", "analytics"]),
    "dsfr/dist/*.min.css",
    "admin/*",
    "icon-picker/*",
]


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory, django_db_blocker):
    root = tmp_path_factory.mktemp("staticfiles")
    with django_db_blocker.unblock(), override_settings(STATIC_ROOT=root, **PRODUCTION_STATIC):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=NOT_LOADED)
    return root


@pytest.fixture
def production_server(collected_static):
    with override_settings(STATIC_ROOT=collected_static, **PRODUCTION_STATIC):
        # No test static handler: whitenoise, as configured in production, serves the files.
        thread = LiveServerThread(
            "127.0.0.1",
            static_handler=lambda handler: handler,
            connections_override={
                conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()
            },
        )
        for conn in thread.connections_override.values():
            conn.inc_thread_sharing()
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        try:
            if thread.error:
                raise thread.error
            yield f"http://127.0.0.1:{thread.port}"
        finally:
            thread.terminate()
            for conn in thread.connections_override.values():
                conn.dec_thread_sharing()


@pytest.fixture
def production_site(browser, production_server, viewport):
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    context.set_default_timeout(10_000)
    site = CheckedPage(context.new_page(), production_server)
    yield site
    unchecked = site.unchecked_pages()
    context.close()
    assert not unchecked, f"pages visitées sans contrôle axe : {unchecked}"


# Files that the page fetched over the network (a file taken from the browser's cache has a transfer size of 0).
FETCHED_STATIC_FILES = """performance.getEntriesByType("resource")
    .filter(entry => entry.name.includes("/static/") && entry.transferSize > 0).map(entry => entry.name)"""


def test_site_is_styled_and_accessible_with_collected_static_files(production_site):
    open_grand_reims()
    page = production_site.goto(reverse("home"))
    page.wait_for_load_state("networkidle")
    first = page.evaluate(FETCHED_STATIC_FILES)

    stylesheet = next(url for url in first if "/boussole/dsfr/dsfr.min." in url)
    assert re.search(r"/dsfr\.min\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    # The DSFR styles apply: Marianne, from the preloaded file, and the header's blue-France buttons.
    assert page.evaluate("document.fonts.check('16px Marianne')")
    assert "Marianne" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.locator(".fr-header .fr-btn").first.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 145)"
    assert not [url for url in first if "/dsfr/dist/dsfr/" in url], "le DSFR complet ne doit plus être chargé"

    # The next page fetches only what the first did not need, and coming back to the first fetches nothing.
    page = production_site.goto(reverse("offers:commune", args=["51454"]))
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Reims"
    assert not set(page.evaluate(FETCHED_STATIC_FILES)) & set(first)
    page = production_site.goto(reverse("home"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate(FETCHED_STATIC_FILES) == []


def test_static_files_are_compressed_and_cached_for_a_year(production_server):
    with urllib.request.urlopen(production_server + reverse("home")) as response:
        html = response.read().decode()
    href = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    request = urllib.request.Request(production_server + href, headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request) as response:
        headers = response.headers

    assert headers["Content-Encoding"] == "br"
    assert "immutable" in headers["Cache-Control"]
    assert int(headers["Cache-Control"].split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
    assert "integrity=" not in html

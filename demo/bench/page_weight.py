"""What a page costs a youth's phone: bytes and requests in Chromium, with an empty cache and then on a repeat visit."""

import os
import re
from dataclasses import dataclass, field

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Visit:
    bytes: int = 0
    requests: int = 0
    static_requests: int = 0
    _pending: dict = field(default_factory=dict)

    @property
    def kilobytes(self):
        return self.bytes / 1024


def _visit(page, cdp, url) -> Visit:
    """Loads the page and counts what went over the network (a file from the browser's cache goes nowhere)."""
    visit = Visit()

    def sent(event):
        visit._pending[event["requestId"]] = event["request"]["url"]

    def from_cache(event):
        visit._pending.pop(event["requestId"], None)

    def finished(event):
        url = visit._pending.pop(event["requestId"], None)
        if url is not None and event["encodedDataLength"] > 0:
            visit.bytes += int(event["encodedDataLength"])
            visit.requests += 1
            visit.static_requests += "/static/" in url

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.requestServedFromCache", from_cache)
    cdp.on("Network.loadingFinished", finished)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    cdp.remove_listener("Network.requestWillBeSent", sent)
    cdp.remove_listener("Network.requestServedFromCache", from_cache)
    cdp.remove_listener("Network.loadingFinished", finished)
    return visit


def measure_page_weight(base_url: str, pages: dict[str, str], *, questionnaire) -> dict[str, tuple[Visit, Visit]]:
    """{label: (first visit, repeat visit)} of each page, each in a new browser profile (empty cache).

    `questionnaire` lists (step URL, answers) sent before the visits, so that the results page has answers.
    """
    from playwright.sync_api import sync_playwright

    weights = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        try:
            for label, path in pages.items():
                context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
                # Sent by the API client, which shares the cookies but not the HTTP cache of the pages.
                for step_url, answers in questionnaire:
                    token = CSRF_TOKEN.search(context.request.get(base_url + step_url).text()).group(1)
                    form = {key: value[0] if isinstance(value, list) else value for key, value in answers.items()}
                    context.request.post(
                        base_url + step_url, form={**form, "csrfmiddlewaretoken": token}, max_redirects=0
                    )
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                weights[label] = (_visit(page, cdp, base_url + path), _visit(page, cdp, base_url + path))
                context.close()
        finally:
            browser.close()
    return weights

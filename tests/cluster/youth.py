"""A youth driven by the harness through the load balancer, for what the load does not do on cue: a burst of contact
requests, the same e-mail sent many times to meet the rate limit, a questionnaire kept across a Redis restart."""

import re
import uuid

import requests

from tests.cluster.services import SITE

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SENT = "Ta demande est envoyée"
RATE_LIMITED = "beaucoup de demandes en peu de temps"


class Youth:
    def __init__(self):
        self.session = requests.Session()

    def post_form(self, path: str, data: dict) -> requests.Response:
        page = self.session.get(SITE + path, timeout=30)
        token = CSRF_TOKEN.search(page.text)
        return self.session.post(
            SITE + path,
            data={**data, "csrfmiddlewaretoken": token.group(1) if token else ""},
            allow_redirects=True,
            timeout=30,
        )

    def ask_to_be_contacted(self, *, offer_pk: int, commune: str, email: str) -> str:
        """ "accepted" when the confirmation is served, "rate_limited" when the form says to wait, else "error"."""
        data = {"email": email, "preferred_channel": "email", "consent": "on", "submission_key": str(uuid.uuid4())}
        try:
            page = self.post_form(f"/offres/{offer_pk}/demande/?commune={commune}", data)
        except requests.RequestException:
            return "error"
        if page.status_code == 200 and SENT in page.text:
            return "accepted"
        if page.status_code == 200 and RATE_LIMITED in page.text:
            return "rate_limited"
        return "error"

    def answer_questionnaire(self, journey: dict):
        commune, theme = journey["commune"], journey["theme"]
        for step, answers in journey["answers"].items():
            self.post_form(f"/communes/{commune}/{theme}/etape-{step}/", answers).raise_for_status()

    def results(self, journey: dict) -> requests.Response:
        return self.session.get(f"{SITE}/communes/{journey['commune']}/{journey['theme']}/resultats/", timeout=30)

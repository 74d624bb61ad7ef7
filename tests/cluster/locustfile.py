"""The steady load of the cluster test: youths going through the site by the load balancer, at a human pace.

Each journey: home, an autocomplete, the commune page, the three steps of the questionnaire, the results, an offer,
and one journey in two a contact request. A request is accepted when the page "Ta demande est envoyée" is served after
the form: its e-mail address is then written to CLUSTER_ACCEPTED, for the test to find its row in the database.
"""

import json
import os
import random
import re
import uuid
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

JOURNEY = json.loads(os.environ.get("CLUSTER_JOURNEY", "{}"))
ACCEPTED = os.environ.get("CLUSTER_ACCEPTED", "")
TYPED = ["rei", "reims", "51100", "epernay", "chalons"]
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SENT = "Ta demande est envoyée"


def accept(email: str):
    with open(ACCEPTED, "a") as accepted:
        accepted.write(email + "\n")


class Youth(FastHttpUser):
    wait_time = between(0.2, 0.8)

    def post_form(self, url, data, name):
        """The form's page, then the form sent with its CSRF token; returns where it leads, or None."""
        page = self.client.get(url, name=f"{name} (formulaire)")
        token = CSRF_TOKEN.search(page.text or "")
        body = urlencode({**data, "csrfmiddlewaretoken": token.group(1) if token else ""}, doseq=True)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        with self.client.post(
            url, data=body, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code} au lieu d’une redirection")
                return None
            return response.headers.get("Location")

    @task
    def journey(self):
        """A youth reads each page a moment (`wait_time`) before the next one."""
        commune, theme = JOURNEY["commune"], JOURNEY["theme"]
        self.client.get("/", name="accueil")
        self.wait()
        self.client.get(f"/communes/autocomplete?q={random.choice(TYPED)}", name="autocomplétion")
        self.client.get(f"/communes/{commune}/", name="commune")
        self.wait()
        for step, answers in JOURNEY["answers"].items():
            self.post_form(f"/communes/{commune}/{theme}/etape-{step}/", answers, name="questionnaire")
            self.wait()
        self.client.get(f"/communes/{commune}/{theme}/resultats/", name="résultats")
        self.wait()
        offer = random.choice(JOURNEY["offers"])
        self.client.get(offer["url"], name="offre")
        self.wait()
        if random.random() < 0.5:
            self.ask_to_be_contacted(offer["pk"], commune)
        # A new youth for the next journey: no session, no cookie.
        self.client.cookiejar.clear()

    def ask_to_be_contacted(self, offer_pk, commune):
        email = f"jeune-{uuid.uuid4().hex[:12]}@grappe.example.fr"
        data = {"email": email, "preferred_channel": "email", "consent": "on", "submission_key": str(uuid.uuid4())}
        sent_url = self.post_form(f"/offres/{offer_pk}/demande/?commune={commune}", data, name="demande de contact")
        if sent_url is None:
            return
        with self.client.get(sent_url, name="demande envoyée", catch_response=True) as page:
            if page.status_code == 200 and SENT in (page.text or ""):
                accept(email)
            else:
                page.failure(f"{page.status_code} sans la confirmation")

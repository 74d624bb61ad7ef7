"""Load of the youth journey, for `manage.py bench_http`: run by Locust against the bench's own gunicorn on 127.0.0.1.

The youths go through home, autocomplete, commune page, questionnaire, results and an offer; one journey in twenty ends
with a contact request. The static file user asks for one static file only, the yardstick at the same concurrency.
Neither waits between requests: the figures are what one gunicorn worker can serve.
"""

import itertools
import json
import os
import random
import re
import uuid
from urllib.parse import urlencode

from locust import FastHttpUser, constant, task

# What to ask for, given by manage.py bench_http: commune, theme, answers by step, offer addresses, static file.
BENCH = json.loads(os.environ.get("BENCH_JOURNEY", "{}"))
TYPED = ["re", "rei", "reim", "reims", "51100", "epernay", "chalons", "troyes", "saint", "paris"]
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONTACT_EVERY = 20
_journeys = itertools.count()


class Youth(FastHttpUser):
    wait_time = constant(0)

    def _post_form(self, url, data, name):
        page = self.client.get(url, name=f"{name} (formulaire)")
        token = CSRF_TOKEN.search(page.text or "")
        body = urlencode({**data, "csrfmiddlewaretoken": token.group(1) if token else ""}, doseq=True)
        with self.client.post(
            url,
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{url} : {response.status_code} au lieu d’une redirection")

    @task
    def journey(self):
        self.client.get("/", name="accueil")
        for typed in random.sample(TYPED, 2):
            self.client.get(f"/communes/autocomplete?q={typed}", name="autocomplétion")
        commune, theme = BENCH["commune"], BENCH["theme"]
        self.client.get(f"/communes/{commune}/", name="commune")
        for step, answers in BENCH["answers"].items():
            self._post_form(f"/communes/{commune}/{theme}/etape-{step}/", answers, name="questionnaire")
        self.client.get(f"/communes/{commune}/{theme}/resultats/", name="résultats")
        offer = random.choice(BENCH["offers"])
        self.client.get(offer, name="offre")
        if next(_journeys) % CONTACT_EVERY == 0:
            offer_pk = offer.split("/")[2].split("-")[0]
            self._post_form(
                f"/offres/{offer_pk}/demande/?commune={commune}",
                {
                    "email": f"jeune{random.randrange(10**9)}@banc.example.fr",
                    "preferred_channel": "email",
                    "consent": "on",
                    "submission_key": str(uuid.uuid4()),
                },
                name="demande de contact",
            )
        # A new youth for the next journey: no session, no cookie.
        self.client.cookiejar.clear()


class StaticFile(FastHttpUser):
    wait_time = constant(0)

    @task
    def static_file(self):
        self.client.get(BENCH["static"], name="fichier statique")

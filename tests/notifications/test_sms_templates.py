"""The youth's SMS about a request (templates/sms/contact_requests/), each one segment in the worst case: the longest
reference, a long structure name, a long short link. They name the structure and the date, never the offer."""

import datetime
from types import SimpleNamespace

import pytest

from notifications.enums import SmsEncoding
from notifications.sms import BaseSms

pytestmark = pytest.mark.django_db

SHORT_URL = "https://boussole.jeunes.gouv.fr/s/" + "W" * 22
LONG_NAME = "Mission locale pour l’insertion sociale et professionnelle des jeunes du Pays rémois et de l’Argonne"


class RequestSms(BaseSms):
    def __init__(self, *, template, name=LONG_NAME):
        self.kind = template
        self.template = f"sms/contact_requests/{template}.txt"
        self.name = name

    def get_recipient(self):
        return "06 12 34 56 78"

    def get_context(self):
        return {
            "request": SimpleNamespace(reference="BJ-WWWWWW", due_date=datetime.date(2026, 12, 31)),
            "organisation": SimpleNamespace(name=self.name),
            "short_url": SHORT_URL,
            # The acknowledgement's promise, at its longest when the request counts from today (see its class).
            "deadline": "au plus tard le 31/12",
            "read_on": "",
        }


@pytest.mark.parametrize(
    ("template", "text"),
    [
        (
            "acknowledgement",
            "Ta demande BJ-WWWWWW est notée. La Mission locale pour l'... te contacte au plus tard le 31/12. "
            f"Suivi : {SHORT_URL}",
        ),
        (
            "no_contact_question",
            f"BJ-WWWWWW : as-tu été contacté.e par Mission locale pour l'ins... ? Réponds ici : {SHORT_URL}",
        ),
        (
            "closed",
            f"Ta demande BJ-WWWWWW à Mission locale pour l'ins... est terminée. Tu peux la revoir ici : {SHORT_URL}",
        ),
        (
            "withdrawn",
            "Ta demande BJ-WWWWWW est bien annulée. Tu peux en faire une autre quand tu veux sur http://127.0.0.1:8000",
        ),
    ],
)
def test_each_sms_of_a_request_fits_one_gsm7_segment_in_the_worst_case(template, text):
    rendered = RequestSms(template=template).render()

    assert rendered.text == text
    assert (rendered.encoding, rendered.segments) == (SmsEncoding.GSM7, 1)

import datetime
import re
import uuid

from django.core import signing

from contact_requests.models import TRACKING_SALT
from contact_requests.submission import Contact, SubmissionOutcome, submit_request
from offers.models import Offer
from questionnaires.journey import questionnaire_for
from territories.models import Commune

ANSWERS = {"age": 19, "situation": "job_seeker"}


def make_request(
    offer: Offer,
    *,
    now: datetime.datetime,
    email="lea@example.fr",
    phone="+33612345678",
    commune="51454",
    first_name="Léa",
    channel="email",
):
    """A request submitted through the real flow, at a fixed time."""
    request, outcome = submit_request(
        offer=offer,
        commune=Commune.objects.get(insee_code=commune),
        territory_id=offer.territories.values_list("pk", flat=True).first(),
        questionnaire=questionnaire_for(offer.theme),
        answers=ANSWERS,
        contact=Contact(first_name=first_name, email=email, phone=phone, preferred_channel=channel, message=""),
        submission_key=uuid.uuid4(),
        now=now,
    )
    assert outcome is SubmissionOutcome.CREATED
    return request


def tracked_reference(text: str) -> str:
    """The request reference behind the first private tracking link in a text (links carry their own timestamp)."""
    token = re.search(r"/suivi/([^/\s]+)/", text).group(1)
    return signing.loads(token, salt=TRACKING_SALT)

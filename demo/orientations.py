"""Demo orientations between the partners of Grand Reims: the Mission locale sends youths to the housing association,
the adolescents' centre and the CAF, and the housing association sends some back to the Mission locale, so that the
statistics show a network (some pairs under 10, banded) and "Mes orientations" has statuses to show."""

import datetime
import uuid

from django.utils import timezone

from accounts.models import User
from contact_requests.enums import ContactChannel, Outcome
from contact_requests.models import ContactRequest
from contact_requests.orientation import OrientationRefused, orient_youth
from contact_requests.submission import Contact
from offers.models import Offer
from organisations.models import Organisation
from territories.models import Commune

ORIENTATION_EMAIL_DOMAIN = "orientation.jeune.example.fr"
MISSION_LOCALE, HOUSING, TEENAGERS, CAF = "41859906400064", "44721935300045", "80303178000023", "77988594600003"
# (who orients: demo account, to which organisation, how many youths, contacted in time, service mobilised)
DEMO_ORIENTATIONS = [
    ("admin.ml-reims@demo.boussole.example.fr", HOUSING, 12, 9, 6),
    ("membre.ml-reims@demo.boussole.example.fr", TEENAGERS, 4, 3, 2),
    ("membre.ml-reims@demo.boussole.example.fr", CAF, 3, 2, 1),
    ("membre.habitat-reims@demo.boussole.example.fr", MISSION_LOCALE, 5, 4, 3),
]
FIRST_NAMES = ["Manon", "Rayan", "Zoé", "Nolan", "Lina", "Hugo", "Maëlys", "Ilyes", "Emma", "Théo", "Louna", "Sacha"]


def load(stdout):
    if ContactRequest.objects.filter(email__endswith=ORIENTATION_EMAIL_DOMAIN).exists():
        stdout.write("  orientations entre partenaires : déjà chargées")
        return
    reims = Commune.objects.get(insee_code="51454")
    now, number = timezone.now(), 0
    for email, siret, count, on_time, mobilised in DEMO_ORIENTATIONS:
        professional = User.objects.get(email=email)
        organisation = professional.memberships.get().organisation
        offer = Offer.objects.live().filter(organisation=Organisation.objects.get(siret=siret)).order_by("pk").first()
        if offer is None:
            continue
        for rank in range(count):
            number += 1
            # Spread over two months, the latest ones from the last days still waiting for a contact.
            created_at = now - datetime.timedelta(days=60 * (count - rank) // count, hours=3)
            request = _orient(professional, organisation, offer, reims, number, created_at)
            if request is not None and created_at < now - datetime.timedelta(days=3):
                _follow(request, rank=rank, on_time=on_time, mobilised=mobilised)
    stdout.write(
        "  orientations entre partenaires : "
        f"{ContactRequest.objects.filter(email__endswith=ORIENTATION_EMAIL_DOMAIN).count()}"
    )


def _orient(professional, organisation, offer, commune, number, created_at):
    first_name = FIRST_NAMES[number % len(FIRST_NAMES)]
    try:
        request, _ = orient_youth(
            by=professional,
            organisation=organisation,
            offer=offer,
            commune=commune,
            contact=Contact(
                first_name=first_name,
                email=f"{first_name.lower()}.{number}@{ORIENTATION_EMAIL_DOMAIN}",
                phone=None,
                preferred_channel=ContactChannel.EMAIL,
                message="Rencontré·e à notre accueil : cette offre correspond à ce qu’il ou elle cherche.",
            ),
            consent=True,
            submission_key=uuid.uuid4(),
            now=created_at,
        )
    except OrientationRefused:
        return None
    return request


def _follow(request, *, rank, on_time, mobilised):
    """What the receiving structure did: a contact in time for the first `on_time`, late for the others; then the
    first `mobilised` end with the service mobilised, the others otherwise."""
    handler = request.organisation.memberships.select_related("user").first()
    by = handler.user if handler else None
    contacted_at = request.created_at + datetime.timedelta(hours=4) if rank < on_time else request.due_at
    if rank >= on_time:
        contacted_at += datetime.timedelta(days=2)
    request.mark_contacted(by=by, at=contacted_at, channel=ContactChannel.PHONE, said_at=contacted_at)
    outcome = Outcome.SERVICE_MOBILISED if rank < mobilised else Outcome.OTHER
    request.close(by=by, outcome=outcome, at=contacted_at + datetime.timedelta(days=1))

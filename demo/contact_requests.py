"""Demo requests in every status, some overdue, one reported as not contacted: the professional space and the
animator's "requests that slipped" have something to show."""

import datetime
import uuid

from django.db.models import Exists, OuterRef
from django.utils import timezone

from contact_requests.enums import ContactChannel, Outcome, RequestStatus
from contact_requests.models import ContactRequest
from contact_requests.submission import Contact, submit_request
from contact_requests.tasks import sweep
from offers.models import Offer
from organisations.models import Membership
from questionnaires.journey import questionnaire_for

# A youth who says "personne ne m’a contacté·e" after the due date.
REPORTED = "reported"
# (first name, days ago, what happened since)
DEMO_REQUESTS = [
    ("Léa", 0, RequestStatus.NEW),
    ("Yanis", 1, RequestStatus.NEW),
    ("Inès", 13, RequestStatus.NEW),  # overdue, reminded and escalated by the sweep
    ("Noah", 4, RequestStatus.TAKEN),
    ("Chloé", 12, RequestStatus.TAKEN),  # overdue
    ("Adam", 6, RequestStatus.CONTACTED),
    ("Jade", 20, RequestStatus.CLOSED),
    ("Lucas", 3, RequestStatus.WITHDRAWN),
    ("Sarah", 14, REPORTED),  # overdue, and the youth said nobody called
]
DEMO_EMAIL_DOMAIN = "jeune.example.fr"


def _received(days_ago: int) -> datetime.datetime:
    """Two hours ago for today's requests; 10:00 on an earlier day, so that the delay counts from that day whatever
    the hour the demo is loaded (a request received after 18:00 counts from the next working day)."""
    if not days_ago:
        return timezone.now() - datetime.timedelta(hours=2)
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def load(stdout):
    # Offers of organisations with demo accounts first: logging in as one of them shows requests to handle.
    staffed = Exists(Membership.objects.filter(organisation=OuterRef("organisation")))
    offers = list(
        Offer.objects.live()
        .filter(territories__slug="grand-reims")
        .select_related("organisation")
        .order_by(staffed.desc(), "pk")[:4]
    )
    if not offers:
        stdout.write("  pas d’offre de démonstration à Reims : demandes non créées")
        return
    for number, (first_name, days_ago, status) in enumerate(DEMO_REQUESTS):
        email = f"{first_name.lower()}@{DEMO_EMAIL_DOMAIN}"
        offer = offers[number % len(offers)]
        membership = Membership.objects.filter(organisation=offer.organisation).select_related("user").first()
        professional = membership.user if membership else None
        if ContactRequest.objects.filter(email=email).exists():
            continue
        created_at = _received(days_ago)
        request, _ = submit_request(
            offer=offer,
            commune=offer.organisation.commune,
            territory_id=offer.territories.values_list("pk", flat=True).first(),
            questionnaire=questionnaire_for(offer.theme),
            answers={"age": 17 + number, "situation": "job_seeker"},
            contact=Contact(
                first_name=first_name,
                email=email,
                phone=f"+336{12345670 + number}",
                preferred_channel=ContactChannel.EMAIL if number % 2 else ContactChannel.PHONE,
                message="Je suis disponible le matin." if number % 3 == 0 else "",
            ),
            submission_key=uuid.uuid4(),
            now=created_at,
        )
        later = created_at + datetime.timedelta(days=1)
        if status == RequestStatus.TAKEN:
            request.take(by=professional, at=later)
        elif status == RequestStatus.CONTACTED:
            request.mark_contacted(by=professional, at=later, channel=ContactChannel.PHONE)
        elif status == RequestStatus.CLOSED:
            request.mark_contacted(by=professional, at=later, channel=ContactChannel.PHONE)
            request.close(
                by=professional, outcome=Outcome.SERVICE_MOBILISED, comment="Inscrit·e à l’atelier.", at=later
            )
        elif status == RequestStatus.WITHDRAWN:
            request.withdraw(at=later)
        elif status == REPORTED:
            request.report_no_contact(at=timezone.now() - datetime.timedelta(hours=3))
    done = sweep(now=timezone.now())
    stdout.write(f"  relances des demandes en retard : {done}")
    stdout.write(f"  demandes de contact : {ContactRequest.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).count()}")

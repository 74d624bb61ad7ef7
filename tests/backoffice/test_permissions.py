"""Who reaches what in the professional space: every URL, every role, objects of A and of B, for a person logged in
with their password and for one logged in with ProConnect (against the tests' OpenID provider).

Outcomes: "page" (200), "done" (a redirect after a successful action), "login" (sent to the login page),
404 (not theirs: nothing says that it exists).
"""

import uuid
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import get_resolver, reverse
from django.utils import timezone

from contact_requests.enums import EventKind
from contact_requests.models import ContactRequest, RequestEvent
from notifications.models import Email
from offers.models import Offer
from organisations.models import AttachmentRequest, Invitation, Membership, Organisation
from questionnaires.models import Theme
from stats.gaps import Gap
from territories.models import Territory
from tests.accounts import helpers
from tests.backoffice.factories import PASSWORD, make_member, sign_charter
from tests.backoffice.test_animation import new_organisation_data
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.oidc_provider import log_in as log_in_with_proconnect
from tests.territories.factories import TerritoryFactory

ROLES = ["anonymous", "member_a", "admin_a", "member_b", "animator", "other_animator", "staff"]


@dataclass
class World:
    users: dict
    request_a: ContactRequest
    request_b: ContactRequest
    # Handed over by member_a to organisation B.
    request_handed: ContactRequest
    offer_a: Offer
    offer_b: Offer
    # Published: what a professional of another organisation orients youths to.
    live_a: Offer
    live_b: Offer
    colleague_a: Membership
    invitation_a: Invitation
    invitation_b: Invitation
    organisation_a: Organisation
    submitted_a: Offer
    territory: Territory
    # The animator of Essonne asks that organisations A and B join it too.
    attachment_a: AttachmentRequest
    attachment_b: AttachmentRequest
    # Statistics scopes, named in their URLs.
    scopes: dict = field(default_factory=dict)


@pytest.fixture
def world():
    territory = TerritoryFactory(name="Grand Reims", communes=["51454"])
    elsewhere = TerritoryFactory(name="Essonne", communes=["91228"])
    emploi = Theme.objects.get(slug="emploi")
    organisation_a = OrganisationFactory(name="Structure A", territories=[territory])
    organisation_b = OrganisationFactory(name="Structure B", territories=[territory])
    users = {
        "anonymous": None,
        "member_a": make_member(organisation_a),
        "admin_a": make_member(organisation_a, role="admin"),
        "member_b": make_member(organisation_b),
        "animator": get_user_model().objects.create_user(email="animatrice@example.fr", password=PASSWORD),
        "other_animator": get_user_model().objects.create_user(email="animateur@example.fr", password=PASSWORD),
        "staff": get_user_model().objects.create_user(email="national@example.fr", password=PASSWORD, is_staff=True),
    }
    territory.animators.add(users["animator"])
    elsewhere.animators.add(users["other_animator"])
    sign_charter(organisation_a, users["admin_a"])
    sign_charter(organisation_b, users["member_b"])
    offer_a = OfferFactory(theme=emploi, organisation=organisation_a, territories=[territory], status="draft")
    offer_b = OfferFactory(theme=emploi, organisation=organisation_b, territories=[territory], status="draft")
    live_a = OfferFactory(theme=emploi, organisation=organisation_a, territories=[territory])
    live_b = OfferFactory(theme=emploi, organisation=organisation_b, territories=[territory])
    submitted_a = OfferFactory(theme=emploi, organisation=organisation_a, territories=[territory], draft=True)
    submitted_a.submit(by=users["admin_a"])
    now = timezone.now()
    request_handed = make_request(live_a, now=now, email="c@example.fr", phone=None)
    request_handed.transfer(by=users["member_a"], to_offer=live_b)
    return World(
        users=users,
        request_a=make_request(live_a, now=now, email="a@example.fr", phone=None),
        request_b=make_request(live_b, now=now, email="b@example.fr", phone=None),
        request_handed=request_handed,
        offer_a=offer_a,
        offer_b=offer_b,
        live_a=live_a,
        live_b=live_b,
        colleague_a=Membership.objects.get(user=make_member(organisation_a)),
        invitation_a=Invitation.objects.create(organisation=organisation_a, email="invite-a@example.fr"),
        invitation_b=Invitation.objects.create(organisation=organisation_b, email="invite-b@example.fr"),
        organisation_a=organisation_a,
        scopes={
            "territory": f"territoire-{territory.pk}",
            "elsewhere": f"territoire-{elsewhere.pk}",
            "organisation_a": f"structure-{organisation_a.pk}",
            "organisation_b": f"structure-{organisation_b.pk}",
            "france": "france",
        },
        submitted_a=submitted_a,
        territory=territory,
        attachment_a=AttachmentRequest.objects.create(
            organisation=organisation_a, territory=elsewhere, requested_by=users["other_animator"]
        ),
        attachment_b=AttachmentRequest.objects.create(
            organisation=organisation_b, territory=elsewhere, requested_by=users["other_animator"]
        ),
    )


# Each role logged in with its password, then with ProConnect (anonymous has nobody to log in).
LOGINS = [("password", role) for role in ROLES] + [("proconnect", role) for role in ROLES if role != "anonymous"]


def log_in(request, client, how, user):
    """Through the login page with the password, or through ProConnect (the tests' OpenID provider)."""
    if how == "password":
        helpers.log_in(client, user.email, PASSWORD)
    else:
        provider = request.getfixturevalue("proconnect")
        provider.add_account(sub=f"sub-{user.pk}", email=user.email)
        log_in_with_proconnect(client, provider, email=user.email)
    assert client.session[SESSION_KEY] == str(user.pk)


def expected(table, role):
    return dict(zip(ROLES, table, strict=True))[role]


# url name, object, expected outcome for each role in ROLES order.
PAGES = [
    ("home", None, ["login", "page", "page", "page", "page", "page", "page"]),
    ("charter", None, ["login", "page", "page", "page", "page", "page", "page"]),
    ("no_access", None, ["login", "page", "page", "page", "page", "page", "page"]),
    ("requests", None, ["login", "page", "page", "page", "page", "page", "page"]),
    ("request", "request_a", ["login", "page", "page", 404, "page", 404, "page"]),
    ("request", "request_b", ["login", 404, 404, "page", "page", 404, "page"]),
    ("request_views", "request_a", ["login", "page", "page", 404, "page", 404, "page"]),
    ("request_views", "request_b", ["login", 404, 404, "page", "page", 404, "page"]),
    ("request_transfer", "request_a", ["login", "page", "page", 404, 404, 404, 404]),
    ("request_transfer", "request_b", ["login", 404, 404, "page", 404, 404, 404]),
    # The sender's confirmation, whoever holds the request now: only who handed it over sees it.
    ("request_handed_over", "request_handed", ["login", "page", 404, 404, 404, 404, 404]),
    ("request_handed_over", "request_a", ["login", 404, 404, 404, 404, 404, 404]),
    ("slipped_requests", None, ["login", 404, 404, 404, "page", "page", "page"]),
    ("request_reassign", "request_a", ["login", 404, 404, 404, "page", 404, "page"]),
    ("request_reassign", "request_b", ["login", 404, 404, 404, "page", 404, "page"]),
    ("offers", None, ["login", "page", "page", "page", 404, 404, 404]),
    ("offer_create", None, ["login", "page", "page", "page", 404, 404, 404]),
    ("offer_edit", "offer_a", ["login", "page", "page", 404, 404, 404, 404]),
    ("offer_edit", "offer_b", ["login", 404, 404, "page", 404, 404, 404]),
    ("offer_archive", "offer_a", ["login", "page", "page", 404, 404, 404, 404]),
    ("offer_archive", "offer_b", ["login", 404, 404, "page", 404, 404, 404]),
    ("offer_preview", "offer_a", ["login", "page", "page", 404, 404, 404, 404]),
    ("offer_preview", "offer_b", ["login", 404, 404, "page", 404, 404, 404]),
    ("directory", None, ["login", "page", "page", "page", 404, 404, 404]),
    # Orienting a youth: members of an organisation; their own offer's page says why they cannot orient to it.
    ("orientations", None, ["login", "page", "page", "page", 404, 404, 404]),
    ("partner_offer", "live_b", ["login", "page", "page", "page", 404, 404, 404]),
    ("partner_offer", "offer_b", ["login", 404, 404, 404, 404, 404, 404]),
    ("orient", "live_b", ["login", "page", "page", "page", 404, 404, 404]),
    ("orient", "offer_b", ["login", 404, 404, 404, 404, 404, 404]),
    ("request_orient", "request_a", ["login", "page", "page", 404, 404, 404, 404]),
    ("request_orient", "request_b", ["login", 404, 404, "page", 404, 404, 404]),
    ("organisation", None, ["login", 404, "page", 404, 404, 404, 404]),
    ("territory_organisations", None, ["login", 404, 404, 404, "page", "page", "page"]),
    ("territory_organisation", "organisation_a", ["login", 404, 404, 404, "page", 404, "page"]),
    ("territory_organisation_invite", None, ["login", 404, 404, 404, "page", "page", "page"]),
    # Statistics: to their first scope ("done": a redirect), or nothing to read for a member who administers nothing.
    ("statistics_home", None, ["login", 404, "done", 404, "done", "done", "done"]),
    ("statistics", "scope:territory", ["login", 404, 404, 404, "page", 404, "page"]),
    ("statistics", "scope:elsewhere", ["login", 404, 404, 404, 404, "page", "page"]),
    ("statistics", "scope:organisation_a", ["login", 404, "page", 404, 404, 404, "page"]),
    ("statistics", "scope:organisation_b", ["login", 404, 404, 404, 404, 404, "page"]),
    ("statistics", "scope:france", ["login", 404, 404, 404, 404, 404, "page"]),
    ("statistics_gaps", "scope:territory", ["login", 404, 404, 404, "page", 404, "page"]),
    ("statistics_gaps", "scope:organisation_a", ["login", 404, "page", 404, 404, 404, "page"]),
    ("statistics_gaps", "scope:france", ["login", 404, 404, 404, 404, 404, "page"]),
    ("statistics_gap_search", "scope:territory", ["login", 404, 404, 404, "page", 404, "page"]),
    ("statistics_gap_search", "scope:elsewhere", ["login", 404, 404, 404, 404, "page", "page"]),
    ("statistics_export", "scope:territory", ["login", 404, 404, 404, "page", 404, "page"]),
    ("statistics_export", "scope:elsewhere", ["login", 404, 404, 404, 404, "page", "page"]),
    ("statistics_export", "scope:organisation_a", ["login", 404, "page", 404, 404, 404, "page"]),
    ("statistics_export", "scope:organisation_b", ["login", 404, 404, 404, 404, 404, "page"]),
    ("statistics_export", "scope:france", ["login", 404, 404, 404, 404, 404, "page"]),
    # Every territory side by side: national staff only.
    ("statistics_territories", None, ["login", 404, 404, 404, 404, 404, "page"]),
    ("statistics_territories_export", None, ["login", 404, 404, 404, 404, 404, "page"]),
    ("offer_validation_list", None, ["login", 404, 404, 404, "page", "page", "page"]),
    ("offer_freshness_list", None, ["login", 404, 404, 404, "page", "page", "page"]),
    # The other animator's territory is not covered by these offers: 404.
    ("offer_review", "submitted_a", ["login", 404, 404, 404, "page", 404, "page"]),
    ("offer_review", "offer_b", ["login", 404, 404, 404, "page", 404, "page"]),
    # One territory each: the list leads straight to its settings ("done"); staff see every territory.
    ("territory_list", None, ["login", 404, 404, 404, "done", "done", "page"]),
    ("territory_settings", "territory", ["login", 404, 404, 404, "page", 404, "page"]),
    # Read by who asks (the animator of Essonne) and by who decides: the organisation's administrators, the animators
    # of its territories, staff.
    ("attachment_requests", None, ["login", 404, "page", 404, "page", "page", "page"]),
    ("attachment_request", "attachment_a", ["login", 404, "page", 404, "page", "page", "page"]),
    ("attachment_request", "attachment_b", ["login", 404, 404, 404, "page", "page", "page"]),
]

ACTIONS = [
    ("request_take", "request_a", {}, ["login", "done", "done", 404, 404, 404, 404]),
    ("request_take", "request_b", {}, ["login", 404, 404, "done", 404, 404, 404]),
    ("request_contacted", "request_a", "contacted", ["login", "done", "done", 404, 404, 404, 404]),
    ("request_close", "request_a", "close", ["login", "done", "done", 404, 404, 404, 404]),
    ("request_close", "request_b", "close", ["login", 404, 404, "done", 404, 404, 404]),
    ("request_transfer", "request_a", "transfer", ["login", "done", "done", 404, 404, 404, 404]),
    # What an animator of the request's territory (or staff) does with it; nobody else, members included.
    ("request_remind", "request_a", {}, ["login", 404, 404, 404, "done", 404, "done"]),
    ("request_remind", "request_b", {}, ["login", 404, 404, 404, "done", 404, "done"]),
    ("request_note", "request_a", {"note-text": "Structure appelée."}, ["login", 404, 404, 404, "done", 404, "done"]),
    ("request_reassign", "request_a", "transfer", ["login", 404, 404, 404, "done", 404, "done"]),
    ("request_reassign", "request_b", "reassign_b", ["login", 404, 404, 404, "done", 404, "done"]),
    ("request_take_over", "request_a", "take_over", ["login", 404, 404, 404, "done", 404, "done"]),
    ("request_take_over", "request_b", "take_over", ["login", 404, 404, 404, "done", 404, "done"]),
    ("offer_duplicate", "offer_a", {}, ["login", "done", "done", 404, 404, 404, 404]),
    # Organisation B's own offer: refused to its member with the form back (400); a draft is nobody's to orient to.
    ("orient", "live_b", "orient", ["login", "done", "done", 400, 404, 404, 404]),
    ("orient", "offer_b", "orient", ["login", 404, 404, 404, 404, 404, 404]),
    # Advice on texts being typed, for any member: nothing is read from or written to the database.
    ("offer_plain_language", None, {"title": "Un dispositif"}, ["login", "page", "page", "page", 404, 404, 404]),
    # Acting for organisation A: its members only.
    ("switch_organisation", None, "switch_a", ["login", "done", "done", 404, 404, 404, 404]),
    ("offer_archive", "offer_a", {}, ["login", "done", "done", 404, 404, 404, 404]),
    ("offer_archive", "offer_b", {}, ["login", 404, 404, "done", 404, 404, 404]),
    ("offer_submit", "offer_a", {}, ["login", "done", "done", 404, 404, 404, 404]),
    ("offer_mark_reviewed", "offer_a", {}, ["login", "done", "done", 404, 404, 404, 404]),
    ("offer_mark_reviewed", "offer_b", {}, ["login", 404, 404, "done", 404, 404, 404]),
    ("offer_publish", "submitted_a", {}, ["login", 404, 404, 404, "done", 404, "done"]),
    ("offer_send_back", "submitted_a", {"comment": "À reprendre."}, ["login", 404, 404, 404, "done", 404, "done"]),
    # Sent empty: the owner gets the form back with its errors ("page"), anybody else a 404.
    ("offer_edit", "offer_a", {}, ["login", "page", "page", 404, 404, 404, 404]),
    ("offer_edit", "offer_b", {}, ["login", 404, 404, "page", 404, 404, 404]),
    ("organisation", None, {}, ["login", 404, "page", 404, 404, 404, 404]),
    ("organisation_invite", None, "invite", ["login", 404, "done", 404, 404, 404, 404]),
    ("organisation_invitation_cancel", "invitation_a", {}, ["login", 404, "done", 404, 404, 404, 404]),
    ("organisation_invitation_cancel", "invitation_b", {}, ["login", 404, 404, 404, 404, 404, 404]),
    ("organisation_member_remove", "colleague_a", {}, ["login", 404, "done", 404, 404, 404, 404]),
    ("territory_organisation_deactivate", "organisation_a", {}, ["login", 404, 404, 404, "done", 404, "done"]),
    ("territory_organisation_reactivate", "organisation_a", {}, ["login", 404, 404, 404, "done", 404, "done"]),
    # Into Grand Reims: its animator and staff may; the animator of Essonne gets the form back with its error.
    ("territory_organisation_invite", None, "new_organisation", ["login", 404, 404, 404, "done", 400, "done"]),
    ("territory_organisation_add", None, "existing_organisation", ["login", 404, 404, 404, "done", 400, "done"]),
    ("territory_settings", "territory", "territory_settings", ["login", 404, 404, 404, "done", 404, "done"]),
    # Opening a territory to youths: national staff only, its animators included ("done": back to its page, which
    # says whether it opened).
    ("territory_open", "territory", {}, ["login", 404, 404, 404, 404, 404, "done"]),
    # Decided by the organisation's administrators, the animators of its territories and staff, not by who asked.
    (
        "attachment_request_decide",
        "attachment_a",
        {"decision": "refused"},
        ["login", 404, "done", 404, "done", 404, "done"],
    ),
    (
        "attachment_request_decide",
        "attachment_b",
        {"decision": "accepted"},
        ["login", 404, 404, 404, "done", 404, "done"],
    ),
]
# The invitation link is reached by its secret token, by people without an account yet (see test_organisation.py);
# the page for people ProConnect knows but the Boussole does not, after their ProConnect login (test_proconnect.py).
REACHED_BY_TOKEN = {"invitation", "proconnect_unknown"}


def outcome(response):
    if response.status_code == 200:
        return "page"
    if response.status_code == 302:
        return "login" if response.url.startswith(reverse("login")) else "done"
    return response.status_code


def url_for(world, name, obj):
    if obj and obj.startswith("scope:"):
        args = [world.scopes[obj.removeprefix("scope:")]]
        if name == "statistics_gap_search":
            args.append(Gap("Reims", "51454", "Emploi", "emploi", {}, (18, 25), 1, 1).search_token)
        elif name == "statistics_export":
            args.append("demandes")
        return reverse(f"backoffice:{name}", args=args)
    return reverse(f"backoffice:{name}", args=[getattr(world, obj).pk] if obj else [])


@pytest.mark.django_db
@pytest.mark.parametrize(("how", "role"), LOGINS, ids=[f"{how}-{role}" for how, role in LOGINS])
@pytest.mark.parametrize(("name", "obj", "table"), PAGES, ids=[f"{name}-{obj}" for name, obj, _ in PAGES])
def test_pages(request, client, world, how, role, name, obj, table):
    if world.users[role]:
        log_in(request, client, how, world.users[role])

    assert outcome(client.get(url_for(world, name, obj))) == expected(table, role)


@pytest.mark.django_db
@pytest.mark.parametrize(("how", "role"), LOGINS, ids=[f"{how}-{role}" for how, role in LOGINS])
@pytest.mark.parametrize(
    ("name", "obj", "data", "table"), ACTIONS, ids=[f"{name}-{obj}" for name, obj, _, _ in ACTIONS]
)
def test_actions(request, client, world, how, role, name, obj, data, table):
    if world.users[role]:
        log_in(request, client, how, world.users[role])
    if data == "contacted":
        data = {"contacted_on": timezone.localdate().isoformat(), "channel": "phone"}
    elif data == "transfer":
        data = {"offer": world.request_b.offer_id}
    elif data == "switch_a":
        data = {"organisation": world.organisation_a.pk}
    elif data == "orient":
        data = {
            "first_name": "Léa",
            "email": "lea.orientee@example.fr",
            "preferred_channel": "email",
            "commune": "51454",
            "message": "Cherche un logement.",
            "consent": "on",
            "submission_key": str(uuid.uuid4()),
        }
    elif data == "reassign_b":
        data = {"offer": world.request_a.offer_id}
    elif data == "close":
        data = {"outcome": "service_mobilised", "contacted_on": timezone.localdate().isoformat(), "channel": "phone"}
    elif data == "take_over":
        data = {
            "reprise-outcome": "service_mobilised",
            "reprise-contacted_on": timezone.localdate().isoformat(),
            "reprise-channel": "phone",
            "reprise-comment": "Appelée par l’animatrice.",
        }
    elif data == "invite":
        data = {"invitation-email": "nouvelle@example.fr", "invitation-role": "member"}
    elif data == "new_organisation":
        data = new_organisation_data(**{"new-territory": world.organisation_a.territories.get().pk})
    elif data == "territory_settings":
        themes = [theme.pk for theme in world.territory.themes.all()]
        data = {"description": "Nouvelle présentation", "themes": themes, "contact_email": "", "contact_phone": ""}
    elif data == "existing_organisation":
        elsewhere = OrganisationFactory(name="Structure d’Essonne", territories=[TerritoryFactory(name="Ailleurs")])
        data = {"existing-siret": elsewhere.siret, "existing-territory": world.organisation_a.territories.get().pk}
    before = {pk: status for pk, status in ContactRequest.objects.values_list("pk", "status")}
    offers_before = set(Offer.objects.values_list("pk", "status", "title"))
    invitations_before = set(Invitation.objects.values_list("pk", "email"))
    territories_before = set(Territory.objects.values_list("pk", "description"))
    organisations_before = {
        organisation.pk: (organisation.deactivated_at, set(organisation.territories.all()))
        for organisation in Organisation.objects.prefetch_related("territories")
    }
    history_before = RequestEvent.objects.exclude(kind=EventKind.VIEWED).count()
    emails_before = Email.objects.count()
    attachments_before = set(AttachmentRequest.objects.values_list("pk", "decision"))

    result = outcome(client.post(url_for(world, name, obj), data))

    assert result == expected(table, role)
    if result != "done":
        # Refused: nothing changed, not even a little.
        assert dict(ContactRequest.objects.values_list("pk", "status")) == before
        assert set(Offer.objects.values_list("pk", "status", "title")) == offers_before
        assert set(Invitation.objects.values_list("pk", "email")) == invitations_before
        assert Membership.objects.filter(pk=world.colleague_a.pk).exists()
        assert {
            organisation.pk: (organisation.deactivated_at, set(organisation.territories.all()))
            for organisation in Organisation.objects.prefetch_related("territories")
        } == organisations_before
        assert RequestEvent.objects.exclude(kind=EventKind.VIEWED).count() == history_before
        assert Email.objects.count() == emails_before
        assert set(AttachmentRequest.objects.values_list("pk", "decision")) == attachments_before
        assert set(Territory.objects.values_list("pk", "description")) == territories_before


def test_the_matrix_covers_every_url_of_the_professional_space():
    backoffice = {pattern.name for pattern in get_resolver("backoffice.urls").url_patterns}
    covered = {name for name, *_ in PAGES} | {name for name, *_ in ACTIONS} | REACHED_BY_TOKEN

    assert backoffice - covered == set()


@pytest.mark.django_db
def test_the_lists_show_only_what_is_theirs(client, world):
    client.force_login(world.users["member_b"])

    requests_html = client.get(reverse("backoffice:requests")).content.decode()
    offers_html = client.get(reverse("backoffice:offers")).content.decode()

    assert world.request_b.reference in requests_html and world.request_a.reference not in requests_html
    assert world.offer_b.title in offers_html and world.offer_a.title not in offers_html

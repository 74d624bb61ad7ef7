"""Who may enter which part of the professional space. Objects themselves are fetched through scoped querysets."""

import itertools
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.db import connection
from django.http import Http404
from django.shortcuts import redirect

from contact_requests.models import ContactRequest
from core.statements import SAMPLE_NUMBER, KeptStatement, instance
from offers.models import Offer
from organisations.models import Membership, Organisation
from territories.models import Territory

ACTIVE_ORGANISATION_KEY = "backoffice:organisation"


@dataclass
class Professional:
    """What the current user is in the professional space."""

    membership: Membership | None
    memberships: list[Membership]
    animated: list[int]  # ids of the territories this person animates
    is_staff: bool

    def visible_requests(self):
        """The requests this person reads: those of the organisation they act for, and of the territories they
        animate (all, for staff)."""
        return ContactRequest.objects.seen_by(
            organisations=[self.membership.organisation_id] if self.membership else [],
            territories=self.animated,
            is_staff=self.is_staff,
        )

    def actionable_requests(self):
        """The requests this person acts on: those of the organisation they act for that are not over yet."""
        if self.membership is None:
            return ContactRequest.objects.none()
        return ContactRequest.objects.filter(organisation=self.membership.organisation_id).active()

    def may_act_on(self, contact_request) -> bool:
        """The same rule as `actionable_requests`, for one request already read."""
        return (
            self.membership is not None
            and contact_request.organisation_id == self.membership.organisation_id
            and contact_request.is_active
        )

    def organisation_of_request(self, pk) -> int | None:
        """Which of this person's organisations holds the request, if any: a link to it may come while acting for
        another one."""
        return (
            ContactRequest.objects.filter(pk=pk, organisation__in=[m.organisation_id for m in self.memberships])
            .values_list("organisation_id", flat=True)
            .first()
        )

    def offers_with_requests(self):
        """The offers that received a request this person may read, by title: the choices of the offer filter."""
        return Offer.objects.filter(pk__in=self.visible_requests().values("offer_id")).order_by("title")

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def is_admin(self) -> bool:
        return bool(self.membership and self.membership.is_admin)

    @property
    def is_animator(self) -> bool:
        """Animates at least one territory; national staff act as the animators of every territory."""
        return bool(self.animated) or self.is_staff

    def territories(self):
        """The territories this person runs as an animator (all of them for staff)."""
        territories = Territory.objects.all()
        return territories if self.is_staff else territories.filter(pk__in=self.animated)

    def animated_offers(self):
        """The offers this person validates as an animator: those covering their territories (all, for staff)."""
        offers = Offer.objects.all()
        return offers if self.is_staff else offers.covering_territories(self.animated)

    def animates(self, contact_request) -> bool:
        """Whether this person follows the request up as an animator: it was received in their territories."""
        return self.is_staff or contact_request.territory_id in self.animated

    def territory_requests(self):
        """The requests received in the territories this person animates."""
        return ContactRequest.objects.seen_by(organisations=[], territories=self.animated, is_staff=self.is_staff)

    def requests_to_follow_up(self):
        """The requests this person follows up as an animator: those of their territories that are not over yet."""
        return self.territory_requests().active()

    def may_follow_up(self, contact_request) -> bool:
        """The same rule as `requests_to_follow_up`, for one request already read."""
        return self.animates(contact_request) and contact_request.is_active


def act_for(request, organisation_id) -> bool:
    """Makes the person act for one of their organisations from now on; False if they are not a member of it."""
    if not Membership.objects.filter(user=request.user, organisation=organisation_id).exists():
        return False
    request.session[ACTIVE_ORGANISATION_KEY] = organisation_id
    return True


# Every page of the professional space reads who the person is: two statements built once by each process and
# planned once by each connection (core.statements), where the ORM took longer to build them than the database to run
# them.
MEMBERSHIP_FIELDS = tuple(field.attname for field in Membership._meta.concrete_fields)
ORGANISATION_FIELDS = tuple(field.attname for field in Organisation._meta.concrete_fields)


@lru_cache(maxsize=2)
def _memberships_statement(vendor: str) -> KeptStatement:
    memberships = (
        Membership.objects.filter(user=SAMPLE_NUMBER)
        .order_by("created_at", "pk")
        .values_list(*MEMBERSHIP_FIELDS, *(f"organisation__{field}" for field in ORGANISATION_FIELDS))
    )
    return KeptStatement.of(memberships, prepared=True, user=SAMPLE_NUMBER)


@lru_cache(maxsize=2)
def _animated_statement(vendor: str) -> KeptStatement:
    territories = Territory.objects.filter(animators=SAMPLE_NUMBER).order_by("pk").values_list("pk")
    return KeptStatement.of(territories, prepared=True, user=SAMPLE_NUMBER)


def memberships_of(user) -> list[Membership]:
    """The person's memberships, oldest first, each with its organisation."""
    statement = _memberships_statement(connection.vendor)
    memberships = []
    for row in statement.rows(user=user.pk):
        values = iter(row)
        membership = instance(
            Membership, MEMBERSHIP_FIELDS, itertools.islice(values, len(MEMBERSHIP_FIELDS)), using=statement.using
        )
        membership.organisation = instance(Organisation, ORGANISATION_FIELDS, tuple(values), using=statement.using)
        memberships.append(membership)
    return memberships


def professional_for(request) -> Professional:
    user = request.user
    memberships = memberships_of(user)
    wanted = request.session.get(ACTIVE_ORGANISATION_KEY)
    membership = next((m for m in memberships if m.organisation_id == wanted), memberships[0] if memberships else None)
    return Professional(
        membership=membership,
        memberships=memberships,
        animated=[pk for (pk,) in _animated_statement(connection.vendor).rows(user=user.pk)],
        is_staff=user.is_staff,
    )


def professional_view(view):
    """Any person of the professional space: member of an organisation, animator or staff.

    A member whose organisation has not signed the current charter only reaches the charter page.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        professional = professional_for(request)
        if not (professional.membership or professional.animated or professional.is_staff):
            return redirect("backoffice:no_access")
        if professional.membership and not professional.organisation.has_signed_current_charter():
            return redirect("backoffice:charter")
        request.professional = professional
        return view(request, *args, **kwargs)

    return wrapper


def member_view(view):
    """Only members of an organisation (that signed the charter): handling requests, editing offers."""

    @professional_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.professional.membership is None:
            raise Http404("Réservé aux membres d’une structure.")
        return view(request, *args, **kwargs)

    return wrapper


def animator_view(view):
    """Only territorial animators and national staff: the consortium's pages."""

    @professional_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.professional.is_animator:
            raise Http404("Réservé à l’animation territoriale.")
        return view(request, *args, **kwargs)

    return wrapper


def organisation_admin_view(view):
    """Only administrators of an organisation: its profile and its members."""

    @member_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.professional.is_admin:
            raise Http404("Réservé aux administrateurs de la structure.")
        return view(request, *args, **kwargs)

    return wrapper

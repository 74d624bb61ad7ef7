"""Partner organisations, their members, invitations to join them, and the partnership charter they sign."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from organisations.enums import AttachmentDecision, MemberRole, OrganisationKind
from organisations.validators import validate_siret
from territories.models import Commune, Department, Territory

INVITATION_DAYS = 14


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _signed_current_charter(organisation: str = "pk"):
    """True for an organisation that signed the latest charter, and for every one while no charter exists; of the
    organisation at `organisation` (its id, from the rows filtered)."""
    current = CharterVersion.objects.order_by("-version")[:1].values("pk")
    signed = CharterSignature.objects.filter(organisation=OuterRef(organisation), charter__in=current)
    return Exists(signed) | ~Exists(CharterVersion.objects.all())


def reaching_youths(path: str = "") -> Q:
    """The one definition of an organisation whose offers youths see and whose offers receive requests (active, current
    charter signed), for the rows filtered (`path` is "" for organisations, "organisation__" for their offers…):
    tested on the row joined, where a subquery of organisations would cost the database more to plan than to run."""
    return Q(**{f"{path}deactivated_at__isnull": True}) & _signed_current_charter(f"{path}pk")


class OrganisationQuerySet(models.QuerySet):
    def of_member(self, user):
        return self.filter(memberships__user=user)

    def active(self):
        return self.filter(deactivated_at__isnull=True)

    def signed_current_charter(self):
        """Organisations that signed the latest charter (all of them while no charter exists)."""
        return self.filter(_signed_current_charter())

    def not_signed_current_charter(self):
        return self.exclude(pk__in=self.model.objects.signed_current_charter().values("pk"))

    def reaching_youths(self):
        """Organisations whose offers youths see and whose offers receive requests (`reaching_youths`)."""
        return self.filter(reaching_youths())

    def in_territories(self, territory_ids):
        links = Organisation.territories.through.objects.filter(territory__in=territory_ids)
        return self.filter(pk__in=links.values("organisation_id"))

    def wholly_in_territories(self, territory_ids):
        """Organisations of these territories that belong to no other one: who animates these territories acts on
        them as a whole (deactivates, reactivates them), since nobody else runs them."""
        elsewhere = Organisation.territories.through.objects.exclude(territory__in=territory_ids)
        return self.in_territories(territory_ids).exclude(pk__in=elsewhere.values("organisation_id"))

    def attachments_decided_by(self, user):
        """Organisations whose joining another territory this person accepts or refuses: those they administer and
        those of the territories they animate (every one, for national staff)."""
        if user.is_staff:
            return self
        administered = Membership.objects.filter(user=user, role=MemberRole.ADMIN).values("organisation_id")
        animated = Organisation.territories.through.objects.filter(territory__animators=user)
        return self.filter(Q(pk__in=administered) | Q(pk__in=animated.values("organisation_id")))

    def with_charter_status(self):
        """`signed_charter`: whether the organisation signed the current charter."""
        return self.annotate(signed_charter=_signed_current_charter())

    def with_member_data(self):
        """`member_count` and `last_login` (the latest login of any member), one subquery each."""
        members = Membership.objects.filter(organisation=OuterRef("pk")).order_by()
        return self.annotate(
            member_count=Coalesce(
                Subquery(members.values("organisation").annotate(count=Count("pk")).values("count")), 0
            ),
            last_login=Subquery(
                members.filter(user__last_login__isnull=False)
                .order_by("-user__last_login")
                .values("user__last_login")[:1]
            ),
        )

    def info_jeunes_near(self, commune: Commune, territories=()):
        """The Info Jeunes structures a youth of the commune can turn to: those of its open territories first, then
        those of its département, then of its region."""
        region = Department.objects.filter(pk=commune.department_id).values("region_id")[:1]
        in_territories = Organisation.territories.through.objects.filter(
            organisation=OuterRef("pk"), territory__in=territories
        )
        return (
            self.active()
            .filter(kind=OrganisationKind.INFO_JEUNES)
            .filter(Q(Exists(in_territories)) | Q(commune__department__region_id=Subquery(region)))
            .annotate(
                nearness=Case(
                    When(Exists(in_territories), then=Value(0)),
                    When(commune__department_id=commune.department_id, then=Value(1)),
                    default=Value(2),
                )
            )
            .select_related("commune")
            .order_by("nearness", "name")
        )


class Organisation(models.Model):
    """A partner structure: Mission locale, Info Jeunes, CAF, association…"""

    name = models.CharField("nom", max_length=200)
    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret])
    kind = models.CharField("type de structure", max_length=30, choices=OrganisationKind.choices)
    address = models.CharField("adresse", max_length=250)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="organisations")
    website = models.URLField("site internet", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("e-mail", blank=True)
    territories = models.ManyToManyField(
        Territory, verbose_name="territoires", related_name="organisations", blank=True
    )
    contacts_visible_to_peers = models.BooleanField(
        "les autres partenaires du territoire voient ses coordonnées", default=True
    )
    # What a youth reads on the organisation's offers, besides the contact request: shown only when it chooses so.
    # Public from then on, they also go into the published open data (`stats.opendata`).
    contacts_visible_to_youths = models.BooleanField(
        "les jeunes voient son téléphone et son e-mail sur ses offres", default=False
    )
    opening_hours = models.TextField("horaires d’accueil", max_length=500, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # A deactivated organisation keeps its history but reaches no youth: its offers leave the youth side.
    deactivated_at = models.DateTimeField("désactivée le", null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None

    def deactivate(self, *, at=None):
        """Its offers leave the youth side and no new request reaches it; its open requests wait for reassignment."""
        self.deactivated_at = at or timezone.now()
        self.save(update_fields=["deactivated_at"])

    def reactivate(self):
        self.deactivated_at = None
        self.save(update_fields=["deactivated_at"])

    def administrator_emails(self) -> list[str]:
        """Who hears about the organisation and its offers: its active administrators, else the organisation's own
        address."""
        admins = list(
            self.memberships.filter(role=MemberRole.ADMIN, user__is_active=True).values_list("user__email", flat=True)
        )
        return admins or ([self.email] if self.email else [])

    def alert_recipients(self) -> list[str]:
        """Who hears of a new request: the organisation's address, else its active members (`member_addresses`)."""
        return [self.email] if self.email else self.member_addresses()

    def member_addresses(self) -> list[str]:
        """The addresses of the organisation's active members, administrators first."""
        members = (
            self.memberships.filter(user__is_active=True)
            .exclude(user__email="")
            .annotate(admin_last=models.Case(models.When(role=MemberRole.ADMIN, then=0), default=1))
            .order_by("admin_last", "created_at", "pk")
        )
        return list(members.values_list("user__email", flat=True))

    @property
    def full_address(self) -> str:
        """The address with its town, named once: "13 rue Gambetta, 51100 Reims", not "…Reims, Reims"."""
        if self.commune.name.casefold() in self.address.casefold():
            return self.address
        return f"{self.address}, {self.commune.name}"

    @property
    def youth_phone(self) -> str:
        return self.phone if self.contacts_visible_to_youths else ""

    @property
    def youth_email(self) -> str:
        return self.email if self.contacts_visible_to_youths else ""

    def has_signed_current_charter(self) -> bool:
        """One query: the latest charter, and whether this organisation signed it (no charter yet: nothing to sign)."""
        signed = (
            CharterVersion.objects.order_by("-version")
            .annotate(signed=Exists(CharterSignature.objects.filter(charter=OuterRef("pk"), organisation=self)))
            .values_list("signed", flat=True)
            .first()
        )
        return signed is None or signed


class Membership(models.Model):
    """A professional's place in an organisation: a member handles requests and offers; an admin also manages people."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="personne", on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="structure", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    created_at = models.DateTimeField("membre depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "membre"
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == MemberRole.ADMIN


class InvitationNotValid(Exception):
    """The invitation was accepted, cancelled or expired between the page and the click."""


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Neither accepted nor expired."""
        since = (now or timezone.now()) - datetime.timedelta(days=INVITATION_DAYS)
        return self.filter(accepted_at__isnull=True, created_at__gt=since)


class Invitation(models.Model):
    """An email invitation to join an organisation; accepting it sets a password. Valid for INVITATION_DAYS."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="structure", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("e-mail")
    role = models.CharField("rôle", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    token = models.CharField("lien secret", max_length=64, unique=True, default=invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="invitée par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_valid(self) -> bool:
        return self.accepted_at is None and timezone.now() - self.created_at < datetime.timedelta(days=INVITATION_DAYS)

    def accept(self, *, user) -> "Membership":
        """Make the user a member with the invited role and close the invitation. Call it inside a transaction.

        The invitation row is locked and checked again, so a double click or two tabs accept it once.
        """
        invitation = Invitation.objects.select_for_update().get(pk=self.pk)
        if not invitation.is_valid:
            raise InvitationNotValid
        membership, created = Membership.objects.get_or_create(
            user=user, organisation_id=invitation.organisation_id, defaults={"role": invitation.role}
        )
        # Already a member: an invitation may raise the role, never lower it.
        if not created and invitation.role == MemberRole.ADMIN and not membership.is_admin:
            membership.role = MemberRole.ADMIN
            membership.save(update_fields=["role"])
        self.accepted_at = invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        return membership


class CharterVersion(models.Model):
    """The partnership charter; an organisation must sign the latest version before using the professional space."""

    version = models.PositiveSmallIntegerField("version", unique=True)
    text = models.TextField("texte")
    published_at = models.DateTimeField("publiée le", default=timezone.now)

    class Meta:
        verbose_name = "version de la charte"
        verbose_name_plural = "versions de la charte"
        ordering = ["-version"]

    def __str__(self):
        return f"Charte de partenariat, version {self.version}"

    @classmethod
    def current(cls):
        return cls.objects.order_by("-version").first()


class CharterSignature(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="structure", on_delete=models.CASCADE, related_name="charter_signatures"
    )
    charter = models.ForeignKey(
        CharterVersion, verbose_name="version de la charte", on_delete=models.PROTECT, related_name="signatures"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="signée par", on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField("signée le", default=timezone.now)

    class Meta:
        verbose_name = "signature de la charte"
        verbose_name_plural = "signatures de la charte"
        constraints = [models.UniqueConstraint(fields=["organisation", "charter"], name="unique_charter_signature")]

    def __str__(self):
        return f"{self.organisation} — version {self.charter.version}"


class AttachmentRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(decision="")

    def decidable_by(self, user):
        """The requests this person accepts or refuses (see `OrganisationQuerySet.attachments_decided_by`)."""
        return self.filter(organisation__in=Organisation.objects.attachments_decided_by(user).values("pk"))

    def visible_to(self, user):
        """The requests this person reads: those they decide, and those made for the territories they animate."""
        if user.is_staff:
            return self
        decided = Organisation.objects.attachments_decided_by(user).values("pk")
        requesting = Territory.objects.filter(animators=user).values("pk")
        return self.filter(Q(organisation__in=decided) | Q(territory__in=requesting))

    def with_decision_right(self, user):
        """`can_decide`: whether this person is one of those who accept or refuse the request (pending or not)."""
        deciding = Organisation.objects.attachments_decided_by(user).filter(pk=OuterRef("organisation_id"))
        return self.annotate(can_decide=Exists(deciding))

    def with_list_data(self):
        return self.select_related("organisation__commune", "territory", "requested_by", "decided_by")


class AttachmentRequest(models.Model):
    """An animator asks that an organisation of other territories joins theirs too.

    Its administrators, the animators of one of its territories or national staff accept or refuse; until then, the
    requesting animator sees only its public profile. Accepted, the organisation joins the territory.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="structure", on_delete=models.CASCADE, related_name="attachment_requests"
    )
    territory = models.ForeignKey(
        Territory, verbose_name="territoire", on_delete=models.CASCADE, related_name="attachment_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="demandée par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decision = models.CharField("décision", max_length=10, choices=AttachmentDecision.choices, blank=True)

    objects = AttachmentRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de rattachement"
        verbose_name_plural = "demandes de rattachement"
        constraints = [
            # One pending request per organisation and territory: asking twice (a double click) asks once.
            models.UniqueConstraint(
                fields=["organisation", "territory"],
                condition=Q(decision=""),
                name="unique_pending_attachment_request",
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.territory}"

    @property
    def is_pending(self) -> bool:
        return not self.decision

    @property
    def is_accepted(self) -> bool:
        return self.decision == AttachmentDecision.ACCEPTED

    def decide(self, *, accepted: bool, by, at=None) -> bool:
        """Accept (the organisation joins the territory) or refuse. Call it inside a transaction.

        The row is locked and checked again: a double click, or two people deciding at once, decide once. Returns
        False when it was already decided.
        """
        locked = AttachmentRequest.objects.select_for_update().get(pk=self.pk)
        if not locked.is_pending:
            return False
        self.decision = AttachmentDecision.ACCEPTED if accepted else AttachmentDecision.REFUSED
        self.decided_by, self.decided_at = by, at or timezone.now()
        self.save(update_fields=["decision", "decided_by", "decided_at"])
        if accepted:
            self.organisation.territories.add(self.territory)
        return True

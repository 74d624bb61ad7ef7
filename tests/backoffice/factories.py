"""People of the professional space, for the back-office tests."""

import itertools

from django.contrib.auth import get_user_model

from organisations.enums import MemberRole
from organisations.models import CharterSignature, CharterVersion, Membership, Organisation

PASSWORD = "Une phrase de passe solide !"
_numbers = itertools.count(1)


def make_member(organisation: Organisation, *, role: str = MemberRole.MEMBER, email: str | None = None):
    """A user with an account (password PASSWORD) and a membership of the organisation; returns the user."""
    number = next(_numbers)
    user = get_user_model().objects.create_user(
        email=email or f"pro{number}@structure.example.fr",
        password=PASSWORD,
        first_name="Camille",
        last_name=f"Martin {number}",
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def sign_charter(organisation: Organisation, user) -> CharterSignature:
    """The organisation signs the current charter, which lets its members into the professional space.

    Browser tests flush the database, data migrations included: a first charter is then created.
    """
    charter = CharterVersion.current() or CharterVersion.objects.create(version=1, text="Charte de partenariat.")
    return CharterSignature.objects.create(organisation=organisation, charter=charter, signed_by=user)

"""Demo accounts, one per role of the professional space, with a password printed for development."""

from accounts.models import User
from organisations.enums import MemberRole
from organisations.models import CharterSignature, CharterVersion, Membership, Organisation
from territories.models import Territory

DEMO_PASSWORD = "boussole-demo-2026"
MISSION_LOCALE_REIMS = "41859906400064"
UNSIGNED_ORGANISATION = "38348273400035"
HABITAT_JEUNES_REIMS = "44721935300045"

# (email, first name, role, organisation SIRET or territory slug)
ACCOUNTS = [
    ("admin.ml-reims@demo.boussole.example.fr", "Camille", "admin", MISSION_LOCALE_REIMS),
    ("membre.ml-reims@demo.boussole.example.fr", "Karim", "member", MISSION_LOCALE_REIMS),
    ("membre.habitat-reims@demo.boussole.example.fr", "Léon", "member", HABITAT_JEUNES_REIMS),
    ("admin.charte@demo.boussole.example.fr", "Sophie", "admin", UNSIGNED_ORGANISATION),
    ("animatrice.reims@demo.boussole.example.fr", "Nadia", "animator", "grand-reims"),
    ("animateur.reims@demo.boussole.example.fr", "Thomas", "animator", "grand-reims"),
    ("animateur.essonne@demo.boussole.example.fr", "Julien", "animator", "essonne"),
    ("national@demo.boussole.example.fr", "Dominique", "staff", None),
]


def load(stdout):
    charter = CharterVersion.current()
    for email, first_name, role, where in ACCOUNTS:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.first_name, user.last_name = first_name, "Démo"
        user.is_staff = user.is_superuser = role == "staff"
        user.set_password(DEMO_PASSWORD)
        user.save()
        if role in ("admin", "member"):
            organisation = Organisation.objects.get(siret=where)
            Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": MemberRole(role)}
            )
        elif role == "animator":
            Territory.objects.get(slug=where).animators.add(user)
    # Every demo organisation has signed the charter, but one: its administrator sees the charter first.
    admin = User.objects.get(email=ACCOUNTS[0][0])
    for organisation in Organisation.objects.exclude(siret=UNSIGNED_ORGANISATION):
        CharterSignature.objects.get_or_create(
            organisation=organisation, charter=charter, defaults={"signed_by": admin}
        )


def report(stdout):
    """The accounts to log in with, printed last by `load_demo` so that they stay in view."""
    stdout.write(f"  comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
    for email, _first_name, role, _where in ACCOUNTS:
        stdout.write(f"    {role:<9} {email}")

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import reverse
from django.utils import timezone

from organisations.enums import MemberRole
from organisations.models import Invitation, Membership, Organisation
from questionnaires.models import Theme
from tests.backoffice.factories import make_member, sign_charter
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

STRUCTURE = reverse("backoffice:organisation")
INVITE = reverse("backoffice:organisation_invite")
DIRECTORY = reverse("backoffice:directory")
NEW_PASSWORD = "Une phrase bien à moi !"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Accounts are created and logged into often here: a fast hasher keeps the tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def territory():
    return TerritoryFactory(name="Grand Reims", communes=["51454"])


@pytest.fixture
def organisation(territory):
    return OrganisationFactory(
        name="Mission locale de Reims", email="accueil@ml-reims.example.fr", territories=[territory]
    )


@pytest.fixture
def admin(organisation, fast_password_hashing):
    user = make_member(organisation, role=MemberRole.ADMIN, email="admin@ml-reims.example.fr")
    sign_charter(organisation, user)
    return user


@pytest.fixture
def member(organisation, admin):
    return make_member(organisation, email="membre@ml-reims.example.fr")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def invite(client, django_capture_on_commit_callbacks, email, role=MemberRole.MEMBER):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(INVITE, {"invitation-email": email, "invitation-role": role})


def invitation_path(text):
    url = re.search(r"https?://\S+/espace-pro/invitation/[\w-]+/", text).group(0)
    assert url.startswith(settings.SITE_URL)
    return url.removeprefix(settings.SITE_URL)


def signup_data(**changes):
    return {
        "first_name": "Inès",
        "last_name": "Benali",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **changes,
    }


def html_of(response):
    return response.content.decode()


# Who may enter.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "name", "with_pk"),
    [
        ("get", "backoffice:organisation", False),
        ("post", "backoffice:organisation", False),
        ("post", "backoffice:organisation_invite", False),
        ("post", "backoffice:organisation_member_remove", True),
        ("post", "backoffice:organisation_invitation_cancel", True),
    ],
)
def test_a_member_who_is_not_an_administrator_gets_a_404_on_the_structure_pages(
    client, organisation, admin, member, method, name, with_pk
):
    invitation = Invitation.objects.create(organisation=organisation, email="x@example.fr", invited_by=admin)
    target = {"backoffice:organisation_member_remove": admin.memberships.get().pk}.get(name, invitation.pk)
    url = reverse(name, args=[target] if with_pk else [])
    client.force_login(member)

    response = getattr(client, method)(url, {"profile-name": "Piratée", "invitation-email": "pirate@example.fr"})

    assert response.status_code == 404
    assert Organisation.objects.get(pk=organisation.pk).name == "Mission locale de Reims"
    assert Membership.objects.filter(user=admin).exists()
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert not Invitation.objects.filter(email="pirate@example.fr").exists()


@pytest.mark.django_db
def test_the_structure_pages_need_a_login(client):
    for url in (STRUCTURE, DIRECTORY):
        assert client.get(url).url == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
def test_an_administrator_does_not_manage_another_organisation(admin_client, territory):
    other = OrganisationFactory(territories=[territory])
    stranger = make_member(other)
    invitation = Invitation.objects.create(organisation=other, email="x@example.fr")

    remove = admin_client.post(reverse("backoffice:organisation_member_remove", args=[stranger.memberships.get().pk]))
    cancel = admin_client.post(reverse("backoffice:organisation_invitation_cancel", args=[invitation.pk]))

    assert (remove.status_code, cancel.status_code) == (404, 404)
    assert Membership.objects.filter(user=stranger).exists()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


# The profile.


@pytest.mark.django_db
def test_an_administrator_edits_the_profile_but_not_the_siret(admin_client, organisation, territory):
    siret = organisation.siret
    data = {
        "profile-name": "Mission locale du Grand Reims",
        "profile-address": "2 rue Cérès",
        "profile-website": "www.ml-reims.example.fr",
        "profile-phone": "03 26 11 22 33",
        "profile-email": "contact@ml-reims.example.fr",
        "profile-siret": "12345678901234",
    }

    response = admin_client.post(STRUCTURE, data)

    assert response.url == STRUCTURE
    organisation.refresh_from_db()
    assert organisation.name == "Mission locale du Grand Reims"
    assert organisation.address == "2 rue Cérès"
    assert organisation.website == "https://www.ml-reims.example.fr"
    assert (organisation.phone, organisation.email) == ("03 26 11 22 33", "contact@ml-reims.example.fr")
    assert organisation.contacts_visible_to_peers is False  # an unticked box
    assert organisation.siret == siret
    assert list(organisation.territories.all()) == [territory]
    assert "Les informations de la structure sont enregistrées." in html_of(admin_client.get(STRUCTURE))


@pytest.mark.django_db
def test_an_administrator_shows_the_youths_how_to_reach_the_structure(admin_client, organisation, territory):
    offer = OfferFactory(organisation=organisation, theme=Theme.objects.get(slug="emploi"), territories=[territory])
    data = {
        "profile-name": organisation.name,
        "profile-address": organisation.address,
        "profile-phone": "03 26 11 22 33",
        "profile-email": "accueil@ml-reims.example.fr",
        "profile-opening_hours": "Du lundi au vendredi,\nde 9 h à 12 h et de 14 h à 17 h",
        "profile-contacts_visible_to_youths": "on",
    }

    assert admin_client.post(STRUCTURE, data).url == STRUCTURE

    html = html_of(admin_client.get(offer.get_absolute_url()))
    assert 'href="tel:0326112233"' in html
    assert 'href="mailto:accueil@ml-reims.example.fr"' in html
    assert "Du lundi au vendredi,<br>de 9 h à 12 h et de 14 h à 17 h" in html


@pytest.mark.django_db
def test_the_structure_contacts_stay_hidden_from_youths_until_it_chooses(admin_client, organisation, territory):
    offer = OfferFactory(organisation=organisation, theme=Theme.objects.get(slug="emploi"), territories=[territory])

    html = html_of(admin_client.get(offer.get_absolute_url()))

    assert "accueil@ml-reims.example.fr" not in html and "tel:" not in html
    # Showing them without any phone or e-mail is refused next to the box, and what was typed stays.
    data = {
        "profile-name": organisation.name,
        "profile-address": "2 rue Cérès",
        "profile-contacts_visible_to_youths": "on",
    }
    response = admin_client.post(STRUCTURE, data)
    html = html_of(response)
    assert "Indiquez d’abord un téléphone ou un e-mail d’accueil à montrer aux jeunes." in html
    assert 'value="2 rue Cérès"' in html
    organisation.refresh_from_db()
    assert organisation.contacts_visible_to_youths is False


@pytest.mark.django_db
def test_a_refused_profile_says_why_and_changes_nothing(admin_client, organisation):
    response = admin_client.post(STRUCTURE, {"profile-name": "", "profile-address": "2 rue Cérès"})

    html = html_of(response)
    assert response.status_code == 200
    assert "Les informations ne sont pas enregistrées" in html
    # The menu still shows the saved name.
    assert re.search(r'id="sidemenu-title">\s*Mission locale de Reims\s*</p>', html)
    organisation.refresh_from_db()
    assert organisation.address == "1 place de l’Hôtel de Ville"


@pytest.mark.django_db
def test_the_page_lists_members_and_pending_invitations(admin_client, organisation, admin, member):
    Invitation.objects.create(organisation=organisation, email="bientot@example.fr", role=MemberRole.ADMIN)
    expired = Invitation.objects.create(organisation=organisation, email="trop-tard@example.fr")
    Invitation.objects.filter(pk=expired.pk).update(created_at=timezone.now() - datetime.timedelta(days=15))

    html = html_of(admin_client.get(STRUCTURE))

    for text in (admin.get_full_name(), "admin@ml-reims.example.fr", "Administrateur ou administratrice"):
        assert text in html
    for text in (member.get_full_name(), "membre@ml-reims.example.fr", "Membre"):
        assert text in html
    assert reverse("backoffice:organisation_member_remove", args=[member.memberships.get().pk]) in html
    assert "bientot@example.fr" in html
    assert "trop-tard@example.fr" not in html
    assert organisation.siret in html


# Invitations.


@pytest.mark.django_db
def test_an_invited_colleague_creates_an_account_joins_and_can_log_in_later(
    admin_client, organisation, admin, django_capture_on_commit_callbacks, mailoutbox
):
    response = invite(admin_client, django_capture_on_commit_callbacks, "Ines.Benali@ML-Reims.example.fr")

    assert response.url == STRUCTURE
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by.email) == (
        "ines.benali@ml-reims.example.fr",
        MemberRole.MEMBER,
        "admin@ml-reims.example.fr",
    )
    assert "Invitation envoyée à ines.benali@ml-reims.example.fr" in html_of(admin_client.get(STRUCTURE))
    [message] = mailoutbox
    assert message.to == ["ines.benali@ml-reims.example.fr"]
    assert message.reply_to == ["admin@ml-reims.example.fr"]
    assert message.subject == f"{admin} vous invite à rejoindre la Mission locale de Reims sur la Boussole des jeunes"
    assert "avec le rôle « membre »" in message.body
    assert "fonctionne pendant 14 jours" in message.body
    path = invitation_path(message.body)
    assert path == reverse("backoffice:invitation", args=[invitation.token])

    admin_client.post(reverse("logout"))
    page = html_of(admin_client.get(path))
    assert "Rejoindre la Mission locale de Reims" in page
    assert "ines.benali@ml-reims.example.fr" in page
    response = admin_client.post(path, signup_data())

    assert response.url == reverse("backoffice:home")
    user = get_user_model().objects.get(email="ines.benali@ml-reims.example.fr")
    assert (user.first_name, user.last_name) == ("Inès", "Benali")
    assert Membership.objects.get(user=user).organisation == organisation
    assert Membership.objects.get(user=user).role == MemberRole.MEMBER
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert admin_client.session[SESSION_KEY] == str(user.pk)
    welcome = html_of(admin_client.get(response.url))
    assert "Bienvenue dans l’espace professionnel de la Mission locale de Reims" in welcome

    admin_client.post(reverse("logout"))
    response = admin_client.post(reverse("login"), {"username": user.email, "password": NEW_PASSWORD})
    assert response.url == reverse("backoffice:home")


@pytest.mark.django_db
def test_the_new_password_must_pass_the_validators(client, organisation, admin):
    invitation = Invitation.objects.create(organisation=organisation, email="ines@example.fr", invited_by=admin)
    path = reverse("backoffice:invitation", args=[invitation.token])

    mismatch = html_of(client.post(path, signup_data(password2="Une autre phrase !")))
    too_close = html_of(client.post(path, signup_data(password1="ines@example.fr", password2="ines@example.fr")))
    no_name = html_of(client.post(path, signup_data(first_name="")))

    assert "Les deux mots de passe ne correspondent pas" in mismatch
    assert "Le mot de passe est trop semblable" in too_close
    assert "Ce champ est obligatoire" in no_name
    assert not get_user_model().objects.filter(email="ines@example.fr").exists()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.django_db
def test_an_administrator_may_invite_another_administrator(
    admin_client, organisation, django_capture_on_commit_callbacks, mailoutbox
):
    invite(admin_client, django_capture_on_commit_callbacks, "adjointe@example.fr", role=MemberRole.ADMIN)
    admin_client.post(reverse("logout"))

    admin_client.post(invitation_path(mailoutbox[0].body), signup_data())

    membership = Membership.objects.get(user__email="adjointe@example.fr")
    assert membership.role == MemberRole.ADMIN
    assert "avec le rôle « administrateur ou administratrice »" in mailoutbox[0].body


@pytest.mark.django_db
def test_someone_with_an_account_logs_in_then_just_joins(client, organisation, admin, territory):
    other = OrganisationFactory(territories=[territory])
    colleague = make_member(other, email="colleague@example.fr")
    invitation = Invitation.objects.create(organisation=organisation, email="Colleague@example.fr", invited_by=admin)
    path = reverse("backoffice:invitation", args=[invitation.token])

    html = html_of(client.get(path))
    assert "Un compte existe déjà pour l’adresse" in html
    assert f"{reverse('login')}?next={path}" in html
    assert 'name="password1"' not in html
    assert client.post(path, signup_data()).status_code == 200
    assert not Membership.objects.filter(user=colleague, organisation=organisation).exists()

    client.force_login(colleague)
    assert "Rejoindre la Mission locale de Reims" in html_of(client.get(path))
    response = client.post(path)

    assert response.url == reverse("backoffice:home")
    assert Membership.objects.get(user=colleague, organisation=organisation).role == MemberRole.MEMBER
    # The organisation just joined becomes the one the professional space shows.
    assert client.session["backoffice:organisation"] == organisation.pk


@pytest.mark.django_db
def test_an_invitation_for_another_address_is_not_accepted_by_the_logged_in_account(client, organisation, admin):
    invitation = Invitation.objects.create(organisation=organisation, email="ines@example.fr", invited_by=admin)
    path = reverse("backoffice:invitation", args=[invitation.token])
    client.force_login(admin)

    html = html_of(client.get(path))
    client.post(path)

    assert "Cette invitation est pour un autre compte" in html
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("problem", "title"),
    [
        ("expired", "Cette invitation a expiré"),
        ("accepted", "Cette invitation a déjà été acceptée"),
        ("unknown", "Ce lien d’invitation ne fonctionne pas"),
    ],
)
def test_an_expired_used_or_unknown_invitation_gets_a_kind_page(client, organisation, admin, problem, title):
    invitation = Invitation.objects.create(organisation=organisation, email="ines@example.fr", invited_by=admin)
    if problem == "expired":
        Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=15))
    if problem == "accepted":
        Invitation.objects.update(accepted_at=timezone.now())
    token = "inconnu" if problem == "unknown" else invitation.token

    response = client.get(reverse("backoffice:invitation", args=[token]))
    submitted = client.post(reverse("backoffice:invitation", args=[token]), signup_data())

    assert (response.status_code, submitted.status_code) == (404, 404)
    assert title in html_of(response)
    assert not get_user_model().objects.filter(email="ines@example.fr").exists()


@pytest.mark.django_db
def test_a_colleague_already_in_the_structure_is_not_invited(admin_client, member, mailoutbox):
    response = admin_client.post(
        INVITE, {"invitation-email": "MEMBRE@ml-reims.example.fr", "invitation-role": "member"}
    )

    assert response.status_code == 200
    assert "Cette personne fait déjà partie de la structure." in html_of(response)
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_inviting_again_replaces_the_pending_invitation(
    admin_client, organisation, django_capture_on_commit_callbacks, mailoutbox
):
    invite(admin_client, django_capture_on_commit_callbacks, "ines@example.fr")
    first_token = Invitation.objects.get().token

    invite(admin_client, django_capture_on_commit_callbacks, "ines@example.fr", role=MemberRole.ADMIN)

    invitation = Invitation.objects.get()
    assert invitation.role == MemberRole.ADMIN
    assert invitation.token != first_token
    assert len(mailoutbox) == 2
    assert admin_client.get(reverse("backoffice:invitation", args=[first_token])).status_code == 404


@pytest.mark.django_db
def test_an_administrator_cancels_a_pending_invitation(admin_client, organisation, admin):
    invitation = Invitation.objects.create(organisation=organisation, email="ines@example.fr", invited_by=admin)

    response = admin_client.post(reverse("backoffice:organisation_invitation_cancel", args=[invitation.pk]))

    assert response.url == STRUCTURE
    assert not Invitation.objects.exists()
    assert "L’invitation de ines@example.fr est annulée" in html_of(admin_client.get(STRUCTURE))


# Removing members.


@pytest.mark.django_db
def test_an_administrator_removes_a_member(admin_client, member):
    response = admin_client.post(reverse("backoffice:organisation_member_remove", args=[member.memberships.get().pk]))

    assert response.url == STRUCTURE
    assert not Membership.objects.filter(user=member).exists()
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert f"{member} ne fait plus partie de la structure." in html_of(admin_client.get(STRUCTURE))


@pytest.mark.django_db
def test_the_last_administrator_cannot_remove_themselves(admin_client, admin, member):
    own = admin.memberships.get()

    html = html_of(admin_client.get(STRUCTURE))
    response = admin_client.post(reverse("backoffice:organisation_member_remove", args=[own.pk]))

    assert reverse("backoffice:organisation_member_remove", args=[own.pk]) not in html
    assert response.url == STRUCTURE
    assert Membership.objects.filter(pk=own.pk).exists()
    assert "Vous êtes le dernier administrateur ou la dernière administratrice" in html_of(admin_client.get(STRUCTURE))


@pytest.mark.django_db
def test_an_administrator_may_leave_when_another_one_stays(admin_client, organisation, admin):
    make_member(organisation, role=MemberRole.ADMIN)

    response = admin_client.post(reverse("backoffice:organisation_member_remove", args=[admin.memberships.get().pk]))

    assert response.url == reverse("backoffice:home")
    assert not Membership.objects.filter(user=admin).exists()
    assert admin_client.get(STRUCTURE).status_code == 302  # no organisation any more: the no-access page


# Query counts.


@pytest.mark.django_db
def test_the_structure_page_makes_a_fixed_number_of_queries(
    admin_client, organisation, admin, django_assert_num_queries
):
    admin_client.get(STRUCTURE)  # the first request after login records the activity time in the session
    with django_assert_num_queries(10):
        admin_client.get(STRUCTURE)

    for number in range(15):
        make_member(organisation, role=MemberRole.ADMIN if number % 3 else MemberRole.MEMBER)
        Invitation.objects.create(organisation=organisation, email=f"invite{number}@example.fr", invited_by=admin)

    with django_assert_num_queries(10):
        admin_client.get(STRUCTURE)


# The directory.


@pytest.fixture
def emploi():
    return Theme.objects.get(slug="emploi")


@pytest.mark.django_db
def test_the_directory_shows_the_territory_partners_with_contacts_only_when_they_agree(
    admin_client, organisation, territory, emploi
):
    sharing = OrganisationFactory(
        name="CAF de la Marne",
        phone="03 26 99 99 99",
        email="caf@example.fr",
        website="https://caf.example.fr",
        territories=[territory],
        signed_charter=True,
    )
    discreet = OrganisationFactory(
        name="Foyer discret",
        phone="03 26 88 88 88",
        email="discret@example.fr",
        website="https://discret.example.fr",
        contacts_visible_to_peers=False,
        territories=[territory],
        signed_charter=True,
    )
    elsewhere = OrganisationFactory(
        name="Mission locale de Brest", territories=[TerritoryFactory(communes=["29019"])], signed_charter=True
    )
    OfferFactory(organisation=sharing, theme=emploi, title="Aide au logement étudiant")
    OfferFactory(organisation=discreet, theme=emploi, title="Un toit pour la nuit")
    OfferFactory(organisation=discreet, theme=emploi, title="Brouillon secret", draft=True)
    OfferFactory(organisation=elsewhere, theme=emploi, title="Offre bretonne")

    html = html_of(admin_client.get(DIRECTORY))

    assert "Grand Reims" in html
    assert "CAF de la Marne" in html and "Foyer discret" in html
    for contact in ("03 26 99 99 99", "caf@example.fr", "https://caf.example.fr"):
        assert contact in html
    for contact in ("03 26 88 88 88", "discret@example.fr", "https://discret.example.fr"):
        assert contact not in html
    assert "Cette structure ne partage pas ses coordonnées dans l’annuaire." in html
    assert "Aide au logement étudiant" in html and "Un toit pour la nuit" in html
    assert "Brouillon secret" not in html
    assert "Mission locale de Brest" not in html and "Offre bretonne" not in html
    assert html.count('class="fr-card__title"') == 2
    assert f'id="peer-{organisation.pk}"' not in html  # not the user's own organisation


@pytest.mark.django_db
def test_a_member_without_admin_rights_reads_the_directory(client, member, organisation, territory):
    OrganisationFactory(name="CAF de la Marne", territories=[territory])
    client.force_login(member)

    assert "CAF de la Marne" in html_of(client.get(DIRECTORY))


@pytest.mark.django_db
def test_the_directory_makes_a_fixed_number_of_queries(
    admin_client, organisation, territory, emploi, django_assert_num_queries
):
    peer = OrganisationFactory(territories=[territory])
    OfferFactory(organisation=peer, theme=emploi)
    admin_client.get(DIRECTORY)  # the first request after login records the activity time in the session
    with django_assert_num_queries(8):
        admin_client.get(DIRECTORY)

    second_territory = TerritoryFactory(communes=["51573"])
    organisation.territories.add(second_territory)
    themes = list(Theme.objects.all())
    for number in range(12):
        peer = OrganisationFactory(territories=[territory, second_territory] if number % 2 else [territory])
        for _ in range(3):
            OfferFactory(organisation=peer, theme=themes[number % len(themes)])

    with django_assert_num_queries(8):
        admin_client.get(DIRECTORY)

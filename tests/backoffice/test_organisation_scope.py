"""An animator acts only on their own territories: attaching an organisation of another territory is a request that
its side decides, and an animator's "désactiver" takes it out of their own territories only."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Email
from organisations.models import AttachmentRequest, Invitation, Organisation
from questionnaires.models import Theme
from tests.backoffice.factories import make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

ADMIN = "direction@ml-reims.example.fr"
MEMBER = "conseillere@ml-reims.example.fr"
INVITED = "nouvelle@ml-reims.example.fr"
REIMS_ANIMATOR = "animatrice@grandreims.example.fr"
ESSONNE_ANIMATOR = "animateur@essonne.example.fr"
YOUTH = "lea.jeune@example.fr"


def user(email, **extra):
    return get_user_model().objects.create_user(email=email, password="x", **extra)


@pytest.fixture
def world():
    """The Mission locale de Reims, in Grand Reims only, with people, a live offer and a youth's request; the animators
    of Grand Reims and of Essonne; national staff."""
    reims = TerritoryFactory(name="Grand Reims", communes=["51454"])
    essonne = TerritoryFactory(name="Essonne", communes=["91228"])
    mission_locale = OrganisationFactory(name="Mission locale de Reims", territories=[reims], email="")
    admin = make_member(mission_locale, role="admin", email=ADMIN)
    make_member(mission_locale, email=MEMBER)
    sign_charter(mission_locale, admin)
    Invitation.objects.create(organisation=mission_locale, email=INVITED)
    offer = OfferFactory(
        theme=Theme.objects.get(slug="emploi"),
        organisation=mission_locale,
        territories=[reims],
        title="Accompagnement vers l’emploi",
    )
    make_request(offer, now=timezone.now(), email=YOUTH, phone=None)
    reims_animator = user(REIMS_ANIMATOR)
    reims.animators.add(reims_animator)
    essonne_animator = user(ESSONNE_ANIMATOR)
    essonne.animators.add(essonne_animator)
    return {
        "reims": reims,
        "essonne": essonne,
        "mission_locale": mission_locale,
        "offer": offer,
        "admin": admin,
        "reims_animator": reims_animator,
        "essonne_animator": essonne_animator,
        "staff": user("national@example.fr", is_staff=True),
    }


def attach(client, world, territory="essonne"):
    return client.post(
        reverse("backoffice:territory_organisation_add"),
        {"existing-siret": world["mission_locale"].siret, "existing-territory": world[territory].pk},
    )


def territory_names(organisation):
    return set(organisation.territories.values_list("name", flat=True))


def organisation_page(world):
    return reverse("backoffice:territory_organisation", args=[world["mission_locale"].pk])


def the_email(kind):
    [email] = Email.objects.filter(kind=kind)
    return email


def assert_no_youth_data(email):
    for text in (email.subject, email.body_text, email.body_html, *email.recipients, *email.reply_to):
        assert YOUTH not in text and "Léa" not in text


@pytest.mark.django_db
def test_attaching_an_organisation_of_another_territory_shows_only_its_public_profile(client, world):
    client.force_login(world["essonne_animator"])

    response = attach(client, world)

    attachment = AttachmentRequest.objects.get()
    assert response.url == reverse("backoffice:attachment_request", args=[attachment.pk])
    assert attachment.is_pending and attachment.requested_by == world["essonne_animator"]
    assert territory_names(world["mission_locale"]) == {"Grand Reims"}
    page = client.get(response.url).content.decode()
    assert "Profil public de la structure" in page
    assert "Mission locale de Reims" in page and "Accompagnement vers l’emploi" in page
    assert "vous voyez seulement son profil public" in page
    for private in (ADMIN, MEMBER, INVITED, YOUTH, "Désactiver", "Accepter le rattachement"):
        assert private not in page
    assert client.get(organisation_page(world)).status_code == 404
    assert "Mission locale de Reims" not in client.get(reverse("backoffice:territory_organisations")).content.decode()


@pytest.mark.django_db
def test_an_animator_cannot_deactivate_an_organisation_of_another_territory_by_attaching_it(client, world):
    client.force_login(world["essonne_animator"])
    attach(client, world)

    deactivate = client.post(reverse("backoffice:territory_organisation_deactivate", args=[world["mission_locale"].pk]))

    assert deactivate.status_code == 404
    assert Organisation.objects.reaching_youths().filter(pk=world["mission_locale"].pk).exists()
    client.logout()
    assert client.get(world["offer"].get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_the_request_is_emailed_to_the_organisation_administrators_and_the_animators_of_its_territories(client, world):
    client.force_login(world["essonne_animator"])

    attach(client, world)

    email = the_email("organisation_attachment_requested")
    assert sorted(email.recipients) == [REIMS_ANIMATOR, ADMIN]
    assert email.reply_to == [ESSONNE_ANIMATOR]
    assert email.subject == "Demande de rattachement de la Mission locale de Reims au territoire Essonne"
    body = " ".join(email.body_text.split())
    assert f"L’animation territoriale de Essonne ({ESSONNE_ANIMATOR}) demande que la Mission locale de Reims" in body
    assert "ne voit que le profil public de la structure" in body
    assert f"/espace-pro/rattachements/{AttachmentRequest.objects.get().pk}/" in body
    assert_no_youth_data(email)


@pytest.mark.django_db
def test_the_territory_animator_accepts_and_then_the_requesting_animator_sees_the_organisation(client, world):
    client.force_login(world["essonne_animator"])
    attach(client, world)
    attachment = AttachmentRequest.objects.get()
    client.force_login(world["reims_animator"])
    home = client.get(reverse("backoffice:home")).content.decode()
    assert "1 demande de rattachement à décider" in home
    assert "Essonne" in client.get(organisation_page(world)).content.decode()

    response = client.post(
        reverse("backoffice:attachment_request_decide", args=[attachment.pk]), {"decision": "accepted"}
    )

    assert response.url == reverse("backoffice:attachment_request", args=[attachment.pk])
    attachment.refresh_from_db()
    assert attachment.is_accepted and attachment.decided_by == world["reims_animator"]
    assert territory_names(world["mission_locale"]) == {"Grand Reims", "Essonne"}
    email = the_email("organisation_attachment_accepted")
    assert sorted(email.recipients) == [ESSONNE_ANIMATOR, ADMIN]
    assert email.subject == "La Mission locale de Reims fait maintenant partie du territoire Essonne"
    assert f"{REIMS_ANIMATOR} a accepté" in email.body_text
    assert_no_youth_data(email)
    client.force_login(world["essonne_animator"])
    page = client.get(organisation_page(world)).content.decode()
    assert ADMIN in page and MEMBER in page
    assert "Mission locale de Reims" in client.get(reverse("backoffice:territory_organisations")).content.decode()


@pytest.mark.django_db
def test_the_organisation_administrator_refuses_from_the_structure_page(client, world):
    client.force_login(world["essonne_animator"])
    attach(client, world)
    attachment = AttachmentRequest.objects.get()
    client.force_login(world["admin"])
    structure = client.get(reverse("backoffice:organisation")).content.decode()
    assert "Demandes de rattachement à décider" in structure
    assert reverse("backoffice:attachment_request", args=[attachment.pk]) in structure
    assert "1 demande de rattachement à décider" in client.get(reverse("backoffice:home")).content.decode()

    client.post(reverse("backoffice:attachment_request_decide", args=[attachment.pk]), {"decision": "refused"})

    attachment.refresh_from_db()
    assert attachment.decision == "refused" and attachment.decided_by == world["admin"]
    assert territory_names(world["mission_locale"]) == {"Grand Reims"}
    email = the_email("organisation_attachment_refused")
    assert sorted(email.recipients) == [ESSONNE_ANIMATOR, REIMS_ANIMATOR]
    assert email.subject == ("Rattachement refusé : la Mission locale de Reims ne rejoint pas le territoire Essonne")
    assert f"{ADMIN} a refusé" in email.body_text
    client.force_login(world["essonne_animator"])
    assert client.get(organisation_page(world)).status_code == 404


@pytest.mark.django_db
def test_the_requesting_animator_does_not_decide_their_own_request(client, world):
    client.force_login(world["essonne_animator"])
    attach(client, world)
    attachment = AttachmentRequest.objects.get()

    response = client.post(
        reverse("backoffice:attachment_request_decide", args=[attachment.pk]), {"decision": "accepted"}
    )

    assert response.status_code == 404
    attachment.refresh_from_db()
    assert attachment.is_pending
    assert territory_names(world["mission_locale"]) == {"Grand Reims"}


@pytest.mark.django_db
def test_asking_twice_for_the_same_territory_says_a_request_is_waiting(client, world):
    client.force_login(world["essonne_animator"])
    attach(client, world)

    again = attach(client, world)

    assert again.status_code == 400
    assert "attend déjà une décision" in again.content.decode()
    assert AttachmentRequest.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "animator_of_both"])
def test_who_decides_for_the_organisation_attaches_it_at_once(client, world, who):
    actor = world["staff"] if who == "staff" else world["reims_animator"]
    world["essonne"].animators.add(world["reims_animator"])
    client.force_login(actor)

    response = attach(client, world)

    assert response.url == organisation_page(world)
    assert territory_names(world["mission_locale"]) == {"Grand Reims", "Essonne"}
    email = the_email("organisation_attachment_accepted")
    assert ADMIN in email.recipients and actor.email not in email.recipients
    assert "a rattaché la Mission locale de Reims au territoire Essonne" in email.body_text


@pytest.fixture
def in_both(world):
    world["mission_locale"].territories.add(world["essonne"])
    return world


@pytest.mark.django_db
def test_an_animator_deactivating_an_organisation_of_several_territories_removes_it_from_theirs_only(client, in_both):
    world = in_both
    client.force_login(world["essonne_animator"])
    page = client.get(organisation_page(world)).content.decode()
    assert "Retirer la structure de Essonne" in page and "Désactiver la structure" not in page

    response = client.post(reverse("backoffice:territory_organisation_deactivate", args=[world["mission_locale"].pk]))

    assert response.url == reverse("backoffice:territory_organisations")
    assert territory_names(world["mission_locale"]) == {"Grand Reims"}
    assert Organisation.objects.reaching_youths().filter(pk=world["mission_locale"].pk).exists()
    assert client.get(organisation_page(world)).status_code == 404
    email = the_email("organisation_territories_left")
    assert sorted(email.recipients) == [REIMS_ANIMATOR, ADMIN]
    assert email.subject == "La Mission locale de Reims ne fait plus partie du territoire Essonne"
    body = " ".join(email.body_text.split())
    assert "La structure reste active : elle garde ses autres territoires (Grand Reims)" in body
    assert_no_youth_data(email)
    client.logout()
    assert client.get(world["offer"].get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_an_animator_cannot_reactivate_an_organisation_that_other_territories_share(client, in_both):
    world = in_both
    world["mission_locale"].deactivate()
    client.force_login(world["essonne_animator"])
    page = " ".join(client.get(organisation_page(world)).content.decode().split())
    assert "seule l’équipe nationale peut la réactiver" in page

    response = client.post(reverse("backoffice:territory_organisation_reactivate", args=[world["mission_locale"].pk]))

    assert response.status_code == 404
    world["mission_locale"].refresh_from_db()
    assert not world["mission_locale"].is_active


@pytest.mark.django_db
def test_staff_deactivate_an_organisation_everywhere_and_everyone_hears_of_it(client, in_both):
    world = in_both
    client.force_login(world["staff"])

    client.post(reverse("backoffice:territory_organisation_deactivate", args=[world["mission_locale"].pk]))

    world["mission_locale"].refresh_from_db()
    assert not world["mission_locale"].is_active
    assert territory_names(world["mission_locale"]) == {"Grand Reims", "Essonne"}
    email = the_email("organisation_deactivated")
    assert sorted(email.recipients) == [ESSONNE_ANIMATOR, REIMS_ANIMATOR, ADMIN]
    assert email.subject == "La Mission locale de Reims est désactivée sur la Boussole des jeunes"
    assert "L’équipe nationale de la Boussole (national@example.fr) a désactivé la Mission locale de Reims" in (
        " ".join(email.body_text.split())
    )
    assert_no_youth_data(email)
    client.logout()
    assert client.get(world["offer"].get_absolute_url()).status_code != 200


@pytest.mark.django_db
def test_the_animator_of_all_its_territories_deactivates_and_reactivates_it_and_its_administrators_hear(client, world):
    client.force_login(world["reims_animator"])

    client.post(reverse("backoffice:territory_organisation_deactivate", args=[world["mission_locale"].pk]))

    world["mission_locale"].refresh_from_db()
    assert not world["mission_locale"].is_active
    assert territory_names(world["mission_locale"]) == {"Grand Reims"}
    deactivated = the_email("organisation_deactivated")
    assert deactivated.recipients == [ADMIN]
    assert "L’animation territoriale (animatrice@grandreims.example.fr) a désactivé" in deactivated.body_text

    client.post(reverse("backoffice:territory_organisation_reactivate", args=[world["mission_locale"].pk]))

    assert Organisation.objects.reaching_youths().filter(pk=world["mission_locale"].pk).exists()
    reactivated = the_email("organisation_reactivated")
    assert reactivated.recipients == [ADMIN]
    assert reactivated.subject == "La Mission locale de Reims est de nouveau active sur la Boussole des jeunes"


@pytest.mark.django_db
def test_emails_go_to_active_administrators_only(client, in_both):
    world = in_both
    gone = make_member(world["mission_locale"], role="admin", email="ancienne@ml-reims.example.fr")
    gone.is_active = False
    gone.save()
    client.force_login(world["essonne_animator"])

    client.post(reverse("backoffice:territory_organisation_deactivate", args=[world["mission_locale"].pk]))

    assert "ancienne@ml-reims.example.fr" not in the_email("organisation_territories_left").recipients


def more_attachment_requests(world, count=15):
    for number in range(count):
        territory = TerritoryFactory(name=f"Territoire {number}")
        organisation = OrganisationFactory(territories=[world["reims"]])
        make_member(organisation, role="admin")
        AttachmentRequest.objects.create(
            organisation=organisation, territory=territory, requested_by=world["essonne_animator"]
        )
        OfferFactory(theme=Theme.objects.get(slug="emploi"), organisation=world["mission_locale"])


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_attachment_pages_make_the_same_queries_with_many_requests_and_offers(client, world):
    client.force_login(world["essonne_animator"])
    attach(client, world)
    client.force_login(world["reims_animator"])
    client.get(reverse("backoffice:home"))  # the first request after login records the activity time in the session
    urls = [
        reverse("backoffice:attachment_requests"),
        reverse("backoffice:attachment_request", args=[AttachmentRequest.objects.get().pk]),
        reverse("backoffice:home"),
    ]
    few = [queries(client, url) for url in urls]

    more_attachment_requests(world)
    for url in urls:
        queries(client, url)  # what is cached after a first display is cached in both measures

    assert [queries(client, url) for url in urls] == few
    assert "16 demandes de rattachement à décider" in client.get(reverse("backoffice:home")).content.decode()

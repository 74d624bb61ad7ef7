"""National staff do in the Django admin all that an animator does: people, invitations, the charter."""

import pytest
from django.urls import reverse

from organisations.models import CharterSignature, Invitation, Membership
from tests.backoffice.factories import make_member, sign_charter
from tests.offers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_organisation_page_lists_members_invitations_and_signatures_without_the_secret_link(admin_client):
    organisation = OrganisationFactory(name="Mission locale de Reims")
    admin = make_member(organisation, role="admin", email="direction@ml-reims.example.fr")
    sign_charter(organisation, admin)
    invitation = Invitation.objects.create(organisation=organisation, email="nouvelle@ml-reims.example.fr")

    page = admin_client.get(reverse("admin:organisations_organisation_change", args=[organisation.pk]))

    html = page.content.decode()
    assert str(admin) in html
    # What youths may see of the organisation is set here too.
    assert 'name="contacts_visible_to_youths"' in html and 'name="opening_hours"' in html
    assert "nouvelle@ml-reims.example.fr" in html
    assert "Charte de partenariat, version 1" in html
    assert invitation.token not in html
    detail = admin_client.get(reverse("admin:organisations_invitation_change", args=[invitation.pk]))
    assert invitation.token not in detail.content.decode()


@pytest.mark.parametrize(
    "model", ["membership", "invitation", "charterversion", "chartersignature", "organisation", "attachmentrequest"]
)
def test_every_model_of_the_consortium_is_in_the_admin(admin_client, model):
    OrganisationFactory()

    response = admin_client.get(reverse(f"admin:organisations_{model}_changelist"))

    assert response.status_code == 200


def test_staff_deactivate_an_organisation_from_the_list_filter(admin_client):
    active = OrganisationFactory(name="Active")
    gone = OrganisationFactory(name="Partie")
    gone.deactivate()

    html = admin_client.get(reverse("admin:organisations_organisation_changelist"), {"active": "no"}).content.decode()

    assert "Partie" in html and ">Active<" not in html
    assert Membership.objects.count() == 0 and CharterSignature.objects.count() == 0
    assert active.is_active and not gone.is_active


def test_people_pickers_show_the_email_beside_the_name_and_labels_are_french(admin_client):
    organisation = OrganisationFactory(name="Mission locale de Reims")
    admin = make_member(organisation, role="admin", email="direction@ml-reims.example.fr")
    namesake = make_member(OrganisationFactory(), email="homonyme@ailleurs.example.fr")
    namesake.first_name, namesake.last_name = admin.first_name, admin.last_name
    namesake.save()
    sign_charter(organisation, admin)

    html = " ".join(
        admin_client.get(reverse("admin:organisations_organisation_change", args=[organisation.pk]))
        .content.decode()
        .split()
    )
    found = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": admin.last_name, "app_label": "organisations", "model_name": "membership", "field_name": "user"},
    ).json()

    assert f"{admin.get_full_name()} &lt;direction@ml-reims.example.fr&gt;</option>" in html
    assert {result["text"] for result in found["results"]} == {
        f"{admin.get_full_name()} <direction@ml-reims.example.fr>",
        f"{admin.get_full_name()} <homonyme@ailleurs.example.fr>",
    }
    for label in ("Personne", "Membre depuis le", "Signatures de la charte", "Signée par", "Envoyée le"):
        assert label in html
    for english in ("Created at", "User", "Signed by", "chartes"):
        assert english not in html

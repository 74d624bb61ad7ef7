import pytest

from questionnaires.models import Theme
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory


@pytest.fixture
def territory(django_user_model):
    territory = TerritoryFactory(
        name="Grand Reims", communes=["51454", "51573"], contact_email="boussole@reims.example.fr"
    )
    territory.animators.add(django_user_model.objects.create_user(email="animatrice@reims.example.fr", password="x"))
    return territory


@pytest.fixture
def offer(territory):
    organisation = OrganisationFactory(
        name="Mission locale de Reims",
        email="accueil@ml-reims.example.fr",
        territories=[territory],
        signed_charter=True,
    )
    return OfferFactory(
        theme=Theme.objects.get(slug="emploi"),
        title="Trouver un job d’été",
        organisation=organisation,
        delay_days=3,
        territories=[territory],
    )

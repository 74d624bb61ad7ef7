"""The animator's offer pages: offers to validate, offers to refresh, the review page, and their home tiles."""

import html

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offers.enums import OfferStatus
from questionnaires.models import Theme
from tests.backoffice.factories import make_member, sign_charter
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory


def page(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def reims():
    territory = TerritoryFactory(name="Grand Reims", communes=["51454"])
    elsewhere = TerritoryFactory(name="Essonne", communes=["91228"])
    animator = get_user_model().objects.create_user(email="animatrice@reims.example.fr", password="x")
    territory.animators.add(animator)
    organisation = OrganisationFactory(name="Mission locale de Reims", territories=[territory])
    admin = make_member(organisation, role="admin")
    sign_charter(organisation, admin)
    return {
        "territory": territory,
        "elsewhere": elsewhere,
        "animator": animator,
        "organisation": organisation,
        "admin": admin,
        "theme": Theme.objects.get(slug="emploi"),
    }


def new_offer(reims, title="Nouvelle offre", territory=None):
    offer = OfferFactory(
        theme=reims["theme"],
        organisation=reims["organisation"],
        title=title,
        territories=[territory or reims["territory"]],
        draft=True,
    )
    offer.submit(by=reims["admin"])
    return offer


def changed_offer(reims, title="Offre modifiée"):
    offer = OfferFactory(
        theme=reims["theme"], organisation=reims["organisation"], title=title, territories=[reims["territory"]]
    )
    offer.propose_changes(values={"summary": "Un résumé plus clair."}, by=reims["admin"])
    return offer


def stale_offer(reims, title="Offre ancienne", months=7):
    return OfferFactory(
        theme=reims["theme"],
        organisation=reims["organisation"],
        title=title,
        territories=[reims["territory"]],
        reviewed_at=timezone.localdate() - relativedelta(months=months),
    )


@pytest.mark.django_db
def test_the_validation_list_shows_new_offers_and_changes_of_the_territory_only(client, reims):
    new_offer(reims, "Atelier CV")
    changed_offer(reims, "Garantie jeunes")
    new_offer(reims, "Offre de l’Essonne", territory=reims["elsewhere"])
    OfferFactory(theme=reims["theme"], title="Brouillon", territories=[reims["territory"]], draft=True)
    client.force_login(reims["animator"])

    content = page(client.get(reverse("backoffice:offer_validation_list")))

    assert "2 offres à valider" in content
    assert "Atelier CV" in content and "Nouvelle offre" in content
    assert "Garantie jeunes" in content and 'fr-badge--info fr-mb-1v">Modification</p>' in content
    assert "Offre de l’Essonne" not in content and "Brouillon" not in content
    assert 'aria-current="page">Offres à valider</a>' in content


@pytest.mark.django_db
def test_the_freshness_list_shows_the_last_review_and_what_youths_see(client, reims):
    stale_offer(reims, "Encore visible", months=7)
    hidden = stale_offer(reims, "Déjà masquée", months=10)
    stale_offer(reims, "Relue récemment", months=2)
    client.force_login(reims["animator"])

    content = page(client.get(reverse("backoffice:offer_freshness_list")))

    assert "2 offres à actualiser" in content
    assert "Encore visible" in content and "Déjà masquée" in content and "Relue récemment" not in content
    assert hidden.reviewed_at.strftime("%d/%m/%Y") in content
    assert "Masquée : à actualiser" in content
    assert content.count("Publiée") == 1  # only the offer youths still see reads "Publiée"


@pytest.mark.django_db
def test_the_organisation_offer_list_never_says_published_for_an_offer_youths_do_not_see(client, reims):
    stale_offer(reims, "Masquée faute de relecture", months=10)
    expired = OfferFactory(
        theme=reims["theme"],
        organisation=reims["organisation"],
        title="Expirée",
        territories=[reims["territory"]],
        valid_until=timezone.localdate() - relativedelta(days=1),
    )
    client.force_login(reims["admin"])

    content = page(client.get(reverse("backoffice:offers")))

    assert "Publiée" not in content
    assert "Masquée : à actualiser" in content and "Expirée" in content
    assert "Dernière relecture" in content and expired.reviewed_at.strftime("%d/%m/%Y") in content
    assert "À relire" in content


@pytest.mark.django_db
def test_the_animator_home_counts_offers_to_validate_and_to_refresh(client, reims):
    new_offer(reims)
    changed_offer(reims)
    new_offer(reims, "Ailleurs", territory=reims["elsewhere"])
    stale_offer(reims)
    client.force_login(reims["animator"])

    content = page(client.get(reverse("backoffice:home")))

    assert "2 offres à valider" in content
    assert "1 offre à actualiser" in content
    assert f'href="{reverse("backoffice:offer_validation_list")}"' in content
    assert f'href="{reverse("backoffice:offer_freshness_list")}"' in content


@pytest.mark.django_db
def test_the_review_page_of_a_new_offer_shows_it_whole_and_both_decisions(client, reims):
    offer = new_offer(reims, "Atelier CV")
    client.force_login(reims["animator"])

    content = page(client.get(reverse("backoffice:offer_review", args=[offer.pk])))

    assert "Valider l’offre « Atelier CV »" in content
    assert "Publier l’offre" in content and "Renvoyer l’offre" in content
    assert "L’offre redevient un brouillon que la structure peut reprendre." in content
    assert offer.summary in content and "Grand Reims" in content
    assert "Envoyée pour validation" in content  # the history


@pytest.mark.django_db
def test_a_published_offer_edit_page_says_exactly_what_saving_does(client, reims):
    offer = OfferFactory(theme=reims["theme"], organisation=reims["organisation"], territories=[reims["territory"]])
    client.force_login(reims["admin"])

    content = page(client.get(reverse("backoffice:offer_edit", args=[offer.pk])))

    assert "Envoyer la modification pour validation" in content
    assert "La version publiée reste visible des jeunes telle quelle." in content
    assert "Cette offre est à jour" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "grow"),
    [
        ("offer_validation_list", lambda reims, n: [new_offer(reims, f"Nouvelle {n}-{i}") for i in range(2)]),
        ("offer_validation_list", lambda reims, n: [changed_offer(reims, f"Changée {n}-{i}") for i in range(2)]),
        ("offer_freshness_list", lambda reims, n: [stale_offer(reims, f"Ancienne {n}-{i}") for i in range(2)]),
        ("home", lambda reims, n: [new_offer(reims, f"Nouvelle {n}-{i}") for i in range(2)]),
    ],
)
def test_the_animator_offer_lists_make_the_same_queries_with_many_rows(client, reims, name, grow):
    client.force_login(reims["animator"])
    url = reverse(f"backoffice:{name}")
    grow(reims, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page(client.get(url))

    for number in range(1, 13):
        grow(reims, number)
    with CaptureQueriesContext(connection) as many:
        page(client.get(url))

    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_review_page_makes_the_same_queries_with_a_large_coverage_and_history(client, reims):
    from territories.models import Commune

    offer = changed_offer(reims)
    communes = Commune.objects.filter(department_id="51").order_by("pk")
    offer.communes.add(communes[0])
    client.force_login(reims["animator"])
    url = reverse("backoffice:offer_review", args=[offer.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page(client.get(url))

    offer.communes.add(*communes[:30])
    for number in range(10):
        offer.propose_changes(values={"summary": f"Résumé {number}"}, by=reims["admin"])
    with CaptureQueriesContext(connection) as many:
        page(client.get(url))

    assert len(many) == len(few)


@pytest.mark.django_db
def test_archiving_an_offer_drops_its_pending_change(reims):
    offer = changed_offer(reims)

    offer.archive(by=reims["admin"])

    offer.refresh_from_db()
    assert offer.status == OfferStatus.ARCHIVED and offer.pending_changes is None

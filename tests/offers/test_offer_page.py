"""The offer page on a phone: a number to call is a link, a hotline is called first, and the date promised reads as
the delay promised, with the reason when the delay starts later than today."""

import datetime
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from questionnaires.models import Theme
from territories.models import Commune
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

PARIS = ZoneInfo("Europe/Paris")
MARTINIQUE = ZoneInfo("America/Martinique")

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(db):
    return TerritoryFactory(name="Grand Reims", communes=["51454"], themes=["sante", "emploi"])


def offer_page(client, offer, *, at=None) -> str:
    if at is None:
        return client.get(offer.get_absolute_url()).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=at):
        return client.get(offer.get_absolute_url()).content.decode()


def text_of(html: str) -> str:
    """What a reader reads: no tags, one space between words (non-breaking ones included)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html).replace("&nbsp;", " ").replace("\u00a0", " "))


def test_a_hotline_is_called_first_then_asked_to_call_back(client, territory):
    offer = OfferFactory(
        theme=Theme.objects.get(slug="sante"),
        territories=[territory],
        title="Fil Santé Jeunes",
        description="Des médecins t’écoutent. Tu peux aussi appeler directement le 0 800 235 236.",
    )

    html = offer_page(client, offer)

    call = re.search(r'<a class="fr-btn[^"]*" href="tel:0800235236">\s*Appeler le 0 800 235 236\s*</a>', html)
    assert call, html
    assert call.start() < html.index("Je veux être contacté·e") < html.index("C’est quoi")
    assert 'appeler directement le <a class="boussole-nowrap" href="tel:0800235236">0 800 235 236</a>.' in html


def test_an_offer_without_a_number_to_call_leads_to_the_contact_request(client, territory):
    offer = OfferFactory(theme=Theme.objects.get(slug="emploi"), territories=[territory], title="Un emploi")

    html = offer_page(client, offer)

    assert "Appeler" not in html
    assert html.index("Je veux être contacté·e") < html.index("C’est quoi")


def test_every_number_on_the_offer_page_is_a_link_and_the_text_stays_escaped(client, territory):
    organisation = OrganisationFactory(
        name="Maison des adolescents",
        territories=[territory],
        signed_charter=True,
        phone="03 26 00 11 20",
        contacts_visible_to_youths=True,
        opening_hours="Du lundi au vendredi. Le samedi, sur rendez-vous au 03 26 00 99 99.",
    )
    offer = OfferFactory(
        theme=Theme.objects.get(slug="sante"),
        territories=[territory],
        organisation=organisation,
        summary="<b>Gratuit</b> : une écoute.",
        how_it_happens="Tu peux aussi passer ou téléphoner au 03 26 00 22 22 le 15 mars.",
    )

    html = offer_page(client, offer)

    assert "&lt;b&gt;Gratuit&lt;/b&gt;" in html and "<b>Gratuit</b>" not in html
    for number in ["0326001120", "0326009999", "0326002222"]:
        assert f'href="tel:{number}"' in html
    assert 'href="tel:15"' not in html


@pytest.mark.parametrize(
    ("insee_code", "asked_at", "deadline", "why"),
    [
        # Sunday 7 December 2025: counts from Monday, one working day → Tuesday.
        (
            "51454",
            datetime.datetime(2025, 12, 7, 11, 0, tzinfo=PARIS),
            "au plus tard le mardi 9 décembre",
            "C’est le week-end : ta demande sera lue lundi matin.",
        ),
        # Wednesday 3 December, 19:00: counts from Thursday.
        (
            "51454",
            datetime.datetime(2025, 12, 3, 19, 0, tzinfo=PARIS),
            "au plus tard le vendredi 5 décembre",
            "Il est plus de 18 h : ta demande sera lue jeudi matin.",
        ),
        # Good Friday 3 April 2026 is off in Metz (Moselle): Easter Monday too, counts from Tuesday 7.
        (
            "57463",
            datetime.datetime(2026, 4, 3, 10, 0, tzinfo=PARIS),
            "au plus tard le mercredi 8 avril",
            "Aujourd’hui, c’est férié (Vendredi saint) : ta demande sera lue mardi matin.",
        ),
        # 22 May 2026, abolition of slavery in Martinique; Whit Monday 25: counts from Tuesday 26.
        (
            "97209",
            datetime.datetime(2026, 5, 22, 10, 0, tzinfo=MARTINIQUE),
            "au plus tard le mercredi 27 mai",
            "Aujourd’hui, c’est férié (Abolition de l’esclavage) : ta demande sera lue mardi matin.",
        ),
    ],
)
def test_the_offer_page_leads_with_the_date_and_says_why_it_starts_later(client, insee_code, asked_at, deadline, why):
    territory = TerritoryFactory(communes=[insee_code], themes=["emploi"])
    organisation = OrganisationFactory(
        territories=[territory], signed_charter=True, commune=Commune.objects.get(insee_code=insee_code)
    )
    offer = OfferFactory(
        theme=Theme.objects.get(slug="emploi"), territories=[territory], organisation=organisation, delay_days=1
    )

    page = text_of(offer_page(client, offer, at=asked_at))

    assert f"te contacte {deadline}. {why}" in page
    assert "Délai promis : 1 jour ouvré (du lundi au vendredi, hors jours fériés)." in page
    # The date is never put beside a delay that seems to contradict it.
    assert "sous 1 jour ouvré" not in page


def test_on_a_working_day_morning_the_date_needs_no_reason(client, territory):
    offer = OfferFactory(theme=Theme.objects.get(slug="emploi"), territories=[territory], delay_days=2)

    page = text_of(offer_page(client, offer, at=datetime.datetime(2025, 12, 3, 10, 0, tzinfo=PARIS)))

    assert "te contacte au plus tard le vendredi 5 décembre." in page
    assert "sera lue" not in page


def test_a_renamed_offer_has_a_new_address_and_its_old_one_leads_there(client, territory):
    offer = OfferFactory(theme=Theme.objects.get(slug="emploi"), territories=[territory], title="Atelier CV")
    old_url = offer.get_absolute_url()
    assert client.get(old_url).status_code == 200

    offer.title = "Atelier lettre de motivation"
    offer.save()

    assert offer.get_absolute_url() == f"/offres/{offer.pk}-atelier-lettre-de-motivation/"
    response = client.get(old_url)
    assert response.status_code == 301 and response.url == offer.get_absolute_url()

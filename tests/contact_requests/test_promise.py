"""The promise a youth reads before and after asking, on a fixed clock: on a Sunday, on a holiday of Alsace-Moselle or
of Martinique, and after 18:00 in Martinique while it is already the next day in Paris, the offer page, the form, the
page after the form, the acknowledgement (e-mail and SMS) and the professional's alert give the same date, in the same
words, and say why it counts from a later day."""

import datetime
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from contact_requests.models import ContactRequest
from notifications.models import Sms
from questionnaires.models import Theme
from territories.models import Commune
from tests.contact_requests.conftest import PARIS
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db

MARTINIQUE = ZoneInfo("America/Martinique")
NBSP = "\u00a0"


def in_words(html: str) -> str:
    """A page's text as read: tags dropped, line breaks and indentation folded (non-breaking spaces kept)."""
    return re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


@pytest.mark.parametrize(
    ("commune", "delay", "asked_at", "deadline", "why", "why_for_organisation", "sms_date"),
    [
        pytest.param(
            "51454",  # Reims
            3,
            datetime.datetime(2025, 12, 7, 10, 0, tzinfo=PARIS),  # a Sunday
            "au plus tard le jeudi 11 décembre",
            f"C’est le week-end{NBSP}: ta demande sera lue lundi matin.",
            "Arrivée le week-end, la demande compte à partir du lundi 8 décembre.",
            "11/12",
            id="sunday",
        ),
        pytest.param(
            "67482",  # Strasbourg
            1,
            datetime.datetime(2025, 12, 26, 10, 0, tzinfo=PARIS),  # Saint-Étienne, off in Alsace-Moselle only
            "au plus tard le mardi 30 décembre",
            f"Aujourd’hui, c’est férié (Saint-Étienne){NBSP}: ta demande sera lue lundi matin.",
            "Arrivée un jour férié (Saint-Étienne), la demande compte à partir du lundi 29 décembre.",
            "30/12",
            id="alsace-boxing-day",
        ),
        pytest.param(
            "67482",
            1,
            datetime.datetime(2026, 4, 3, 10, 0, tzinfo=PARIS),  # Good Friday, then Easter Monday
            "au plus tard le mercredi 8 avril",
            f"Aujourd’hui, c’est férié (Vendredi saint){NBSP}: ta demande sera lue mardi matin.",
            "Arrivée un jour férié (Vendredi saint), la demande compte à partir du mardi 7 avril.",
            "8/04",
            id="alsace-good-friday",
        ),
        pytest.param(
            "97209",  # Fort-de-France
            2,
            datetime.datetime(2026, 5, 22, 10, 0, tzinfo=MARTINIQUE),  # abolition of slavery, then Whit Monday
            "au plus tard le jeudi 28 mai",
            f"Aujourd’hui, c’est férié (Abolition de l’esclavage){NBSP}: ta demande sera lue mardi matin.",
            "Arrivée un jour férié (Abolition de l’esclavage), la demande compte à partir du mardi 26 mai.",
            "28/05",
            id="martinique-holiday",
        ),
        pytest.param(
            "97209",
            2,
            # 19:30 in Martinique, already Friday 01:30 in Paris: the evening of Fort-de-France counts.
            datetime.datetime(2026, 5, 21, 19, 30, tzinfo=MARTINIQUE),
            "au plus tard le jeudi 28 mai",
            f"Il est plus de 18{NBSP}h{NBSP}: ta demande sera lue mardi matin.",
            f"Arrivée après 18{NBSP}h, la demande compte à partir du mardi 26 mai.",
            "28/05",
            id="martinique-evening",
        ),
    ],
)
def test_the_offer_page_the_form_the_confirmation_and_the_messages_give_the_same_date_and_why(
    client,
    clock,
    mailoutbox,
    sms_outbox,
    django_capture_on_commit_callbacks,
    commune,
    delay,
    asked_at,
    deadline,
    why,
    why_for_organisation,
    sms_date,
):
    territory = TerritoryFactory(name="Territoire", communes=[commune])
    organisation = OrganisationFactory(
        name="Mission locale",
        email="accueil@ml.example.fr",
        commune=Commune.objects.get(insee_code=commune),
        territories=[territory],
        signed_charter=True,
    )
    offer = OfferFactory(
        theme=Theme.objects.get(slug="emploi"),
        title="Trouver un job d’été",
        organisation=organisation,
        delay_days=delay,
        territories=[territory],
    )
    clock.set(asked_at)

    offer_page = in_words(client.get(f"{offer.get_absolute_url()}?commune={commune}").content.decode())
    assert f"te contacte {deadline}. {why}" in offer_page

    form_url = f"{reverse('contact_requests:form', args=[offer.pk])}?commune={commune}"
    form_html = client.get(form_url).content.decode()
    assert f"te contacte {deadline} si tu demandes aujourd’hui. {why}" in in_words(form_html)

    key = re.search(r'name="submission_key" value="([^"]+)"', form_html).group(1)
    data = {
        "submission_key": key,
        "first_name": "Léa",
        "email": "lea@example.fr",
        "phone": "06 12 34 56 78",
        "preferred_channel": "sms",
        "consent": "on",
        "website": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, data, follow=True)
    confirmation = in_words(response.content.decode())
    assert f"Merci{NBSP}! La Mission locale reçoit ta demande." in confirmation
    assert f"Un·e professionnel·le te contacte {deadline}, par SMS. {why}" in confirmation

    request = ContactRequest.objects.get()
    alert, acknowledgement = sorted(mailoutbox, key=lambda message: message.to[0])
    assert acknowledgement.to == ["lea@example.fr"]
    assert f"Un·e professionnel·le te contacte {deadline}, par SMS. {why}" in acknowledgement.body
    assert f"Ta référence{NBSP}: {request.reference}" in acknowledgement.body
    assert f'style="white-space:nowrap">{request.reference}</span>' in acknowledgement.alternatives[0][0]
    assert alert.to == ["accueil@ml.example.fr"]
    assert alert.subject == f"Nouvelle demande {request.reference} : à contacter {deadline}"
    year = asked_at.year
    assert f"À contacter {deadline} {year} : vous vous êtes engagés à le faire sous" in alert.body
    assert why_for_organisation in alert.body

    [sms] = sms_outbox
    assert f"te contacte au plus tard le {sms_date}." in sms.body
    read_on = re.search(r"sera lue (\w+ matin)\.", why).group(1)
    assert sms.body.startswith(f"Ta demande {request.reference} sera lue {read_on}. La Mission locale te contacte")
    assert Sms.objects.get().segments == 1


def test_the_sms_drops_the_day_it_is_read_rather_than_take_a_second_segment(
    clock, sms_outbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://boussole.jeunes.gouv.fr"  # the production link's length
    territory = TerritoryFactory(name="Territoire", communes=["51454"])
    organisation = OrganisationFactory(
        name="Mission locale pour l’insertion des jeunes du Nord rémois",
        email="accueil@ml.example.fr",
        territories=[territory],
    )
    offer = OfferFactory(theme=Theme.objects.get(slug="emploi"), organisation=organisation, territories=[territory])
    clock.set(datetime.datetime(2025, 12, 3, 18, 30, tzinfo=PARIS))  # a Wednesday evening: read on Thursday

    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=clock.now, email="", phone="+33612345678", channel="phone")

    [sms] = sms_outbox
    assert request.promise().read_on == "jeudi matin"
    assert sms.body.startswith(f"Ta demande {request.reference} est notée. La Mission locale pour l")
    assert f"te contacte au plus tard le {request.due_date:%-d/%m}." in sms.body
    assert Sms.objects.get().segments == 1

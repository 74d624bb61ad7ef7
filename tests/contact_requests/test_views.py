import datetime
import re
import time
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from contact_requests.enums import EventKind, RequestStatus
from contact_requests.models import ContactRequest
from tests.contact_requests.factories import make_request, tracked_reference
from tests.offers.factories import OfferFactory
from tests.territories.factories import TerritoryFactory

PARIS = ZoneInfo("Europe/Paris")


def form_url(offer, commune="51454"):
    return f"{reverse('contact_requests:form', args=[offer.pk])}?commune={commune}"


def form_data(client, offer, **data):
    html = client.get(form_url(offer)).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    return {"submission_key": key, "preferred_channel": "email", "consent": "on", "website": "", **data}


@pytest.mark.django_db
def test_the_offer_page_leads_to_the_form_of_its_commune(client, offer):
    html = client.get(f"{offer.get_absolute_url()}?commune=51454").content.decode()

    assert f'href="{form_url(offer)}"' in html
    form = client.get(form_url(offer)).content.decode()
    assert "Être contacté·e par la Mission locale de Reims" in form
    assert 'name="consent"' in form and reverse("personal_data") in form


@pytest.mark.django_db
def test_without_a_commune_the_form_asks_for_it_first(client, offer):
    assert "D’abord, ta commune" in client.get(reverse("contact_requests:form", args=[offer.pk])).content.decode()


@pytest.mark.django_db
def test_an_offer_cannot_be_asked_for_from_a_commune_it_does_not_cover(client, offer, territory):
    essonne = TerritoryFactory(name="Essonne", communes=["91228"], themes=["emploi"])
    evry_only = OfferFactory(theme=offer.theme, title="Seulement à Évry", territories=[essonne])

    html = client.get(form_url(evry_only, commune="51454")).content.decode()  # a Reims youth
    assert "Cette offre n’est pas proposée à Reims" in html
    assert 'name="consent"' not in html
    response = client.post(form_url(evry_only, commune="51454"), {"email": "lea@example.fr", "consent": "on"})
    assert "Cette offre n’est pas proposée à Reims" in response.content.decode()
    assert not ContactRequest.objects.exists()
    assert "Cette offre n’est pas proposée à Fort-de-France" in client.get(form_url(offer, "97209")).content.decode()


@pytest.mark.django_db
def test_a_national_offer_can_be_asked_for_outside_the_open_territories(client, offer):
    national = OfferFactory(theme=offer.theme, title="Partout en France", national=True)

    data = form_data(client, national, email="lea@example.fr")
    response = client.post(form_url(national, commune="48095"), data)  # Mende: no open territory

    request = ContactRequest.objects.get()
    assert response.status_code == 302
    assert (request.offer, request.commune.insee_code, request.territory) == (national, "48095", None)


@pytest.mark.django_db
def test_the_form_says_one_of_email_or_mobile_is_needed_and_which_one_is_missing(client, offer):
    html = client.get(form_url(offer)).content.decode()
    assert "il en faut au moins un" in html
    assert "Optionnel" not in html.split("Comment te joindre")[1].split("Comment préfères-tu")[0]

    html = client.post(form_url(offer), form_data(client, offer, phone="06 12 34 56 78")).content.decode()
    assert "Tu préfères être contacté·e par e-mail : écris ici ton adresse e-mail." in html
    data = form_data(client, offer, email="lea@example.fr", preferred_channel="sms")
    html = client.post(form_url(offer), data).content.decode()
    assert "Tu préfères être contacté·e par SMS : écris ici ton numéro de portable." in html
    assert not ContactRequest.objects.exists()


@pytest.mark.django_db
def test_missing_contact_is_explained_next_to_the_fields_and_nothing_typed_is_lost(client, offer):
    data = form_data(client, offer, first_name="Léa", message="Plutôt le matin", consent="")

    response = client.post(form_url(offer), data)

    html = response.content.decode()
    assert response.status_code == 200
    # Under each of the two fields, and in the summary above the form that leads to them.
    summary, fields = html.split('<form method="post"', 1)
    assert fields.count("Donne ton e-mail ou ton numéro de portable (au moins un des deux)") == 2
    assert summary.count("Donne ton e-mail ou ton numéro de portable (au moins un des deux)") == 2
    assert "Coche cette case pour que la structure puisse te contacter." in html
    assert 'value="Léa"' in html and "Plutôt le matin" in html
    assert not ContactRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "saved"),
    [("06 12 34 56 78", "+33612345678"), ("+33 6 98 76 54 32", "+33698765432"), ("0696 12 34 56", "+596696123456")],
)
def test_french_and_overseas_mobile_numbers_are_normalised(client, offer, typed, saved):
    client.post(form_url(offer), form_data(client, offer, phone=typed, preferred_channel="sms"))

    assert str(ContactRequest.objects.get().phone) == saved


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["01 23 45 67 89", "12345", "06 12"])
def test_a_landline_or_a_wrong_number_is_refused_with_a_clear_message(client, offer, typed):
    html = client.post(
        form_url(offer), form_data(client, offer, phone=typed, preferred_channel="phone")
    ).content.decode()

    assert "Ce numéro de portable n’est pas valable" in html
    assert f'value="{typed}"' in html


@pytest.mark.django_db
def test_the_honeypot_stops_robots(client, offer):
    client.post(form_url(offer), form_data(client, offer, email="robot@example.fr", website="https://spam.example"))

    assert not ContactRequest.objects.exists()


@pytest.mark.django_db
def test_a_double_click_makes_one_request(client, offer):
    data = form_data(client, offer, email="lea@example.fr")

    first = client.post(form_url(offer), data)
    second = client.post(form_url(offer), data)

    assert ContactRequest.objects.count() == 1
    assert first.url.split("?")[0] == second.url.split("?")[0]
    assert "Ta demande était déjà envoyée" in client.get(second.url).content.decode()


def sent_page(client, offer, data):
    """What the youth sees once the form is sent: the address it leads to, and the page."""
    response = client.post(form_url(offer), data, follow=True)
    (url, status), *_ = response.redirect_chain
    assert status == 302
    return url, response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "fresh"),
    [
        ({"email": "lea@example.fr", "preferred_channel": "email"}, {"email": "sam@example.fr"}),
        (
            {"phone": "06 12 34 56 78", "email": "", "preferred_channel": "phone"},
            {"phone": "06 98 76 54 32", "email": ""},
        ),
    ],
)
def test_a_request_made_again_with_someone_elses_contact_looks_like_any_new_request(
    client, offer, typed, fresh, clock, mailoutbox, sms_outbox, django_capture_on_commit_callbacks
):
    request = make_request(offer, now=timezone.now(), email="lea@example.fr", phone="+33612345678", first_name="Léa")
    mailoutbox.clear()
    sms_outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again_url, again = sent_page(client, offer, form_data(client, offer, first_name="Intrus", **typed))
    assert ContactRequest.objects.count() == 1
    # The link went again to the contact of the request that was typed, and only there.
    if typed["email"]:
        assert [message.to for message in mailoutbox] == [["lea@example.fr"]]
        assert tracked_reference(mailoutbox[0].body) == request.reference
        assert sms_outbox == []
    else:
        assert mailoutbox == []
        assert [sms.recipient for sms in sms_outbox] == ["+33612345678"]
        assert request.reference in sms_outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        new_url, new = sent_page(client, offer, form_data(client, offer, first_name="Intrus", **{**typed, **fresh}))

    assert ContactRequest.objects.count() == 2
    # Whether a request existed or not, the same address and the same words.
    assert again_url == new_url
    assert again == new
    assert "Ta demande est envoyée" in again
    assert "/suivi/" not in again and "/s/" not in again
    assert request.reference not in again and "Léa" not in again and "lea@example.fr" not in again


@pytest.mark.django_db
def test_too_many_requests_from_one_address_are_refused_kindly(client, offer, settings):
    settings.REQUEST_RATE_LIMIT_PER_ADDRESS_PER_HOUR = 2
    for number in range(2):
        client.post(form_url(offer), form_data(client, offer, email=f"jeune{number}@example.fr"))

    response = client.post(form_url(offer), form_data(client, offer, email="jeune9@example.fr", first_name="Sam"))

    html = response.content.decode()
    assert "Tu as envoyé beaucoup de demandes en peu de temps" in html
    assert 'value="Sam"' in html
    assert ContactRequest.objects.count() == 2


@pytest.mark.django_db
def test_a_school_or_a_kiosk_shared_by_many_youths_is_not_shut_out(client, offer, settings):
    settings.REQUEST_RATE_LIMIT_PER_HOUR = 2

    for number in range(6):
        response = client.post(form_url(offer), form_data(client, offer, email=f"eleve{number}@example.fr"))
        assert response.status_code == 302, number

    assert ContactRequest.objects.count() == 6


@pytest.mark.django_db
def test_one_contact_is_limited_whatever_its_address_and_is_given_the_structures_own_contacts(client, offer, settings):
    settings.REQUEST_RATE_LIMIT_PER_HOUR = 2
    offer.organisation.contacts_visible_to_youths = True
    offer.organisation.save()
    others = [OfferFactory(theme=offer.theme, organisation=offer.organisation, territories=[]) for _ in range(2)]
    for other in others:
        other.territories.set(offer.territories.all())

    def send(target, number):
        data = form_data(client, target, phone="06 12 34 56 78", preferred_channel="phone", first_name="Sam")
        return client.post(form_url(target), data, REMOTE_ADDR=f"192.0.2.{number}")

    responses = [send(target, number) for number, target in enumerate([offer, *others])]

    assert [response.status_code for response in responses] == [302, 302, 200]
    html = responses[-1].content.decode()
    assert "Tu as envoyé beaucoup de demandes en peu de temps" in html
    assert 'href="tel:0326000000"' in html and 'href="mailto:accueil@ml-reims.example.fr"' in html
    assert ContactRequest.objects.count() == 2


@pytest.mark.django_db
def test_behind_the_proxy_a_forged_forwarded_header_does_not_bypass_the_limit(client, offer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REQUEST_RATE_LIMIT_PER_ADDRESS_PER_HOUR = 2

    def send(number):
        # The youth's browser writes any X-Forwarded-For it likes; the proxy appends the address it saw.
        return client.post(
            form_url(offer),
            form_data(client, offer, email=f"jeune{number}@example.fr"),
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.5",
        )

    responses = [send(number) for number in range(4)]

    assert [response.status_code for response in responses] == [302, 302, 200, 200]
    assert ContactRequest.objects.count() == 2


@pytest.mark.django_db
def test_the_page_after_the_form_gives_the_due_date_and_says_the_link_goes_by_email(client, offer, clock):
    clock.set(datetime.datetime(2025, 11, 28, 11, 0, tzinfo=PARIS))

    url, html = sent_page(client, offer, form_data(client, offer, email="lea@example.fr"))

    request = ContactRequest.objects.get()
    assert "Un·e professionnel·le te contacte\n<strong>au plus tard le mercredi 3 décembre</strong>, par e-mail" in html
    assert "Merci&nbsp;! La Mission locale de Reims reçoit ta demande." in html
    assert "Un e-mail part vers ton adresse avec ta référence et le lien de ta page de suivi." in html
    assert "SMS" not in html
    # The reference and the link go to the youth's address, not to this page (see the test above).
    assert request.reference not in html and "/suivi/" not in html


@pytest.mark.django_db
def test_the_tracking_page_shows_status_and_history_and_lets_the_youth_withdraw(
    client, offer, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_request(offer, now=timezone.now())

    html = client.get(request.tracking_url()).content.decode()
    assert "Où en est ta demande : <strong>Envoyée : un·e professionnel·le va te contacter</strong>" in html
    assert "NOUVELLE" not in html and ">nouvelle<" not in html
    assert "tu as envoyé ta demande" in html
    assert "Personne ne m’a contacté·e" not in html  # not before the due date

    # Cancelling asks first.
    token = request.tracking_token()
    cancel = reverse("contact_requests:youth_action", args=[token, "annuler"])
    response = client.post(cancel)
    tracking_url = reverse("contact_requests:tracking", args=[token])
    assert response.url == f"{tracking_url}?annuler=1#annuler"
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    html = client.get(response.url).content.decode()
    assert "Tu veux vraiment annuler ta demande ?" in html
    assert f'href="{tracking_url}">Non, garder ma demande' in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel, {"confirme": "oui"})

    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert any(message.subject == f"Demande {request.reference} annulée par le ou la jeune" for message in mailoutbox)
    assert "ta demande est annulée" in client.get(request.tracking_url()).content.decode()


@pytest.mark.django_db
def test_after_the_due_date_the_youth_can_say_nobody_called(
    client, offer, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_request(offer, now=timezone.now() - datetime.timedelta(days=15))
    mailoutbox.clear()

    assert "Personne ne m’a contacté·e" in client.get(request.tracking_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contact_requests:youth_action", args=[request.tracking_token(), "personne"]))
        client.post(reverse("contact_requests:youth_action", args=[request.tracking_token(), "personne"]))

    request.refresh_from_db()
    assert request.escalated_at is not None
    assert request.events.filter(kind=EventKind.YOUTH_NOT_CONTACTED).count() == 1
    assert "Tu nous as dit que personne ne t’a contacté·e" in client.get(request.tracking_url()).content.decode()
    escalations = [message for message in mailoutbox if "sans contact" in message.subject]
    assert len(escalations) == 1
    assert set(escalations[0].to) == {"animatrice@reims.example.fr", "boussole@reims.example.fr"}
    assert "nous dit que personne ne l’a contacté·e" in escalations[0].body


@pytest.mark.django_db
def test_a_tampered_or_expired_link_gets_a_kind_page(client, offer, settings):
    request = make_request(offer, now=timezone.now())
    token = request.tracking_token()

    tampered = client.get(reverse("contact_requests:tracking", args=[token[:-2] + "xx"]))
    assert tampered.status_code == 404
    assert "Ce lien ne marche pas" in tampered.content.decode()

    with mock.patch("time.time", return_value=time.time() - 91 * 24 * 3600):
        old_token = request.tracking_token()
    expired = client.get(reverse("contact_requests:tracking", args=[old_token]))
    assert expired.status_code == 404
    assert "Ce lien a expiré" in expired.content.decode()
    assert "la structure l’a bien reçue" not in expired.content.decode()


@pytest.mark.django_db
def test_the_youth_saying_someone_called_shows_the_request_as_contacted(client, offer):
    request = make_request(offer, now=timezone.now())
    said = reverse("contact_requests:youth_action", args=[request.tracking_token(), "contacte"])

    client.post(said, {"confirme": "oui"})
    client.post(said, {"confirme": "oui"})

    request.refresh_from_db()
    assert request.status == RequestStatus.CONTACTED
    assert request.contacted_at is not None
    assert request.events.filter(kind=EventKind.YOUTH_CONTACTED).count() == 1
    html = client.get(request.tracking_url()).content.decode()
    assert "Où en est ta demande : <strong>Tu as été contacté·e</strong>" in html
    assert "On m’a contacté·e" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hour", "morning"), [(12, ""), (22, "Le SMS partira à 8&nbsp;h&nbsp;: nous n’envoyons pas de SMS la nuit.")]
)
def test_a_youth_who_gave_only_a_mobile_is_told_an_sms_is_on_its_way(client, offer, clock, hour, morning):
    clock.set(clock.now.replace(hour=hour))

    url, html = sent_page(client, offer, form_data(client, offer, phone="06 12 34 56 78", preferred_channel="sms"))

    assert "Un SMS part vers ton portable avec ta référence et le lien de ta page de suivi." in html
    assert morning in html
    assert "capture d’écran" not in html and "seul moyen" not in html
    assert "e-mail part" not in html

"""The contact form helps the youth give a contact that works: a likely typo in the e-mail's domain is questioned
without being refused, and the mobile must be a French mobile (metropolitan or overseas)."""

import re

import pytest

from contact_requests.forms import ContactForm
from contact_requests.models import ContactRequest
from core.email_typos import suggested_address
from tests.contact_requests.test_views import form_data, form_url

BAD_PHONE = "Ce numéro de portable n’est pas valable : écris-le comme 06 12 34 56 78 (ou 0696 12 34 56 en outre-mer)."


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("prenom@gmial.com", "prenom@gmail.com"),
        ("prenom@hotmial.fr", "prenom@hotmail.fr"),
        ("prenom@gmail.con", "prenom@gmail.com"),
        ("prenom@gmail.fr", "prenom@gmail.com"),
        ("prenom@yaho.fr", "prenom@yahoo.fr"),
        ("prenom@yahooo.fr", "prenom@yahoo.fr"),
        ("prenom@yahoo.fe", "prenom@yahoo.fr"),
        ("Prenom.Nom@Outlok.FR", "Prenom.Nom@outlook.fr"),
        ("prenom@protonmial.com", "prenom@protonmail.com"),
        ("prenom@gmail.com", ""),
        ("prenom@yahoo.fr", ""),
        ("prenom@mail.com", ""),
        ("prenom@hotmail.de", ""),
        ("prenom@ml-reims.example.fr", ""),
        ("prenom@free.fr", ""),
        ("sans-arobase", ""),
    ],
)
def test_a_likely_typo_in_a_common_domain_is_found(typed, suggested):
    assert suggested_address(typed) == suggested


def hidden_value(html, name):
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    return match.group(1) if match else ""


@pytest.mark.django_db
def test_a_likely_typo_is_suggested_next_to_the_field_and_the_youth_may_keep_their_address(client, offer):
    data = form_data(client, offer, first_name="Léa", email="prenom@gmial.com", message="Le matin.")

    response = client.post(form_url(offer), data)

    html = response.content.decode()
    assert response.status_code == 200 and not ContactRequest.objects.exists()
    assert (
        "Vérifie ton adresse : voulais-tu écrire prenom@gmail.com ? Corrige-la, ou si elle est juste, "
        "renvoie ta demande telle quelle."
    ) in html
    assert 'data-suggested="prenom@gmail.com"' in html
    assert 'value="prenom@gmial.com"' in html and 'value="Léa"' in html and "Le matin." in html
    assert hidden_value(html, "email_checked") == "prenom@gmial.com"

    kept = client.post(form_url(offer), {**data, "email_checked": hidden_value(html, "email_checked")})

    assert kept.status_code == 302
    assert ContactRequest.objects.get().email == "prenom@gmial.com"


@pytest.mark.django_db
def test_a_corrected_address_is_taken_at_once(client, offer):
    data = form_data(client, offer, email="prenom@gmail.com", email_checked="prenom@gmial.com")

    assert client.post(form_url(offer), data).status_code == 302
    assert ContactRequest.objects.get().email == "prenom@gmail.com"


@pytest.mark.django_db
def test_another_typo_after_a_kept_address_is_questioned_again(client, offer):
    data = form_data(client, offer, email="prenom@hotmial.fr", email_checked="prenom@gmial.com")

    html = client.post(form_url(offer), data).content.decode()

    assert "voulais-tu écrire prenom@hotmail.fr ?" in html
    assert not ContactRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("07.51.23.45.67", "+33751234567"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("0696 12 34 56", "+596696123456"),
        ("0692 12 34 56", "+262692123456"),
        ("+262 692 12 34 56", "+262692123456"),
        ("0639 01 23 45", "+262639012345"),
        ("0690 00 12 34", "+590690001234"),
        ("0694 20 12 34", "+594694201234"),
    ],
)
def test_french_and_overseas_mobiles_are_taken(client, offer, typed, stored):
    data = form_data(client, offer, phone=typed, preferred_channel="sms")

    assert client.post(form_url(offer), data).status_code == 302
    assert str(ContactRequest.objects.get().phone) == stored


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["01 23 45 67 89", "05 56 12 34 56", "12345", "06 12 34 56", "+44 7700 900123"])
def test_anything_but_a_french_mobile_is_refused_in_french_keeping_what_was_typed(client, offer, typed):
    data = form_data(client, offer, first_name="Sam", phone=typed, preferred_channel="sms")

    html = client.post(form_url(offer), data).content.decode()

    assert BAD_PHONE in html
    assert f'value="{typed}"' in html and 'value="Sam"' in html
    assert not ContactRequest.objects.exists()


@pytest.mark.parametrize("address", ["léa@example.fr", "francois@café.fr", "zoë.martin@gmail.com"])
def test_an_accented_address_is_told_it_has_an_accent(address):
    form = ContactForm(data={"email": address, "preferred_channel": "email", "consent": "on"})

    assert not form.is_valid()
    [message] = form.errors["email"]
    assert message.startswith("Une adresse e-mail s’écrit sans accent ni lettre spéciale : enlève ")
    assert all(letter in message for letter in address if not letter.isascii())


@pytest.mark.django_db
def test_a_form_sent_back_with_errors_says_so_in_its_title_and_lists_them_first(client, offer):
    html = client.post(
        form_url(offer), form_data(client, offer, email="lea@", preferred_channel="sms")
    ).content.decode()

    assert re.search(r"<title>Erreur : Être contacté·e — ", html)
    summary = html[html.index('id="erreurs"') : html.index("</ul>", html.index('id="erreurs"'))]
    assert "autofocus" in summary
    assert 'href="#id_email"' in summary and 'href="#id_phone"' in summary

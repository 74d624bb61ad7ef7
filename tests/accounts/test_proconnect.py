"""Logging in with ProConnect, against a real OpenID Connect provider started by the tests (tests/oidc_provider/).

Nothing of the OIDC client is replaced: the service redirects to the provider, the provider signs its tokens and its
userinfo, and the service fetches and checks them over HTTP. Faults are made by the provider (or by tampering with
what travels through the browser), as an attacker or a broken network would.
"""

import logging
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY_KEY
from accounts.proconnect import BACKEND, ID_TOKEN_KEY, STATES_KEY
from organisations.models import Invitation, Membership
from tests.accounts import helpers
from tests.backoffice.factories import PASSWORD, make_member, sign_charter
from tests.offers.factories import OrganisationFactory
from tests.oidc_provider import CLIENT_SECRET, log_in
from tests.territories.factories import TerritoryFactory

EMAIL = "pro@ml-reims.example.fr"
SIRET = "13002526500013"


def title(response) -> str:
    html = response.content.decode()
    return html.split("<h1>", 1)[1].split("</h1>", 1)[0]


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def start(client, next_url=""):
    """Click the button: the service's redirect to the provider's authorization endpoint."""
    response = client.get(reverse("proconnect_login"), {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response.url


@pytest.fixture
def known(proconnect, professional):
    """A professional of the Boussole whom ProConnect knows under the same address."""
    proconnect.add_account(sub="sub-camille", email=EMAIL, given_name="Camille", usual_name="Durand", siret=SIRET)
    return professional


# The button


@pytest.mark.django_db
def test_without_its_settings_proconnect_shows_nowhere_and_its_addresses_answer_404(client, settings):
    settings.PROCONNECT_CLIENT_ID = ""

    html = client.get(reverse("login")).content.decode()

    assert "ProConnect" not in html
    assert client.get(reverse("proconnect_login")).status_code == 404
    assert client.get(reverse("proconnect_callback"), {"code": "x", "state": "y"}).status_code == 404


@pytest.mark.django_db
def test_the_login_page_shows_the_official_button_and_its_explanation_link(client, proconnect):
    html = client.get(reverse("login"), {"next": "/espace-pro/demandes/"}).content.decode()

    assert '<button type="submit" class="fr-connect">' in html
    assert '<span class="fr-connect__login">S’identifier avec</span>' in html
    assert '<span class="fr-connect__brand">ProConnect</span>' in html
    assert 'href="https://proconnect.gouv.fr/"' in html and "Qu’est-ce que ProConnect ?</a>" in html
    assert 'name="next" value="/espace-pro/demandes/"' in html
    # The password form stays, for those who cannot use ProConnect.
    assert 'name="password"' in html


@pytest.mark.django_db
def test_the_button_asks_the_provider_for_proconnect_s_scopes_with_state_and_nonce(client, proconnect, settings):
    settings.PROCONNECT_ACR_VALUES = "eidas1"

    url = start(client)

    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{proconnect.issuer}/auth?")
    assert query["scope"] == ["openid email given_name usual_name siret uid"]
    assert query["acr_values"] == ["eidas1"]
    assert query["redirect_uri"] == ["http://testserver/espace-pro/proconnect/retour/"]
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32


@pytest.mark.django_db
def test_pages_let_forms_lead_to_proconnect_in_their_content_security_policy(client, proconnect, settings):
    def form_action():
        # The directives come in no fixed order.
        policy = client.get(reverse("login")).headers["Content-Security-Policy"]
        directives = dict(directive.strip().split(" ", 1) for directive in policy.split(";") if directive.strip())
        return directives["form-action"]

    assert form_action() == f"'self' {proconnect.issuer}"
    settings.PROCONNECT_DISCOVERY_URL = ""
    assert form_action() == "'self'"


# Accounts


@pytest.mark.django_db
def test_a_professional_is_found_by_email_case_insensitively_and_linked_to_their_sub(client, proconnect, professional):
    proconnect.add_account(sub="sub-camille", email="Pro@ML-Reims.example.fr", usual_name="Durand", siret=SIRET)

    response = log_in(client, proconnect, email="Pro@ML-Reims.example.fr")

    assert response.url == reverse("backoffice:home")
    assert logged_in_user_id(client) == str(professional.pk)
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    professional.refresh_from_db()
    assert professional.proconnect_sub == "sub-camille"
    # The names the account had are kept; the missing family name comes from `usual_name`.
    assert (professional.first_name, professional.last_name) == ("Camille", "Durand")
    assert professional.email == EMAIL


@pytest.mark.django_db
def test_once_linked_a_professional_whose_email_changed_still_logs_in(client, proconnect, professional):
    professional.proconnect_sub = "sub-camille"
    professional.save()
    proconnect.add_account(sub="sub-camille", email="camille.durand@nouvelle-adresse.example.fr")

    log_in(client, proconnect, email="camille.durand@nouvelle-adresse.example.fr")

    assert logged_in_user_id(client) == str(professional.pk)


@pytest.mark.django_db
def test_an_account_linked_to_another_proconnect_identity_is_not_taken_by_its_address(
    client, proconnect, professional, django_user_model
):
    professional.proconnect_sub = "sub-camille"
    professional.save()
    proconnect.add_account(sub="sub-someone-else", email=EMAIL)

    response = log_in(client, proconnect, email=EMAIL)

    assert response.url == reverse("backoffice:proconnect_unknown")
    assert logged_in_user_id(client) is None
    professional.refresh_from_db()
    assert professional.proconnect_sub == "sub-camille"


@pytest.mark.django_db
def test_the_next_page_asked_before_logging_in_is_where_the_professional_lands(client, proconnect, known):
    response = log_in(client, proconnect, email=EMAIL, next_url=reverse("backoffice:requests"))

    assert response.url == reverse("backoffice:requests")


@pytest.mark.django_db
def test_an_unknown_person_is_told_whom_to_ask_and_gets_no_account(client, proconnect, django_user_model):
    territory = TerritoryFactory(name="Grand Reims", contact_email="animation@grand-reims.example.fr")
    animator = django_user_model.objects.create_user(
        email="alice.martin@grand-reims.example.fr", first_name="Alice", last_name="Martin"
    )
    territory.animators.add(animator)
    OrganisationFactory(name="Mission locale de Reims", siret=SIRET, territories=[territory])
    proconnect.add_account(sub="sub-nouvelle", email="nouvelle@ml-reims.example.fr", given_name="Léa", siret=SIRET)
    accounts_before = django_user_model.objects.count()

    response = log_in(client, proconnect, email="nouvelle@ml-reims.example.fr")
    page = client.get(response.url)

    html = page.content.decode()
    assert response.url == reverse("backoffice:proconnect_unknown")
    assert title(page) == "Vous n’avez pas encore de compte"
    assert "Léa Martin" in html and "nouvelle@ml-reims.example.fr" in html
    assert "Votre structure, <strong>la Mission locale de Reims</strong>, est partenaire" in html
    assert "Animation territoriale : Grand Reims" in html
    assert "Alice Martin" in html and "mailto:alice.martin@grand-reims.example.fr" in html
    assert "animation@grand-reims.example.fr" in html
    assert django_user_model.objects.count() == accounts_before
    assert logged_in_user_id(client) is None
    assert client.get(reverse("backoffice:home")).url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_person_whose_structure_is_not_a_partner_is_told_to_contact_the_animation(client, proconnect):
    proconnect.add_account(sub="sub-inconnue", email="inconnue@ailleurs.example.fr", siret="35600000000048")

    page = client.get(log_in(client, proconnect, email="inconnue@ailleurs.example.fr").url)

    assert title(page) == "Votre structure n’est pas encore partenaire"
    assert "contactez l’animation territoriale de votre territoire" in page.content.decode()


@pytest.mark.django_db
def test_the_explanation_page_without_a_proconnect_login_leads_to_the_login_page(client):
    assert client.get(reverse("backoffice:proconnect_unknown")).url == reverse("login")


@pytest.mark.django_db
def test_an_invited_person_accepts_the_invitation_with_proconnect(client, proconnect, django_user_model):
    organisation = OrganisationFactory(name="Mission locale de Reims", signed_charter=True)
    invitation = Invitation.objects.create(organisation=organisation, email="lea.nouvelle@ml-reims.example.fr")
    invitation_page = reverse("backoffice:invitation", args=[invitation.token])
    assert "S’identifier avec" in client.get(invitation_page).content.decode()
    proconnect.add_account(
        sub="sub-lea", email="Lea.Nouvelle@ml-reims.example.fr", given_name="Léa", usual_name="Nouvelle"
    )

    response = log_in(client, proconnect, email="Lea.Nouvelle@ml-reims.example.fr", next_url=invitation_page)
    response = client.get(response.url)

    assert response.url == invitation_page
    page = client.get(invitation_page)
    assert "ProConnect vous a identifié·e : <strong>Léa Nouvelle</strong>" in page.content.decode()
    assert not django_user_model.objects.filter(email__iexact="lea.nouvelle@ml-reims.example.fr").exists()

    response = client.post(invitation_page)

    assert response.url == reverse("backoffice:home")
    user = django_user_model.objects.get(email="lea.nouvelle@ml-reims.example.fr")
    assert (user.proconnect_sub, user.first_name, user.last_name) == ("sub-lea", "Léa", "Nouvelle")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    assert logged_in_user_id(client) == str(user.pk)
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    # The invitation served; next time, ProConnect logs Léa in directly.
    client.logout()
    log_in(client, proconnect, email="Lea.Nouvelle@ml-reims.example.fr")
    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_a_deactivated_account_is_refused(client, proconnect, known):
    known.is_active = False
    known.save()

    response = log_in(client, proconnect, email=EMAIL)

    assert response.status_code == 403
    assert title(response) == "Ce compte est désactivé"
    assert logged_in_user_id(client) is None


# What the provider answers, or what travels through the browser, is checked


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["userinfo_payload_tampered", "userinfo_other_sub", "id_token_foreign_key"])
def test_a_forged_or_altered_token_is_refused_with_a_french_page(client, proconnect, known, fault):
    provider = proconnect
    provider.fault(fault)

    response = log_in(client, provider, email=EMAIL)

    assert response.status_code == 400
    assert title(response) == "La connexion avec ProConnect n’a pas pu être vérifiée"
    assert reverse("login") in response.content.decode()
    assert logged_in_user_id(client) is None
    known.refresh_from_db()
    assert known.proconnect_sub is None


@pytest.mark.django_db
def test_an_id_token_with_another_nonce_is_refused(client, proconnect, known):
    provider = proconnect
    url = start(client)
    # The authorization request altered on its way: the provider signs a token for another nonce than the session's.
    query = parse_qs(urlsplit(url).query)
    query["nonce"] = ["un-autre-nonce-que-celui-de-la-session-0123456789"]
    url = f"{provider.issuer}/auth?{urlencode(query, doseq=True)}"

    response = client.get(provider.sign_in(url, email=EMAIL))

    assert response.status_code == 400
    assert title(response) == "La connexion avec ProConnect n’a pas pu être vérifiée"
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_a_login_left_too_long_at_the_provider_has_expired(client, proconnect, known):
    provider = proconnect
    callback = provider.sign_in(start(client), email=EMAIL)
    session = client.session
    for state in session[STATES_KEY].values():
        state["added_on"] = time.time() - 11 * 60
    session.save()

    response = client.get(callback)

    assert response.status_code == 400
    assert title(response) == "La connexion a expiré"
    assert logged_in_user_id(client) is None
    assert client.session[STATES_KEY] == {}


@pytest.mark.django_db
def test_a_callback_replayed_or_from_another_browser_has_expired(client, proconnect, known, django_user_model):
    provider = proconnect
    callback = provider.sign_in(start(client), email=EMAIL)
    assert client.get(callback).url == reverse("backoffice:home")
    client.logout()

    replayed = client.get(callback)

    assert replayed.status_code == 400
    assert title(replayed) == "La connexion a expiré"
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_refusing_at_the_provider_ends_on_a_french_page_with_a_way_back(client, proconnect, known):
    provider = proconnect

    response = client.get(provider.sign_in(start(client), cancel=True))

    assert response.status_code == 400
    assert title(response) == "Connexion avec ProConnect annulée"
    assert f'href="{reverse("login")}"' in response.content.decode()
    assert client.session[STATES_KEY] == {}


@pytest.mark.django_db
def test_an_unreachable_provider_ends_on_a_french_page(client, proconnect, settings):
    settings.PROCONNECT_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"

    response = client.get(reverse("proconnect_login"))

    assert response.status_code == 503
    assert title(response) == "ProConnect ne répond pas"


@pytest.mark.django_db
def test_no_token_nor_secret_is_logged(client, proconnect, known, caplog):
    caplog.set_level(logging.DEBUG)
    provider = proconnect
    callback = provider.sign_in(start(client), email=EMAIL)
    client.get(callback)
    id_token = client.session[ID_TOKEN_KEY]
    provider.fault("userinfo_payload_tampered")
    client.logout()
    log_in(client, provider, email=EMAIL)

    code = parse_qs(urlsplit(callback).query)["code"][0]
    for secret in [id_token, code, CLIENT_SECRET]:
        assert secret not in caplog.text
    assert "ProConnect userinfo refused: InvalidSignatureError" in caplog.text


# The rules of password sessions apply to ProConnect sessions


@pytest.mark.django_db
def test_a_locked_out_account_cannot_log_in_with_proconnect_either(client, proconnect, known):
    for _ in range(5):
        helpers.log_in(client, EMAIL, "pas le bon")
    assert AccessAttempt.objects.exists()

    response = log_in(client, proconnect, email=EMAIL)

    assert response.status_code == 429
    assert "Connexion bloquée pour 15 minutes" in response.content.decode()
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_a_proconnect_session_expires_after_an_hour_without_activity(client, proconnect, known):
    log_in(client, proconnect, email=EMAIL)
    client.get(reverse("backoffice:home"))
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 61 * 60
    session.save()

    response = client.get(reverse("backoffice:home"))

    assert response.url.startswith(reverse("login"))
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_a_member_whose_organisation_has_not_signed_the_charter_reaches_only_the_charter(client, proconnect):
    organisation = OrganisationFactory(name="Mission locale de Reims")
    member = make_member(organisation, email="membre@ml-reims.example.fr")
    proconnect.add_account(sub="sub-membre", email="membre@ml-reims.example.fr")
    log_in(client, proconnect, email="membre@ml-reims.example.fr")

    assert client.get(reverse("backoffice:requests")).url == reverse("backoffice:charter")

    sign_charter(organisation, member)
    assert client.get(reverse("backoffice:requests")).status_code == 200


# Logging out


@pytest.mark.django_db
def test_logging_out_goes_through_the_provider_and_back(client, proconnect, known):
    provider = proconnect
    log_in(client, provider, email=EMAIL)
    id_token = client.session[ID_TOKEN_KEY]

    response = client.post(reverse("logout"))

    assert logged_in_user_id(client) is None
    end_session = urlsplit(response.url)
    query = parse_qs(end_session.query)
    assert response.url.startswith(f"{provider.issuer}/session/end?")
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/espace-pro/proconnect/deconnecte/"]
    back = provider.sign_out(response.url)
    assert back.startswith("http://testserver/espace-pro/proconnect/deconnecte/?")
    response = client.get(back)
    assert response.url == reverse("login")
    assert (
        "Vous êtes déconnecté·e de la Boussole des jeunes et de ProConnect."
        in client.get(response.url).content.decode()
    )
    # The provider's session is over too: the next login asks for the address again.
    assert "Connexion à ProConnect" in requests.get(start(client), timeout=5).text


@pytest.mark.django_db
def test_a_password_session_logs_out_without_the_provider(client, proconnect, professional):
    helpers.log_in(client, EMAIL, PASSWORD)

    response = client.post(reverse("logout"))

    assert response.url == reverse("home")
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_coming_back_from_the_provider_with_another_state_says_nothing(client):
    response = client.get(reverse("proconnect_logged_out"), {"state": "forged"})

    assert response.url == reverse("login")
    assert "déconnecté·e" not in client.get(response.url).content.decode()

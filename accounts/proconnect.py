"""ProConnect, the State's single sign-on for professionals: mozilla-django-oidc's client, adapted to it.

ProConnect's specifics: the userinfo endpoint answers a JWT signed like the ID token (application/jwt), `usual_name` is
the family name, and logging out goes through its end-session endpoint with the ID token as `id_token_hint`.

Nobody gets an account by logging in with ProConnect. A person is recognised by their ProConnect `sub`, or, the first
time, by the account that has their verified email address (then their `sub` is kept, so a later change of address
does not lock them out). Anyone else is an unknown identity: the caller tells them whom to ask, or lets them accept an
invitation sent to that address.
"""

import dataclasses
import logging
import time
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger(__name__)

BACKEND = "accounts.proconnect.ProConnectBackend"
# Where mozilla-django-oidc keeps the ID token (OIDC_STORE_ID_TOKEN) and the states of logins under way.
ID_TOKEN_KEY = "oidc_id_token"
STATES_KEY = "oidc_states"
UNKNOWN_IDENTITY_KEY = "proconnect:identity"
LOGOUT_STATE_KEY = "proconnect:logout_state"
# An unknown identity stays in the session this long: time to read the explanation or accept an invitation.
UNKNOWN_IDENTITY_MAX_AGE = 15 * 60
DISCOVERY_MAX_AGE = 3600


def is_enabled() -> bool:
    """The service is registered with ProConnect: without these settings, nothing of ProConnect shows."""
    return bool(
        settings.PROCONNECT_CLIENT_ID and settings.PROCONNECT_CLIENT_SECRET and settings.PROCONNECT_DISCOVERY_URL
    )


def provider_origin() -> str:
    parts = urlsplit(settings.PROCONNECT_DISCOVERY_URL)
    return f"{parts.scheme}://{parts.netloc}"


class ProConnectError(Exception):
    """A ProConnect login that did not end with a logged-in person; `kind` says why, in words the pages know."""

    def __init__(self, kind: str, *, identity: "Identity | None" = None):
        super().__init__(kind)
        self.kind = kind
        self.identity = identity


@dataclasses.dataclass(frozen=True)
class ProviderConfiguration:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str


# The provider's discovery document, by URL. Kept in the process for an hour: it is public and rarely changes, and a
# login should not wait for it.
_configurations: dict[str, tuple[float, ProviderConfiguration]] = {}


def provider_configuration() -> ProviderConfiguration:
    url = settings.PROCONNECT_DISCOVERY_URL
    cached = _configurations.get(url)
    if cached and time.monotonic() - cached[0] < DISCOVERY_MAX_AGE:
        return cached[1]
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        configuration = ProviderConfiguration(
            **{field.name: str(document[field.name]) for field in dataclasses.fields(ProviderConfiguration)}
        )
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        logger.warning("ProConnect discovery failed: %s", type(error).__name__)
        raise ProConnectError("unavailable") from error
    _configurations[url] = (time.monotonic(), configuration)
    return configuration


@dataclasses.dataclass(frozen=True)
class Identity:
    """Who ProConnect says the person is, from its signed userinfo."""

    sub: str
    email: str
    given_name: str = ""
    usual_name: str = ""
    siret: str = ""

    @classmethod
    def from_claims(cls, claims: dict) -> "Identity":
        return cls(
            sub=str(claims["sub"]),
            email=str(claims["email"]).strip(),
            given_name=str(claims.get("given_name") or "").strip(),
            usual_name=str(claims.get("usual_name") or "").strip(),
            siret=str(claims.get("siret") or "").strip(),
        )

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.usual_name}".strip()

    def remember(self, session):
        session[UNKNOWN_IDENTITY_KEY] = {**dataclasses.asdict(self), "at": time.time()}

    @classmethod
    def recalled(cls, session) -> "Identity | None":
        """The unknown identity of the last ProConnect login in this session, if recent."""
        stored = session.get(UNKNOWN_IDENTITY_KEY)
        if not stored or time.time() - stored.get("at", 0) > UNKNOWN_IDENTITY_MAX_AGE:
            return None
        return cls(**{field.name: stored.get(field.name, "") for field in dataclasses.fields(cls)})

    @staticmethod
    def forget(session):
        session.pop(UNKNOWN_IDENTITY_KEY, None)


def create_account(identity: Identity, *, email: str):
    """The account of a person who accepts an invitation with ProConnect: no password, linked to their `sub`."""
    return get_user_model().objects.create_user(
        email=email,
        password=None,
        first_name=identity.given_name,
        last_name=identity.usual_name,
        proconnect_sub=identity.sub,
    )


def end_session_url(request, *, id_token: str) -> str:
    """The provider's logout address for this person; it sends them back to `proconnect_logged_out`."""
    state = get_random_string(32)
    request.session[LOGOUT_STATE_KEY] = state
    query = {
        "id_token_hint": id_token,
        "state": state,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("proconnect_logged_out")),
    }
    return f"{provider_configuration().end_session_endpoint}?{urlencode(query)}"


class ProConnectBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, with ProConnect's signed userinfo and our rules for accounts.

    Every failure raises `ProConnectError` (never a bare None): the callback view turns it into a page. Messages of the
    underlying errors are not logged, only their class: some quote the provider's answers.
    """

    def __init__(self, *args, **kwargs):
        # Django builds the backends for every login, password logins included: nothing here may reach the network,
        # so the endpoints are discovered in `authenticate`, when a ProConnect callback needs them.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.PROCONNECT_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.PROCONNECT_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.PROCONNECT_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        # Only the callback view passes a nonce.
        if request is None or nonce is None or not is_enabled():
            return None
        self.configuration = provider_configuration()
        self.OIDC_OP_TOKEN_ENDPOINT = self.configuration.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = self.configuration.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = self.configuration.jwks_uri
        try:
            user = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except (requests.ConnectionError, requests.Timeout) as error:
            logger.warning("ProConnect unreachable: %s", type(error).__name__)
            raise ProConnectError("unavailable") from error
        except (SuspiciousOperation, jwt.PyJWTError, requests.RequestException, ValueError, KeyError) as error:
            # A refused or reused code, an ID token that fails its signature, audience, issuer, expiry or nonce.
            logger.warning("ProConnect login refused: %s", type(error).__name__)
            raise ProConnectError("refused") from error
        if user is None:
            raise ProConnectError("refused")
        return user

    def _verify_jws(self, payload, key):
        """The signature with the expected algorithm, and that the token was issued by the provider for this service."""
        if jwt.get_unverified_header(payload).get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("Unexpected signing algorithm.")
        return jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.configuration.issuer,
            options={"require": ["iss", "aud", "sub"]},
        )

    def get_userinfo(self, access_token, id_token, payload):
        """ProConnect answers a signed JWT: anything else (plain JSON included) is refused."""
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        if not response.headers.get("content-type", "").lower().startswith("application/jwt"):
            raise SuspiciousOperation("Userinfo is not a signed JWT.")
        return self.verify_token(response.text)

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            claims = self.get_userinfo(access_token, id_token, payload)
        except (SuspiciousOperation, jwt.PyJWTError) as error:
            logger.warning("ProConnect userinfo refused: %s", type(error).__name__)
            raise ProConnectError("refused") from error
        # The userinfo must be about the person of the ID token.
        if claims.get("sub") != payload.get("sub") or not claims.get("email"):
            logger.warning("ProConnect userinfo refused: another subject or no email")
            raise ProConnectError("refused")
        identity = Identity.from_claims(claims)
        user = self.find_account(identity)
        if user is None:
            raise ProConnectError("unknown", identity=identity)
        if not user.is_active:
            raise ProConnectError("inactive")
        if AxesProxyHandler.is_locked(self.request, credentials={"username": user.email}):
            raise ProConnectError("locked")
        return self.update_user(user, claims)

    def find_account(self, identity: Identity):
        """The account linked to this `sub`; else, at a first ProConnect login, the one with this email address."""
        linked = self.UserModel.objects.filter(proconnect_sub=identity.sub).first()
        if linked is not None:
            return linked
        matches = list(self.UserModel.objects.filter(email__iexact=identity.email, proconnect_sub__isnull=True)[:2])
        return matches[0] if len(matches) == 1 else None

    def update_user(self, user, claims):
        identity = Identity.from_claims(claims)
        user.proconnect_sub = identity.sub
        user.first_name = user.first_name or identity.given_name[:150]
        user.last_name = user.last_name or identity.usual_name[:150]
        user.save(update_fields=["proconnect_sub", "first_name", "last_name"])
        return user

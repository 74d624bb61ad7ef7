import hashlib
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_safe
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts import proconnect
from accounts.forms import ResetPasswordForm
from accounts.tasks import send_password_reset_link
from core import ratelimit
from core.http import client_address

logger = logging.getLogger(__name__)

# Password reset links asked for within an hour: from one address (any account), and for one account (any address).
RESETS_PER_ADDRESS = 10
RESETS_PER_ACCOUNT = 3
RESET_WINDOW = 3600


def _queue_link(email: str):
    try:
        send_password_reset_link.delay(email)
    except Exception:
        # Broker unreachable: better a slower answer than a lost link.
        logger.warning("Password reset not handed to Celery: sent from the web process.", exc_info=True)
        send_password_reset_link.apply(args=[email])


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, throttled, and answering the same whether an account exists or not.

    Whether the address belongs to an account is only looked up by the task that sends the link, after the answer:
    the view does the same work, in the same time, for any address.
    """

    form_class = ResetPasswordForm

    def form_valid(self, form):
        if ratelimit.hit(
            f"accounts:reset:address:{client_address(self.request)}", limit=RESETS_PER_ADDRESS, window=RESET_WINDOW
        ):
            form.add_error(
                None, "Trop de demandes de lien depuis cette connexion. Réessayez dans une heure, ou écrivez-nous."
            )
            return self.form_invalid(form)
        email = form.cleaned_data["email"]
        # The account is named by a digest: the cache holds no address.
        account = hashlib.sha256(email.lower().encode()).hexdigest()
        if not ratelimit.hit(f"accounts:reset:account:{account}", limit=RESETS_PER_ACCOUNT, window=RESET_WINDOW):
            transaction.on_commit(lambda: _queue_link(email))
        return HttpResponseRedirect(self.get_success_url())


class LogoutView(auth_views.LogoutView):
    """Django's; a person who logged in with ProConnect then logs out of it too, and it sends them back here."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(proconnect.ID_TOKEN_KEY)
        response = super().post(request, *args, **kwargs)
        if id_token and proconnect.is_enabled():
            try:
                return HttpResponseRedirect(proconnect.end_session_url(request, id_token=id_token))
            except proconnect.ProConnectError:
                logger.warning("ProConnect unreachable at logout: logged out of the Boussole only.")
        return response


@login_not_required
@require_safe
def proconnect_logged_out(request):
    """Where ProConnect sends a person back after logging them out."""
    expected = request.session.pop(proconnect.LOGOUT_STATE_KEY, "")
    if expected and constant_time_compare(expected, request.GET.get("state", "")):
        messages.success(request, "Vous êtes déconnecté·e de la Boussole des jeunes et de ProConnect.")
    return redirect("login")


# What the person reads when a ProConnect login fails: title, explanation, HTTP status.
PROCONNECT_FAILURES = {
    "cancelled": (
        "Connexion avec ProConnect annulée",
        "Vous avez annulé la connexion sur ProConnect : vous n’êtes pas connecté·e.",
        400,
    ),
    "expired": (
        "La connexion a expiré",
        "Cette connexion a été commencée il y a trop longtemps, ou dans un autre onglet, ou elle a déjà servi. "
        "Recommencez depuis la page de connexion.",
        400,
    ),
    "refused": (
        "La connexion avec ProConnect n’a pas pu être vérifiée",
        "Par sécurité, nous n’avons pas pu vérifier la réponse de ProConnect, et vous n’êtes pas connecté·e. "
        "Recommencez ; si cela se reproduit, connectez-vous avec votre mot de passe.",
        400,
    ),
    "provider_error": (
        "ProConnect n’a pas pu vous connecter",
        "ProConnect a signalé une erreur, et vous n’êtes pas connecté·e. Recommencez dans quelques instants.",
        400,
    ),
    "unavailable": (
        "ProConnect ne répond pas",
        "ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre "
        "mot de passe.",
        503,
    ),
    "inactive": (
        "Ce compte est désactivé",
        "Votre compte de l’espace professionnel a été désactivé. Pour le retrouver, contactez l’administrateur ou "
        "l’administratrice de votre structure, ou l’animation territoriale de votre territoire.",
        403,
    ),
}


def proconnect_failure(request, kind: str):
    """A French page saying why the ProConnect login failed, with a way back to the login page."""
    if kind == "unknown":
        return redirect(settings.PROCONNECT_UNKNOWN_IDENTITY_URL)
    if kind == "locked":
        context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_timedelta": settings.AXES_COOLOFF_TIME}
        return render(request, "registration/locked_out.html", context, status=429)
    title, explanation, status = PROCONNECT_FAILURES[kind]
    context = {"title": title, "explanation": explanation}
    return render(request, "accounts/proconnect_failure.html", context, status=status)


class ProConnectLoginView(OIDCAuthenticationRequestView):
    """The ProConnect button: off to the provider, with a fresh state and nonce kept in the session."""

    def __init__(self, **kwargs):
        # mozilla-django-oidc's reads the endpoint from settings; ours is discovered.
        View.__init__(self, **kwargs)

    def get(self, request):
        if not proconnect.is_enabled():
            raise Http404("ProConnect n’est pas configuré.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = proconnect.provider_configuration().authorization_endpoint
        except proconnect.ProConnectError as error:
            return proconnect_failure(request, error.kind)
        self.OIDC_RP_CLIENT_ID = settings.PROCONNECT_CLIENT_ID
        return super().get(request)

    def get_extra_params(self, request):
        return {"acr_values": settings.PROCONNECT_ACR_VALUES} if settings.PROCONNECT_ACR_VALUES else {}


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    """Where ProConnect sends the person back: every failure ends on a page of ours, never on an error 500."""

    def get(self, request):
        if not proconnect.is_enabled():
            raise Http404("ProConnect n’est pas configuré.")
        states = request.session.get(proconnect.STATES_KEY) or {}
        state = request.GET.get("state", "")
        started = states.get(state)
        if "error" in request.GET or not request.GET.get("code") or not started:
            # A state serves once, even when the login failed.
            if started:
                del states[state]
                request.session.modified = True
            if "error" in request.GET:
                cancelled = request.GET["error"] == "access_denied"
                return proconnect_failure(request, "cancelled" if cancelled else "provider_error")
            return proconnect_failure(request, "expired")
        if time.time() - started.get("added_on", 0) > settings.PROCONNECT_STATE_MAX_AGE_SECONDS:
            del states[state]
            request.session.modified = True
            return proconnect_failure(request, "expired")
        try:
            return super().get(request)
        except proconnect.ProConnectError as error:
            if error.identity is not None:
                error.identity.remember(request.session)
            return proconnect_failure(request, error.kind)

    def login_success(self):
        id_token = self.request.session.get(proconnect.ID_TOKEN_KEY)
        response = super().login_success()
        # Logging in as someone else than the session's previous person empties the session: keep the logout hint.
        self.request.session[proconnect.ID_TOKEN_KEY] = id_token
        proconnect.Identity.forget(self.request.session)
        return response

    def login_failure(self):
        return proconnect_failure(self.request, "refused")

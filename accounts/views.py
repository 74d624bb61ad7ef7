import hashlib
import logging

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponseRedirect

from accounts.forms import ResetPasswordForm
from accounts.tasks import send_password_reset_link
from boussole import ratelimit
from boussole.http import client_address

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

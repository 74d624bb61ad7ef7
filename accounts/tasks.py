from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings


@shared_task(name="accounts.tasks.send_password_reset_link", ignore_result=True)
def send_password_reset_link(email: str) -> None:
    """Queues the reset link in the outbox if an active account has this address; otherwise does nothing."""
    from accounts.forms import ResetPasswordForm

    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.save(domain_override=urlsplit(settings.SITE_URL).netloc)

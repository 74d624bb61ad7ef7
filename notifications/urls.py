from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from notifications import webhooks

app_name = "notifications"

urlpatterns = [
    # Anymail's documented address for Brevo's tracking webhook.
    path("anymail/brevo/tracking/", webhooks.EmailTrackingWebhookView.as_view(), name="email_tracking"),
    path(
        "webhooks/sms/brevo/<str:token>/",
        csrf_exempt(login_not_required(webhooks.sms_delivery_report)),
        name="sms_delivery_report",
    ),
]

from django.urls import path

from notifications import webhooks

app_name = "notifications"

urlpatterns = [
    # Anymail's documented address for Brevo's tracking webhook.
    path("anymail/brevo/tracking/", webhooks.EmailTrackingWebhookView.as_view(), name="email_tracking"),
    path("webhooks/sms/brevo/<str:token>/", webhooks.sms_delivery_report, name="sms_delivery_report"),
]

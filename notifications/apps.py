from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "E-mails et SMS"

    def ready(self):
        from anymail.signals import tracking

        from notifications import checks  # noqa: F401  (registers the checks)
        from notifications.webhooks import record_email_event

        tracking.connect(record_email_event, dispatch_uid="notifications.record_email_event")

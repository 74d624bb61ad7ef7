from django.apps import AppConfig


class ContactRequestsConfig(AppConfig):
    name = "contact_requests"
    verbose_name = "Demandes de contact"

    def ready(self):
        from contact_requests.undelivered import message_undelivered
        from notifications import signals

        signals.message_undelivered.connect(message_undelivered, dispatch_uid="contact_requests.undelivered")

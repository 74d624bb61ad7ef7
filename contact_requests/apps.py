from django.apps import AppConfig


class ContactRequestsConfig(AppConfig):
    name = "contact_requests"
    verbose_name = "Demandes de contact"

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = "Espace professionnel"

    def ready(self):
        from backoffice.request_forms import forget_offer_choices
        from contact_requests.models import ContactRequest, RequestEvent
        from offers.models import Offer

        for model in (ContactRequest, Offer):
            post_save.connect(forget_offer_choices, sender=model)
            post_delete.connect(forget_offer_choices, sender=model)
        post_save.connect(forget_offer_choices, sender=RequestEvent)

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Structures et offres"

    def ready(self):
        from offers.matching import forget_candidates
        from offers.models import Offer, forget_offer_pages
        from organisations.models import CharterSignature, Organisation

        for receiver in (forget_candidates, forget_offer_pages):
            post_save.connect(receiver, sender=Offer)
            post_delete.connect(receiver, sender=Offer)
            for field in ("communes", "epcis", "departments", "territories"):
                m2m_changed.connect(receiver, sender=getattr(Offer, field).through)
        # Result cards and offer pages show the organisation.
        for model in (Organisation, CharterSignature):
            for receiver in (forget_candidates, forget_offer_pages):
                post_save.connect(receiver, sender=model)
                post_delete.connect(receiver, sender=model)

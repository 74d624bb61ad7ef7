from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Structures et offres"

    def ready(self):
        from offers.matching import forget_candidates
        from offers.models import Offer

        post_save.connect(forget_candidates, sender=Offer)
        post_delete.connect(forget_candidates, sender=Offer)
        for field in ("communes", "epcis", "departments", "territories"):
            m2m_changed.connect(forget_candidates, sender=getattr(Offer, field).through)

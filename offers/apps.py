from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Structures et offres"

    def ready(self):
        from offers.matching import forget_candidates
        from offers.models import Offer
        from offers.pages import forget_offer_pages
        from organisations.models import CharterSignature, CharterVersion, Organisation

        # What youths see depends on the offer, its coverage, and whether its organisation reaches youths
        # (active, current charter signed): any change to these makes the cached candidates and pages stale.
        for receiver in (forget_candidates, forget_offer_pages):
            for sender in (Offer, Organisation, CharterVersion, CharterSignature):
                post_save.connect(receiver, sender=sender)
                post_delete.connect(receiver, sender=sender)
            for field in ("communes", "epcis", "departments", "territories"):
                m2m_changed.connect(receiver, sender=getattr(Offer, field).through)

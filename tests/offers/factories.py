import random

import factory
from django.contrib.auth import get_user_model

from offers.enums import OfferStatus
from offers.models import Offer
from organisations.enums import OrganisationKind
from organisations.models import CharterSignature, CharterVersion, Organisation
from territories.models import Commune


def valid_siret(seed: int) -> str:
    """A 14-digit number whose Luhn key is right."""
    body = f"{random.Random(seed).randrange(10**12):012d}1"
    for check in "0123456789":
        total = 0
        for position, digit in enumerate(reversed(body + check)):
            value = int(digit) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return body + check
    raise AssertionError("unreachable: one check digit always fits")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Structure {n}")
    siret = factory.Sequence(valid_siret)
    kind = OrganisationKind.ASSOCIATION
    address = "1 place de l’Hôtel de Ville"
    commune = factory.LazyFunction(lambda: Commune.objects.get(insee_code="51454"))
    email = factory.Sequence(lambda n: f"contact{n}@structure.example.fr")
    phone = "03 26 00 00 00"

    @factory.post_generation
    def territories(self, create, territories, **kwargs):
        if create and territories:
            self.territories.set(territories)

    @factory.post_generation
    def signed_charter(self, create, signed, **kwargs):
        """`signed_charter=True`: the organisation signed the current charter, so its offers reach youths."""
        if create and signed:
            signer = get_user_model().objects.create_user(email=f"signataire-{self.pk}@structure.example.fr")
            charter = CharterVersion.current() or CharterVersion.objects.create(version=1, text="Charte.")
            CharterSignature.objects.create(organisation=self, charter=charter, signed_by=signer)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    # Unless a test says otherwise, an offer's organisation reaches youths.
    organisation = factory.SubFactory(OrganisationFactory, signed_charter=True)
    theme = None
    title = factory.Sequence(lambda n: f"Offre {n:05d}")
    summary = "Un accompagnement pour t’aider."
    description = "Ce que c’est, pour qui, ce que ça apporte."
    how_it_happens = "Un premier rendez-vous, puis un suivi."
    place = "1 place de l’Hôtel de Ville"  # met on site, the default: the address is required
    status = OfferStatus.PUBLISHED
    delay_days = 3

    class Params:
        draft = factory.Trait(status=OfferStatus.DRAFT)
        national = factory.Trait(is_national=True)

    @factory.post_generation
    def communes(self, create, communes, **kwargs):
        if create and communes:
            self.communes.set(communes)

    @factory.post_generation
    def epcis(self, create, epcis, **kwargs):
        if create and epcis:
            self.epcis.set(epcis)

    @factory.post_generation
    def departments(self, create, departments, **kwargs):
        if create and departments:
            self.departments.set(departments)

    @factory.post_generation
    def territories(self, create, territories, **kwargs):
        if create and territories:
            self.territories.set(territories)

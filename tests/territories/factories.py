import factory

from questionnaires.models import Theme
from territories.enums import TerritoryStatus
from territories.models import Commune, Territory


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.Sequence(lambda n: f"territoire-{n}")
    status = TerritoryStatus.OPEN
    contact_email = "boussole@example.org"

    class Params:
        engaged = factory.Trait(status=TerritoryStatus.ENGAGED)
        closed = factory.Trait(status=TerritoryStatus.CLOSED)

    @factory.post_generation
    def communes(self, create, insee_codes, **kwargs):
        if create and insee_codes:
            self.communes.set(Commune.objects.filter(insee_code__in=insee_codes))

    @factory.post_generation
    def themes(self, create, slugs, **kwargs):
        if create:
            self.themes.set(Theme.objects.filter(slug__in=slugs) if slugs else Theme.objects.all())

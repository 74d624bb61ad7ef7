"""The settings of a territory that its animators keep: what youths read about it, and its themes."""

from django import forms

from core.forms import BoussoleForm
from core.templatetags.boussole import pluralize_fr
from offers.models import Offer
from questionnaires.models import Theme
from territories.models import Territory


class TerritorySettingsForm(BoussoleForm, forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes proposés aux jeunes du territoire",
        queryset=Theme.objects.ordered(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Un thème désactivé n’est plus proposé aux jeunes des communes du territoire.",
    )
    website = forms.URLField(
        label="Site internet",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Format attendu : https://www.exemple.fr",
    )
    confirm_theme_removal = forms.BooleanField(
        label="Je désactive quand même ces thèmes : leurs offres ne seront plus visibles des jeunes du territoire",
        required=False,
    )

    class Meta:
        model = Territory
        fields = ["description", "contact_email", "contact_phone", "website", "themes"]
        labels = {
            "description": "Présentation aux jeunes",
            "contact_email": "E-mail de l’animation territoriale",
            "contact_phone": "Téléphone de l’animation territoriale",
        }
        help_texts = {
            "description": "Quelques phrases simples, en tutoyant : qui vous êtes, ce que la Boussole propose ici.",
            "contact_email": "Montré aux jeunes des communes du territoire. Format attendu : nom@domaine.fr",
            "contact_phone": "Montré aux jeunes des communes du territoire.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.removed_themes = []
        self.depending_offers = []

    def clean(self):
        cleaned = super().clean()
        if "themes" not in cleaned or not self.instance.pk:
            return cleaned
        removed = set(self.instance.themes.all()) - set(cleaned["themes"])
        if not removed:
            return cleaned
        self.depending_offers = list(
            Offer.objects.relying_on_themes(self.instance.pk, removed)
            .select_related("organisation", "theme")
            .order_by("theme__order", "title")
        )
        if self.depending_offers and not cleaned.get("confirm_theme_removal"):
            count = len(self.depending_offers)
            names = ", ".join(sorted({offer.theme.name for offer in self.depending_offers}))
            offers = f"{count} offre{pluralize_fr(count)} publiée{pluralize_fr(count)}"
            self.add_error(
                "themes",
                f"Les jeunes du territoire voient aujourd’hui {offers} de ces thèmes ({names}) : "
                "ils ne les verront plus. Cochez la case de confirmation pour désactiver quand même.",
            )
        return cleaned

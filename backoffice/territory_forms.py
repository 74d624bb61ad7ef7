"""The settings of a territory that its animators keep: what youths read about it, and its themes; the filter of
its organisations' directory."""

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
        label="Je désactive quand même ces thèmes : leurs offres locales ne seront plus visibles des jeunes du "
        "territoire",
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
        # National offers keep their theme open to every youth, whatever the territory's themes.
        self.national_offers: dict[Theme, list[Offer]] = {}
        offers = Offer.objects.live().national().select_related("theme", "organisation")
        for offer in offers.order_by("theme__order", "theme__name", "title"):
            self.national_offers.setdefault(offer.theme, []).append(offer)
        if self.national_offers:
            kept = " ".join(
                f"{theme.name} : {self._national_in_words(theme)} ; décoché, il reste proposé."
                for theme in self.national_offers
            )
            # The bound field, already made by the DSFR form, keeps its own copy of the help text.
            self.fields["themes"].help_text = self["themes"].help_text = f"{self.fields['themes'].help_text} {kept}"

    def _national_in_words(self, theme) -> str:
        """ "1 offre nationale (Eurodesk)": what keeps the theme open to youths whatever the territory's themes."""
        offers = self.national_offers[theme]
        names = ", ".join(sorted({offer.organisation.name for offer in offers}))
        return f"{len(offers)} offre{pluralize_fr(len(offers))} nationale{pluralize_fr(len(offers))} ({names})"

    def still_visible(self, themes) -> list[str]:
        """What youths keep seeing of these themes once switched off: the national offers of each."""
        return [
            f"{theme.name} restera visible : {self._national_in_words(theme)}"
            for theme in themes
            if theme in self.national_offers
        ]

    def clean(self):
        cleaned = super().clean()
        if "themes" not in cleaned or not self.instance.pk:
            return cleaned
        removed = set(self.instance.themes.all()) - set(cleaned["themes"])
        if not removed:
            return cleaned
        self.removed_themes = sorted(removed, key=lambda theme: (theme.order, theme.name))
        self.depending_offers = list(
            Offer.objects.relying_on_themes(self.instance.pk, removed)
            .select_related("organisation", "theme")
            .order_by("theme__order", "title")
        )
        if cleaned.get("confirm_theme_removal"):
            return cleaned
        if self.depending_offers:
            count = len(self.depending_offers)
            names = ", ".join(sorted({offer.theme.name for offer in self.depending_offers}))
            offers = f"{count} offre{pluralize_fr(count)} publiée{pluralize_fr(count)}"
            self.add_error(
                "themes",
                f"Les jeunes du territoire voient aujourd’hui {offers} de ces thèmes ({names}) : "
                "ils ne les verront plus. Cochez la case de confirmation pour désactiver quand même.",
            )
        if still_visible := self.still_visible(self.removed_themes):
            self.add_error(
                "themes",
                " ".join(f"{line}." for line in still_visible)
                + " Les jeunes du territoire continueront de choisir ce thème et d’y trouver les offres nationales. "
                "Cochez la case de confirmation pour désactiver quand même les offres locales.",
            )
        return cleaned

    def themes_in_words(self) -> str:
        """The themes youths of the territory may choose once saved, those kept by national offers alone said so."""
        active = list(self.instance.themes.all())
        kept = [theme for theme in self.national_offers if theme not in active]
        themes = sorted(active + kept, key=lambda theme: (theme.order, theme.name))
        return ", ".join(
            f"{theme.name} (offres nationales seulement)" if theme in kept else theme.name for theme in themes
        )


class OrganisationFilterForm(forms.Form):
    """The directory of the territory's organisations: all of them, or those that have not signed the charter."""

    charte = forms.ChoiceField(choices=[("non", "sans charte signée")], required=False)

    def __init__(self, data):
        super().__init__(data=data)
        self.full_clean()  # `cleaned_data` keeps the fields that make sense, whatever the others say

    @property
    def unsigned_only(self) -> bool:
        return self.cleaned_data.get("charte") == "non"

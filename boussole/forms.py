from django import forms
from dsfr.forms import DsfrBaseForm


class BoussoleForm(DsfrBaseForm):
    """DSFR markup for our forms, marking optional fields rather than required ones, as the DSFR now recommends.

    Mix it first with a ModelForm or a Django form class: `class OfferForm(BoussoleForm, forms.ModelForm)`.
    """

    def get_context(self):
        # Skips DsfrBaseForm.get_context, which only warns about the transition that this form already follows.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context

from django import forms
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

# django-dsfr gives each form a new renderer, hence a new template engine that parses every widget template again:
# one shared renderer keeps its parsed templates for the life of the process.
DSFR_RENDERER = DsfrDjangoTemplates()


class BoussoleForm(DsfrBaseForm):
    """DSFR markup for our forms, marking optional fields rather than required ones, as the DSFR now recommends.

    Mix it first with a ModelForm or a Django form class: `class OfferForm(BoussoleForm, forms.ModelForm)`.
    """

    default_renderer = DSFR_RENDERER

    def get_context(self):
        # Skips DsfrBaseForm.get_context, which only warns about the transition that this form already follows.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context

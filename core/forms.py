from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates


class ProjectDsfrTemplates(DsfrDjangoTemplates):
    """The DSFR form templates, and the project's own field templates (`templates/`) beside them."""

    @cached_property
    def engine(self):
        engine = super().engine
        engine.engine.dirs = [*engine.engine.dirs, settings.BASE_DIR / "templates"]
        return engine


class ProjectTemplates(DjangoTemplates):
    """Django's form templates, and the project's own (`templates/`) before those of the apps: the site's
    administration draws a label on each input of its date and time fields (`admin/widgets/split_datetime.html`)."""

    @cached_property
    def engine(self):
        engine = super().engine
        engine.engine.dirs = [*engine.engine.dirs, settings.BASE_DIR / "templates"]
        return engine


# What the title of a page shown again with errors starts with.
ERROR_TITLE = "Erreur : "

# django-dsfr gives each form a new renderer, hence a new template engine that parses every widget template again:
# one shared renderer keeps its parsed templates for the life of the process.
DSFR_RENDERER = ProjectDsfrTemplates()


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

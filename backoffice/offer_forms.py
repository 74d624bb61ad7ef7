"""The offer form of the professional space: what, where, for whom, in words any professional understands."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from dsfr.utils import dsfr_input_class_attr

from backoffice.plain_language import advice
from core.forms import BoussoleForm
from offers import revisions
from offers.models import Offer
from organisations.models import Organisation
from questionnaires.enums import MAX_AGE, MIN_AGE, QuestionKind
from questionnaires.journey import questionnaire_for
from questionnaires.models import Question, Theme
from territories import working_days
from territories.forms import CommunesField
from territories.models import Commune, Department, Epci, Territory

CRITERION_PREFIX = "criterion_"
# The hidden input naming the theme whose questions the page showed: criteria are only saved once they were seen.
SHOWN_THEME = "shown_theme"
# The button that shows the questions of the theme chosen in the list, without saving.
SHOW_QUESTIONS = "show_questions"
COVERAGE_FIELDS = ("territories", "departments", "epcis", "communes")
TEXT_FIELDS = ("title", "summary", "description", "how_it_happens")


class OfferForm(BoussoleForm, forms.ModelForm):
    """An offer with, for each question of its theme's questionnaire, the answers it accepts (none ticked: all)."""

    delay_days = forms.TypedChoiceField(
        label="Délai pour contacter le ou la jeune",
        help_text="En jours ouvrés (du lundi au vendredi, hors jours fériés) après sa demande. "
        "Ce délai est affiché au jeune : votre structure s’engage à le tenir.",
        choices=[(days, working_days.in_words(days)) for days in range(1, 8)],
        coerce=int,
        initial=3,
    )
    communes = CommunesField(
        label="Communes",
        required=False,
        help_text="Une commune par ligne : son nom ou son code INSEE, par exemple « Reims » ou « 51454 ». "
        "Si plusieurs communes ont le même nom, ajoutez le département : « Saint-Denis (93) ».",
    )

    class Meta:
        model = Offer
        # The criteria are asked question by question (`CRITERION_PREFIX` fields).
        fields = [name for name in revisions.EDITABLE_FIELDS if name != "criteria"]
        labels = {
            "theme": "Thème",
            "title": "Titre de l’offre",
            "summary": "L’offre en une phrase",
            "description": "C’est quoi ?",
            "how_it_happens": "Comment ça se passe ?",
            "format": "Le rendez-vous a lieu",
            "place": "Adresse du rendez-vous",
            "territories": "Tout le territoire",
            "departments": "Des départements entiers",
            "epcis": "Des intercommunalités entières",
            "age_min": "Âge minimum",
            "age_max": "Âge maximum",
            "valid_from": "Visible à partir du",
            "valid_until": "Visible jusqu’au",
            "alert_emails": "Qui reçoit les demandes de cette offre",
        }
        help_texts = {
            "theme": "La rubrique où les jeunes trouveront l’offre. Les questions de « Pour qui ? » en dépendent.",
            "title": "Court et concret, par exemple « Trouver un job d’été » ou « Une aide pour payer ton permis ».",
            "summary": "Ce que le ou la jeune y gagne. Le site tutoie les jeunes : écrivez « tu ».",
            "description": "Ce que c’est et ce que ça apporte, en phrases courtes, sans sigle : "
            "un ou une jeune de 15 ans doit tout comprendre.",
            "how_it_happens": "Les étapes, la durée, ce qu’il faut apporter, si c’est gratuit.",
            "place": "Obligatoire pour un rendez-vous sur place. Laissez vide s’il a lieu à distance.",
            "territories": "Les territoires de la Boussole dont votre structure fait partie.",
            "departments": "Les départements de vos territoires.",
            "epcis": "Communautés de communes, d’agglomération, métropoles de vos territoires.",
            "age_min": f"De {MIN_AGE} à {MAX_AGE} ans.",
            "age_max": f"De {MIN_AGE} à {MAX_AGE} ans.",
            "valid_from": "Laissez vide pour une offre visible dès sa validation.",
            "valid_until": "Laissez vide si l’offre n’a pas de date de fin.",
            "alert_emails": "Une adresse e-mail par ligne, par exemple celle de l’équipe qui traite cette offre. "
            "Laissez vide pour l’adresse de votre structure (à défaut, ses membres).",
        }
        widgets = {
            "summary": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "how_it_happens": forms.Textarea(attrs={"rows": 5}),
            "alert_emails": forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
            "format": forms.RadioSelect(),
            "territories": forms.CheckboxSelectMultiple(),
            "departments": forms.CheckboxSelectMultiple(),
            "epcis": forms.CheckboxSelectMultiple(),
            "age_min": forms.NumberInput(attrs={"inputmode": "numeric", "min": MIN_AGE, "max": MAX_AGE}),
            "age_max": forms.NumberInput(attrs={"inputmode": "numeric", "min": MIN_AGE, "max": MAX_AGE}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organisation: Organisation, pending: dict | None = None, **kwargs):
        """`pending`: the change of a published offer waiting for validation, shown instead of the live values."""
        if pending:
            kwargs["initial"] = {**self._initial_from(pending), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if self.instance.pk is None:
            self.instance.organisation = organisation
        self.fields["theme"].queryset = Theme.objects.ordered()
        self.fields["theme"].empty_label = "Choisissez un thème"
        self._limit_coverage_choices()
        self.criteria_theme = self._theme_for_criteria()
        self.questions = self._criteria_questions()
        criteria = (pending or {}).get("criteria", self.instance.criteria)
        for question in self.questions:
            self.fields[CRITERION_PREFIX + question.key] = self._criterion_field(question)
            self.initial.setdefault(CRITERION_PREFIX + question.key, criteria.get(question.key, []))
        self.shows_other_theme = False
        # DsfrBaseForm styles the fields that exist when it initialises: style the criteria too.
        for bound_field in self.visible_fields():
            dsfr_input_class_attr(bound_field)

    @staticmethod
    def _initial_from(pending: dict) -> dict:
        initial = dict(pending)
        if "communes" in pending:
            initial["communes"] = list(Commune.objects.filter(pk__in=pending["communes"]))
        for name in revisions.DATES:
            if pending.get(name):
                initial[name] = datetime.date.fromisoformat(pending[name])
        return initial

    def _limit_coverage_choices(self):
        """The places of the organisation's territories, and those the offer already covers."""
        organisation, offer = self.organisation, self.instance
        own_communes = Commune.objects.filter(
            Q(territories__organisations=organisation) | Q(organisations=organisation)
        )
        choices = {
            "territories": Territory.objects.filter(organisations=organisation),
            "departments": Department.objects.filter(pk__in=own_communes.values("department_id")),
            "epcis": Epci.objects.filter(pk__in=own_communes.values("epci_id")),
        }
        for name, queryset in choices.items():
            if offer.pk:
                queryset = queryset.model.objects.filter(
                    Q(pk__in=queryset.values("pk")) | Q(pk__in=getattr(offer, name).values("pk"))
                )
            if queryset.exists():
                self.fields[name].queryset = queryset
            else:
                del self.fields[name]

    def _theme_for_criteria(self) -> Theme | None:
        """The theme whose questions the form asks: the one chosen in the form, else the offer's."""
        value = self.data.get(self.add_prefix("theme")) if self.is_bound else self.initial.get("theme")
        try:
            return self.fields["theme"].to_python(value)
        except ValidationError:
            return None

    def _criteria_questions(self) -> list[Question]:
        if self.criteria_theme is None:
            return []
        questions = questionnaire_for(self.criteria_theme).questions
        return [question for question in questions if question.kind != QuestionKind.AGE]

    @staticmethod
    def _criterion_field(question: Question) -> forms.MultipleChoiceField:
        help_text = "Ne cochez rien si l’offre convient à toutes les réponses."
        if question.condition_question_id:
            asked_to = ", ".join(choice.reason for choice in question.condition_choices.all())
            help_text += (
                f" Cette question n’est posée qu’aux jeunes {asked_to} : les autres ne sont pas écartés par ce critère."
            )
        return forms.MultipleChoiceField(
            label=f"{question.criterion_label} : « {question.text} »",
            help_text=help_text,
            required=False,
            choices=[(choice.key, choice.label) for choice in question.choices.all()],
            widget=forms.CheckboxSelectMultiple(),
        )

    @property
    def coverage_fields(self):
        return [self[name] for name in COVERAGE_FIELDS if name in self.fields]

    @property
    def criteria_fields(self):
        return [self[CRITERION_PREFIX + question.key] for question in self.questions]

    @property
    def plain_language_advice(self) -> dict[str, list[str]]:
        """Per text the youth reads, what to write more simply (from what was typed, or what is saved)."""
        return {name: advice(str(self[name].value() or "")) for name in TEXT_FIELDS}

    def wants_theme_questions(self) -> bool:
        """The professional asked for the questions of another theme: show them before saving anything."""
        if not self.is_bound:
            return False
        if SHOW_QUESTIONS in self.data:
            return True
        shown = self.data.get(SHOWN_THEME, "")
        return self.criteria_theme is not None and str(self.criteria_theme.pk) != shown

    def with_theme_questions(self) -> "OfferForm":
        """The same form, unsaved and without error messages, asking the questions of the theme chosen."""
        form = OfferForm(
            organisation=self.organisation,
            instance=self.instance,
            initial={"theme": self.criteria_theme.pk if self.criteria_theme else None},
        )
        for name, field in form.fields.items():
            form.initial[name] = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        form.shows_other_theme = True
        return form

    def clean(self):
        cleaned_data = super().clean()
        # Offer.clean (run by the model form's full_clean) checks these against the questionnaire.
        self.instance.criteria = {
            question.key: cleaned_data[CRITERION_PREFIX + question.key]
            for question in self.questions
            if cleaned_data.get(CRITERION_PREFIX + question.key)
        }
        covered = any(cleaned_data.get(name) for name in COVERAGE_FIELDS)
        if not (covered or self.instance.is_national or "communes" in self.errors):
            self.add_error(
                "communes",
                "Indiquez où habitent les jeunes concernés : cochez un territoire, un département, "
                "une intercommunalité, ou écrivez au moins une commune.",
            )
        return cleaned_data

    def proposed_values(self) -> dict:
        """The offer as the professional wants it, for a change to a published offer (see `Offer.propose_changes`)."""
        return {**self.cleaned_data, "criteria": self.instance.criteria}

    def save(self, *, by):
        """Saves an offer youths do not see (draft, submitted, archived), with its coverage (`Offer.save_edit`)."""
        offer = super().save(commit=False)
        offer.save_edit(by=by, save_related=self.save_m2m)
        return offer


class SendBackForm(BoussoleForm):
    comment = forms.CharField(
        label="Commentaire pour la structure",
        help_text="Ce qui est à reprendre, en quelques phrases. Il est envoyé par e-mail aux administrateurs de la "
        "structure et reste dans l’historique de l’offre.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez à la structure ce qui est à reprendre : ce commentaire est obligatoire."},
    )

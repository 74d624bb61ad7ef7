from django import forms
from dsfr.utils import dsfr_input_class_attr

from core.forms import BoussoleForm
from questionnaires.enums import MAX_AGE, MIN_AGE, QuestionKind
from questionnaires.models import Question

AGE_MESSAGE = "Écris ton âge en chiffres, par exemple 19."
# Any age a person may have: outside the service's range, the youth is told where to go, not that the age is wrong.
POSSIBLE_AGES = (1, 120)


class StepForm(BoussoleForm):
    """The questions of one step, prefilled with the answers already given."""

    def __init__(self, *args, questions: list[Question], answers: dict, **kwargs):
        super().__init__(*args, initial={q.key: answers[q.key] for q in questions if q.key in answers}, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.key] = self._field(question)
        # DsfrBaseForm styles the fields that exist when it initialises: style ours too.
        for bound_field in self.visible_fields():
            dsfr_input_class_attr(bound_field)

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(id of the field to go to, question, its first error) for each question in error: the summary that the
        page shows first, and moves the focus to."""
        summary = []
        for bound_field in self:
            if bound_field.errors:
                # A group of radio buttons or checkboxes is reached through its first one.
                first = (
                    "_0"
                    if isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
                    else ""
                )
                summary.append((bound_field.auto_id + first, bound_field.label, bound_field.errors[0]))
        return summary

    def age_outside_service(self) -> int | None:
        """The age given, when the Boussole is not for someone that age (it is for 15 to 30 year-olds)."""
        age_keys = [question.key for question in self.questions if question.kind == QuestionKind.AGE]
        age = self.cleaned_data.get(age_keys[0]) if age_keys and hasattr(self, "cleaned_data") else None
        if age is not None and not MIN_AGE <= age <= MAX_AGE:
            return age
        return None

    @staticmethod
    def _field(question: Question):
        common = {"label": question.text, "help_text": question.help_text}
        if question.kind == QuestionKind.AGE:
            return forms.IntegerField(
                min_value=POSSIBLE_AGES[0],
                max_value=POSSIBLE_AGES[1],
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                error_messages={
                    "required": "Indique ton âge pour continuer.",
                    "invalid": AGE_MESSAGE,
                    "min_value": AGE_MESSAGE,
                    "max_value": AGE_MESSAGE,
                },
                **common,
            )
        choices = [(choice.key, choice.label) for choice in question.choices.all()]
        if question.kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": "Coche au moins une réponse pour continuer.",
                    "invalid_choice": "Cette réponse n’est pas dans la liste : coche une des réponses proposées.",
                },
                **common,
            )
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choisis une réponse pour continuer.",
                "invalid_choice": "Cette réponse n’est pas dans la liste : choisis une des réponses proposées.",
            },
            **common,
        )

from django import forms
from django.contrib import admin

from questionnaires.models import Choice, Question, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "summary"]
    prepopulated_fields = {"slug": ["name"]}


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["order", "key", "label", "reason", "urgent_need"]


class ConditionChoicesField(forms.ModelMultipleChoiceField):
    """Answers named with their question: « Tu as quel diplôme ? — Un CAP ou un BEP »."""

    def label_from_instance(self, choice):
        return f"{choice.question.text} — {choice.label}"


class QuestionAdminForm(forms.ModelForm):
    condition_choices = ConditionChoicesField(
        label="a reçu une de ces réponses",
        queryset=Choice.objects.select_related("question").order_by("question__step", "question__order", "order"),
        required=False,
        widget=admin.widgets.FilteredSelectMultiple("réponses", is_stacked=False),
    )

    class Meta:
        model = Question
        fields = [
            "theme",
            "step",
            "order",
            "key",
            "kind",
            "text",
            "help_text",
            "criterion_label",
            "condition_question",
            "condition_choices",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        theme_id = self.instance.theme_id or self.initial.get("theme")
        if theme_id:
            field = self.fields["condition_choices"]
            field.queryset = field.queryset.filter(question__theme=theme_id)

    def clean(self):
        cleaned = super().clean()
        question, choices = cleaned.get("condition_question"), cleaned.get("condition_choices") or []
        if choices and question is None:
            self.add_error("condition_choices", "Choisissez d’abord la question dont dépend celle-ci.")
        elif question is not None:
            foreign = [choice for choice in choices if choice.question_id != question.pk]
            if foreign:
                labels = ", ".join(f"« {choice.label} » ({choice.question.text})" for choice in foreign)
                self.add_error(
                    "condition_choices",
                    f"Ces réponses ne sont pas des réponses de « {question.text} » : {labels}.",
                )
            elif not choices:
                self.add_error("condition_choices", f"Choisissez au moins une réponse de « {question.text} ».")
        return cleaned


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = ["text", "theme", "step", "order", "key", "kind", "condition_question"]
    list_filter = ["theme", "kind"]
    list_select_related = ["theme", "condition_question"]
    search_fields = ["text", "key"]
    inlines = [ChoiceInline]
    autocomplete_fields = ["condition_question"]
    fields = QuestionAdminForm.Meta.fields

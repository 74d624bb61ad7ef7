from django.contrib import admin

from questionnaires.models import Choice, Question, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "summary"]
    prepopulated_fields = {"slug": ["name"]}


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["order", "key", "label", "reason"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "theme", "step", "order", "key", "kind", "condition_question"]
    list_filter = ["theme", "kind"]
    list_select_related = ["theme", "condition_question"]
    search_fields = ["text", "key"]
    inlines = [ChoiceInline]
    autocomplete_fields = ["condition_question"]
    filter_horizontal = ["condition_choices"]
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

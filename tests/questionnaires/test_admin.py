"""The condition of a question, picked in the admin: answers named with their question, and only theirs."""

import pytest
from django.urls import reverse

from questionnaires.models import Question

pytestmark = pytest.mark.django_db


def change_data(question, **changes):
    data = {
        "theme": question.theme_id,
        "step": question.step,
        "order": question.order,
        "key": question.key,
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "criterion_label": question.criterion_label,
        "condition_question": question.condition_question_id or "",
        "condition_choices": [choice.pk for choice in question.condition_choices.all()],
        "choices-TOTAL_FORMS": 0,
        "choices-INITIAL_FORMS": 0,
    }
    return {**data, **changes}


def conditional_question():
    return Question.objects.filter(condition_question__isnull=False).select_related("condition_question").first()


def test_the_condition_picker_names_each_answer_with_its_question(admin_client):
    question = conditional_question()
    choice = question.condition_question.choices.first()

    html = admin_client.get(reverse("admin:questionnaires_question_change", args=[question.pk])).content.decode()

    assert f"{question.condition_question.text} — {choice.label}" in html.replace("&#x27;", "'").replace("&quot;", '"')


def test_answers_of_another_question_are_refused(admin_client):
    question = conditional_question()
    other = question.theme.questions.exclude(pk=question.condition_question_id).filter(choices__isnull=False).first()
    foreign = other.choices.first()

    response = admin_client.post(
        reverse("admin:questionnaires_question_change", args=[question.pk]),
        change_data(question, condition_choices=[foreign.pk]),
    )

    assert response.status_code == 200
    assert "ne sont pas des réponses de" in response.content.decode()
    assert foreign not in question.condition_choices.all()

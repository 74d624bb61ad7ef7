import importlib
import re

import pytest
from django.apps import apps

from questionnaires.enums import QuestionKind
from questionnaires.models import Choice, Question, Theme

THEME_SLUGS = ["emploi", "formation", "logement", "sante", "mobilite-internationale"]

# The keys offers' criteria refer to: renaming one silently breaks the offers that use it.
CHOICE_KEYS = {
    "age": [],
    "situation": ["school", "student", "apprentice", "employed", "job_seeker", "neither"],
    "diploma": ["none", "cap_bep", "bac", "bac_2", "bac_3_plus"],
    "driving_licence": ["yes", "in_progress", "no"],
    "disability": ["rqth", "no", "dont_know"],
    "knows_goal": ["yes", "kind_of", "no"],
    "housing": ["parents", "own", "shared", "hosted", "homeless"],
    "followed_by": ["mission_locale", "france_travail", "other", "nobody"],
    "looking_for": ["job", "apprenticeship", "internship", "summer_job", "first_job_help"],
    "training_goal": ["back_to_school", "vocational", "apprenticeship", "skills_assessment", "funding"],
    "housing_need": ["find_housing", "emergency", "pay_rent", "move_in_costs", "furniture"],
    "health_need": ["in_danger", "see_doctor", "talk_to_someone", "health_insurance", "sexual_health", "addiction"],
    "mobility_goal": ["study", "work", "volunteer", "internship"],
    "languages": ["none", "basic", "good"],
}
THEME_SPECIFIC_KEYS = {
    "emploi": "looking_for",
    "formation": "training_goal",
    "logement": "housing_need",
    "sante": "health_need",
    "mobilite-internationale": "mobility_goal",
}
ADDRESSES_THE_YOUTH = re.compile(r"\b(tu|ton|ta|tes|te|toi)\b|\bt’", re.IGNORECASE)
VOUS = re.compile(r"\b(vous|votre|vos)\b", re.IGNORECASE)


def questionnaire(slug):
    return list(Question.objects.filter(theme__slug=slug).with_choices().order_by("step", "order"))


@pytest.mark.django_db
@pytest.mark.parametrize("slug", THEME_SLUGS)
def test_each_theme_asks_age_first_then_3_to_8_questions_in_2_to_4_steps(slug):
    questions = questionnaire(slug)

    assert 3 <= len(questions) <= 8
    assert (questions[0].key, questions[0].kind, questions[0].step) == ("age", QuestionKind.AGE, 1)
    assert questions[1].key == "situation"
    assert 2 <= len({question.step for question in questions}) <= 4
    assert THEME_SPECIFIC_KEYS[slug] in {question.key for question in questions}


@pytest.mark.django_db
@pytest.mark.parametrize("slug", THEME_SLUGS)
def test_questions_use_the_shared_keys_and_every_choice_has_a_reason(slug):
    questions = questionnaire(slug)

    keys = [question.key for question in questions]
    assert len(keys) == len(set(keys))
    for question in questions:
        assert question.criterion_label
        choices = list(question.choices.all())
        assert [choice.key for choice in choices] == CHOICE_KEYS[question.key], question.key
        if question.kind == QuestionKind.AGE:
            continue
        assert question.kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE}
        assert len(choices) >= 2
        assert all(choice.label.strip() and choice.reason.strip() for choice in choices), question.key


@pytest.mark.django_db
def test_a_shared_key_is_the_same_question_in_every_theme():
    for key in CHOICE_KEYS:
        versions = {
            (question.kind, question.text, tuple((choice.key, choice.reason) for choice in question.choices.all()))
            for question in Question.objects.filter(theme__slug__in=THEME_SLUGS, key=key).prefetch_related("choices")
        }
        assert len(versions) == 1, key


@pytest.mark.django_db
def test_conditions_point_to_an_earlier_step_of_the_same_theme():
    conditional = Question.objects.filter(condition_question__isnull=False).with_choices()

    assert {question.theme.slug for question in conditional} >= {"emploi", "formation", "logement"}
    for question in conditional:
        question.full_clean()
        assert question.condition_question.theme_id == question.theme_id
        assert question.condition_question.step < question.step
        accepted = list(question.condition_choices.all())
        assert accepted
        assert {choice.question_id for choice in accepted} == {question.condition_question_id}


@pytest.mark.django_db
def test_conditions_skip_questions_that_do_not_apply():
    emploi = {question.key: question for question in questionnaire("emploi")}
    formation = {question.key: question for question in questionnaire("formation")}

    assert emploi["diploma"].is_asked({"situation": "job_seeker"})
    assert not emploi["diploma"].is_asked({"situation": "school"})
    assert formation["knows_goal"].is_asked({"situation": "neither"})
    assert not formation["knows_goal"].is_asked({"situation": "student"})


@pytest.mark.django_db
def test_every_text_the_youth_reads_says_tu_and_never_vous():
    questions = Question.objects.filter(theme__slug__in=THEME_SLUGS).prefetch_related("choices")

    for question in questions:
        assert ADDRESSES_THE_YOUTH.search(question.text), question.text
        texts = [question.text, question.help_text] + [choice.label for choice in question.choices.all()]
        for text in texts:
            assert not VOUS.search(text), text


@pytest.mark.django_db
def test_the_data_migrations_are_idempotent_and_reversible():
    migration = importlib.import_module("questionnaires.migrations.0004_questionnaires")
    urgent_needs = importlib.import_module("questionnaires.migrations.0006_choice_urgent_need")
    themes = Theme.objects.filter(slug__in=THEME_SLUGS)

    def snapshot():
        return sorted(
            Choice.objects.filter(question__theme__in=themes).values_list(
                "question__theme__slug", "question__key", "question__step", "key", "label", "order", "urgent_need"
            )
        )

    before = snapshot()
    migration.create_questionnaires(apps, schema_editor=None)
    urgent_needs.mark_urgent_needs(apps, schema_editor=None)
    assert snapshot() == before

    migration.delete_questionnaires(apps, schema_editor=None)
    assert not Question.objects.filter(theme__in=themes).exists()

    migration.create_questionnaires(apps, schema_editor=None)
    urgent_needs.mark_urgent_needs(apps, schema_editor=None)
    assert snapshot() == before
    assert Question.objects.filter(condition_question__isnull=False).count() >= 3

"""A theme's questionnaire as a youth goes through it: steps, conditions, and what is still missing."""

from dataclasses import dataclass

from core.cache import cache_bump, current_version
from questionnaires.enums import QuestionKind
from questionnaires.models import Question


@dataclass
class Questionnaire:
    """The questions of one theme (loaded once, with their choices), read against the answers given so far."""

    questions: list[Question]

    def asked(self, answers: dict) -> list[Question]:
        """The questions that apply, in order: a question whose condition is not met is skipped."""
        asked, seen = [], {}
        for question in self.questions:
            if question.is_asked(seen):
                asked.append(question)
                if question.key in answers:
                    seen[question.key] = answers[question.key]
        return asked

    def steps(self, answers: dict) -> list[int]:
        return sorted({question.step for question in self.asked(answers)})

    def step_questions(self, step: int, answers: dict) -> list[Question]:
        return [question for question in self.asked(answers) if question.step == step]

    def step_title(self, step: int, answers: dict) -> str:
        """ "Âge, situation": what the step asks about."""
        labels = [question.criterion_label for question in self.step_questions(step, answers)]
        return ", ".join([labels[0], *(label[0].lower() + label[1:] for label in labels[1:])]) if labels else ""

    def first_missing_step(self, answers: dict) -> int | None:
        for question in self.asked(answers):
            if question.key not in answers:
                return question.step
        return None

    def relevant_answers(self, answers: dict) -> dict:
        """The answers to the questions this questionnaire asks, given those answers."""
        return {question.key: answers[question.key] for question in self.asked(answers) if question.key in answers}

    def has_urgent_need(self, answers: dict) -> bool:
        return has_urgent_need(self.asked(answers), answers)

    def urgent_needs(self, answers: dict) -> set[str]:
        return urgent_needs(self.asked(answers), answers)

    def describe(self, answers: dict) -> list[tuple[str, str]]:
        """(criterion, answer in plain words) for each answered question."""
        return [
            (question.criterion_label, question.describe(answers[question.key]))
            for question in self.asked(answers)
            if question.key in answers
        ]


def has_urgent_need(questions: list[Question], answers: dict) -> bool:
    """Whether one of the answers is an urgent need (no place to sleep tonight, danger, health emergency)."""
    return bool(urgent_needs(questions, answers))


def urgent_needs(questions: list[Question], answers: dict) -> set[str]:
    """The urgent needs (`core.helplines.UrgentNeed`) that the answers express."""
    needs = set()
    for question in questions:
        given = answers.get(question.key)
        if given is None or question.kind == QuestionKind.AGE:
            continue
        keys = set(given) if isinstance(given, list) else {given}
        needs |= {choice.urgent_need for choice in question.choices.all() if choice.key in keys and choice.is_urgent}
    return needs


def urgent_choices(questions: list[Question]) -> dict[str, set[str]]:
    """Per question, the keys of its urgent answers: those that never exclude an offer."""
    return {
        question.key: {choice.key for choice in question.choices.all() if choice.is_urgent} for question in questions
    }


def needs_answerable(questions: list[Question]) -> set[str]:
    """The urgent needs that one of these questions lets the youth express: the step shows their numbers."""
    return {choice.urgent_need for question in questions for choice in question.choices.all() if choice.is_urgent}


def answer_value(question: Question, cleaned):
    """What the session keeps for an answer: an int, a choice key, or a list of choice keys."""
    if question.kind == QuestionKind.MULTIPLE:
        return list(cleaned)
    return cleaned


QUESTIONNAIRE_CACHE_VERSION_KEY = "questionnaires:version"
# Where the youth's answers wait in the session, from the questionnaire to the contact request.
ANSWERS_SESSION_KEY = "answers"
# Questionnaires are read on every step and results page and change a few times a year: each process keeps the
# current version in memory; the shared cache only holds the version number, bumped on any change.
_loaded: dict = {"version": None, "themes": None, "questions": {}}


def _current():
    version = current_version(QUESTIONNAIRE_CACHE_VERSION_KEY)
    if version is None or _loaded["version"] != version:
        _loaded.update(version=version, themes=None, questions={})
    return _loaded


def questionnaire_for(theme) -> Questionnaire:
    """The theme's questionnaire, kept until a theme, question or choice changes (see `forget_questionnaires`)."""
    loaded = _current()
    if theme.pk not in loaded["questions"]:
        loaded["questions"][theme.pk] = list(theme.questions.with_choices())
    return Questionnaire(loaded["questions"][theme.pk])


def _themes() -> dict:
    from questionnaires.models import Theme

    loaded = _current()
    if loaded["themes"] is None:
        loaded["themes"] = {theme.slug: theme for theme in Theme.objects.ordered()}
    return loaded["themes"]


def theme_by_slug(slug: str):
    """A theme, kept in memory like the questionnaires; None if there is no such theme."""
    return _themes().get(slug)


def themes_among(pks) -> list:
    """These themes, in their order, kept in memory like the questionnaires."""
    pks = set(pks)
    return [theme for theme in _themes().values() if theme.pk in pks]


def forget_questionnaires(**kwargs):
    _loaded["version"] = None
    cache_bump(QUESTIONNAIRE_CACHE_VERSION_KEY)

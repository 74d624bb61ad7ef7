"""The youth journey after the commune: theme questionnaire step by step, results, offer page."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from offers.enums import OrganisationKind
from offers.matching import match_offers, open_territories_for
from offers.models import Offer, Organisation, SearchLog
from questionnaires.forms import StepForm
from questionnaires.journey import Questionnaire, answer_value
from questionnaires.models import Theme
from territories.models import Commune

RESULTS_PER_PAGE = 20
ANSWERS_SESSION_KEY = "answers"


def _journey(insee_code, theme_slug):
    """The commune and the theme, when the theme is open there; a 404 otherwise."""
    commune = get_object_or_404(Commune.objects.select_related("department"), insee_code=insee_code)
    theme = get_object_or_404(Theme, slug=theme_slug)
    if not open_territories_for(commune, theme).exists():
        raise Http404("Ce thème n’est pas ouvert dans cette commune.")
    return commune, theme, Questionnaire(list(theme.questions.with_choices()))


def _step_url(commune, theme, step):
    return reverse("offers:step", kwargs={"insee_code": commune.insee_code, "theme_slug": theme.slug, "step": step})


def _results_url(commune, theme):
    return reverse("offers:results", kwargs={"insee_code": commune.insee_code, "theme_slug": theme.slug})


@login_not_required
@require_safe
def start(request, insee_code, theme_slug):
    commune, theme, questionnaire = _journey(insee_code, theme_slug)
    return redirect(_step_url(commune, theme, questionnaire.steps({})[0]))


@login_not_required
@require_http_methods(["GET", "POST"])
def step(request, insee_code, theme_slug, step):
    commune, theme, questionnaire = _journey(insee_code, theme_slug)
    answers = request.session.get(ANSWERS_SESSION_KEY, {})
    steps = questionnaire.steps(answers)
    missing = questionnaire.first_missing_step(answers)
    if step not in steps or (missing is not None and step > missing):
        # A step that does not apply (any more), or one reached before the previous ones were answered.
        return redirect(_step_url(commune, theme, missing or steps[0]))
    questions = questionnaire.step_questions(step, answers)
    form = StepForm(data=request.POST or None, questions=questions, answers=answers)
    if request.method == "POST" and form.is_valid():
        answers = {**answers, **{q.key: answer_value(q, form.cleaned_data[q.key]) for q in questions}}
        request.session[ANSWERS_SESSION_KEY] = answers
        next_steps = [number for number in questionnaire.steps(answers) if number > step]
        if next_steps:
            return redirect(_step_url(commune, theme, next_steps[0]))
        relevant = questionnaire.relevant_answers(answers)
        matches = match_offers(commune=commune, theme=theme, answers=relevant, questions=questionnaire.questions)
        SearchLog.objects.create(commune=commune, theme=theme, answers=relevant, result_count=len(matches))
        return redirect(_results_url(commune, theme))
    position = steps.index(step)
    context = {
        "commune": commune,
        "theme": theme,
        "form": form,
        "step_number": position + 1,
        "step_count": len(steps),
        "previous_url": _step_url(commune, theme, steps[position - 1]) if position else commune.get_absolute_url(),
        "is_last": position == len(steps) - 1,
        "step_title": questionnaire.step_title(step, answers),
        "next_step_title": questionnaire.step_title(steps[position + 1], answers) if position + 1 < len(steps) else "",
        "title": f"{theme.name} à {commune.name} — étape {position + 1} sur {len(steps)}",
    }
    return render(request, "offers/step.html", context)


@login_not_required
@require_safe
def results(request, insee_code, theme_slug):
    commune, theme, questionnaire = _journey(insee_code, theme_slug)
    answers = request.session.get(ANSWERS_SESSION_KEY, {})
    missing = questionnaire.first_missing_step(answers)
    if missing is not None:
        return redirect(_step_url(commune, theme, missing))
    relevant = questionnaire.relevant_answers(answers)
    matches = match_offers(commune=commune, theme=theme, answers=relevant, questions=questionnaire.questions)
    page = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    offers = Offer.objects.with_page_data().in_bulk([match.offer.pk for match in page])
    context = {
        "commune": commune,
        "theme": theme,
        "results": [(offers[match.offer.pk], match) for match in page],
        "page_obj": page,
        "result_count": len(matches),
        "answers": questionnaire.describe(relevant),
        "edit_url": _step_url(commune, theme, questionnaire.steps(answers)[0]),
        "title": f"{theme.name} à {commune.name} : tes résultats",
    }
    if not matches:
        territories = open_territories_for(commune, theme)
        context["info_jeunes"] = Organisation.objects.filter(
            kind=OrganisationKind.INFO_JEUNES, territories__in=territories
        ).first()
        context["territory"] = territories.first()
    return render(request, "offers/results.html", context)


@login_not_required
@require_safe
def offer_detail(request, pk, slug):
    offer = get_object_or_404(Offer.objects.live().with_page_data(), pk=pk)
    if request.path != offer.get_absolute_url():
        return redirect(offer, permanent=True)
    questionnaire = Questionnaire(list(offer.theme.questions.with_choices()))
    context = {"offer": offer, "eligibility": eligibility_in_plain_words(offer, questionnaire), "title": offer.title}
    commune_code = request.GET.get("commune", "")
    if commune_code:
        context["back_commune"] = Commune.objects.filter(insee_code=commune_code).first()
    return render(request, "offers/offer_detail.html", context)


def eligibility_in_plain_words(offer: Offer, questionnaire: Questionnaire) -> list[str]:
    lines = [f"Tu as entre {offer.age_min} et {offer.age_max} ans."]
    by_key = {question.key: question for question in questionnaire.questions}
    for key, accepted in offer.criteria.items():
        question = by_key.get(key)
        if question is not None:
            lines.append(f"{question.criterion_label} : {question.describe(accepted)}.")
    return lines

"""The youth journey after the commune: theme questionnaire step by step, results, offer page."""

import functools
import hashlib
import json
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from core.cache import SITE_VERSION_KEY, cached_html, cached_page, versioned, versions_read_once
from core.forms import ERROR_TITLE
from core.statements import KeptStatement, unique_samples
from offers.eligibility import youth_page_context
from offers.matching import CANDIDATES_VERSION_KEY, match_offers, national_theme_ids, open_territories_for
from offers.models import Offer, SearchLog, offer_url
from offers.pages import live_offer_for_page, offer_page_version_key, offer_unavailable
from organisations.models import Organisation
from questionnaires.enums import MIN_AGE
from questionnaires.forms import StepForm
from questionnaires.journey import (
    ANSWERS_SESSION_KEY,
    QUESTIONNAIRE_CACHE_VERSION_KEY,
    Questionnaire,
    answer_value,
    needs_answerable,
    questionnaire_for,
    theme_by_slug,
    themes_among,
)
from questionnaires.models import Theme
from territories.models import TERRITORIES_VERSION_KEY, Commune, Territory, commune_with_department, open_territories
from territories.working_days import contact_promise

RESULTS_PER_PAGE = 10
NEARBY_TERRITORIES = 5


@dataclass
class Journey:
    commune: Commune
    theme: Theme
    territories: list[int]
    questionnaire: Questionnaire

    def matches(self, answers):
        return match_offers(
            commune=self.commune,
            theme=self.theme,
            answers=answers,
            questions=self.questionnaire.questions,
            territories=self.territories,
        )


def _journey(insee_code, theme_slug) -> Journey:
    """The commune and the theme, when the theme is open there; a 404 otherwise."""
    theme = theme_by_slug(theme_slug)
    if theme is None:
        raise Http404("Ce thème n’existe pas.")

    def place():
        commune = get_object_or_404(Commune, insee_code=insee_code)
        return commune, list(open_territories_for(commune, theme).values_list("pk", flat=True))

    key = f"offers:journey:{insee_code}:{theme.pk}"
    # Read by every step and results page of the journey: kept in the process too.
    commune, territories = versioned(key, [TERRITORIES_VERSION_KEY], place, timeout=600, in_process=True)
    if not territories and not Offer.objects.live().national().filter(theme=theme).exists():
        raise Http404("Ce thème n’est pas ouvert dans cette commune.")
    return Journey(commune, theme, territories, questionnaire_for(theme))


@login_not_required
@require_safe
# National offers show outside the open territories: their changes count too.
@cached_page(
    lambda request, **kwargs: [TERRITORIES_VERSION_KEY, QUESTIONNAIRE_CACHE_VERSION_KEY, CANDIDATES_VERSION_KEY]
)
def commune(request, insee_code):
    """The themes a youth can look into from a commune; outside the open territories, who else can help nearby, and
    whether the Boussole opens soon there."""
    commune = commune_with_department(insee_code)
    if commune is None:
        raise Http404("Cette commune n’existe pas.")
    kept = open_territories()
    territories = [kept.territories[pk] for pk in kept.by_commune.get(commune.pk, [])]
    local_themes = [theme for territory in territories for theme in kept.themes.get(territory.pk, [])]
    context = {
        "commune": commune,
        "territories": territories,
        "themes": themes_among([*national_theme_ids(timezone.localdate()), *local_themes]),
        "title": commune.label,
    }
    if not territories:
        # A territory of the commune that opens soon: "bientôt", and a form to be told when.
        context["awaited_territory"] = Territory.objects.awaited_by(commune).first()
        context["nearby_territories"] = list(Territory.objects.open().near(commune)[:NEARBY_TERRITORIES])
        context["info_jeunes"] = Organisation.objects.info_jeunes_near(commune).first()
    return render(request, "offers/commune.html", context)


def _step_url(commune, theme, step):
    return reverse("offers:step", kwargs={"insee_code": commune.insee_code, "theme_slug": theme.slug, "step": step})


def _results_url(commune, theme):
    return reverse("offers:results", kwargs={"insee_code": commune.insee_code, "theme_slug": theme.slug})


@login_not_required
@require_safe
def start(request, insee_code, theme_slug):
    journey = _journey(insee_code, theme_slug)
    commune, theme, questionnaire = journey.commune, journey.theme, journey.questionnaire
    return redirect(_step_url(commune, theme, questionnaire.steps({})[0]))


@login_not_required
@require_http_methods(["GET", "POST"])
def step(request, insee_code, theme_slug, step):
    journey = _journey(insee_code, theme_slug)
    commune, theme, questionnaire = journey.commune, journey.theme, journey.questionnaire
    answers = request.session.get(ANSWERS_SESSION_KEY, {})
    steps = questionnaire.steps(answers)
    missing = questionnaire.first_missing_step(answers)
    if step not in steps or (missing is not None and step > missing):
        # A step that does not apply (any more), or one reached before the previous ones were answered.
        return redirect(_step_url(commune, theme, missing or steps[0]))
    questions = questionnaire.step_questions(step, answers)
    form = StepForm(data=request.POST or None, questions=questions, answers=answers)
    is_valid = request.method == "POST" and form.is_valid()
    age = form.age_outside_service() if request.method == "POST" else None
    if age is not None:
        return render(
            request,
            "offers/outside_age_range.html",
            {
                "commune": commune,
                "age": age,
                "too_young": age < MIN_AGE,
                "info_jeunes": Organisation.objects.info_jeunes_near(commune, journey.territories).first(),
                "back_url": _step_url(commune, theme, step),
                "title": "La Boussole est pour les 15–30 ans",
            },
        )
    if is_valid:
        answers = {**answers, **{q.key: answer_value(q, form.cleaned_data[q.key]) for q in questions}}
        request.session[ANSWERS_SESSION_KEY] = answers
        next_steps = [number for number in questionnaire.steps(answers) if number > step]
        if next_steps:
            return redirect(_step_url(commune, theme, next_steps[0]))
        relevant = questionnaire.relevant_answers(answers)
        matches = journey.matches(relevant)
        SearchLog.record(commune=commune, theme=theme, answers=relevant, result_count=len(matches))
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
        "urgent_needs": needs_answerable(questions),
        "next_step_title": questionnaire.step_title(steps[position + 1], answers) if position + 1 < len(steps) else "",
        # A page shown again with errors says so first in its title: the first thing a screen reader reads.
        "title": f"{ERROR_TITLE if form.errors else ''}{theme.name} à {commune.name} — étape {position + 1} sur "
        f"{len(steps)}",
    }
    return render(request, "offers/step.html", context)


# Everything the results page reads is cached under these: their numbers are read once for the whole page.
RESULTS_VERSION_KEYS = [
    SITE_VERSION_KEY,
    CANDIDATES_VERSION_KEY,
    TERRITORIES_VERSION_KEY,
    QUESTIONNAIRE_CACHE_VERSION_KEY,
]


@login_not_required
@require_safe
def results(request, insee_code, theme_slug):
    with versions_read_once(RESULTS_VERSION_KEYS):
        return _results(request, insee_code, theme_slug)


def _results(request, insee_code, theme_slug):
    journey = _journey(insee_code, theme_slug)
    commune, theme, questionnaire = journey.commune, journey.theme, journey.questionnaire
    answers = request.session.get(ANSWERS_SESSION_KEY, {})
    missing = questionnaire.first_missing_step(answers)
    if missing is not None:
        return redirect(_step_url(commune, theme, missing))
    relevant = questionnaire.relevant_answers(answers)
    page_number = request.GET.get("page", "1")

    def render_results():
        matches = journey.matches(relevant)
        page = Paginator(matches, RESULTS_PER_PAGE).get_page(page_number)
        cards = _card_rows([match.offer_id for match in page])
        now = timezone.now()
        # The same few for all the cards: by delay and by the organisation's department (its time zone and holidays).
        deadline = functools.cache(lambda delay, department: contact_promise(now, delay, department).deadline)
        context = {
            "commune": commune,
            "theme": theme,
            "cards": [_card(cards[match.offer_id], match, commune, deadline) for match in page],
            "page_obj": page,
            "result_count": len(matches),
            "answers": questionnaire.describe(relevant),
            "urgent_needs": questionnaire.urgent_needs(relevant),
            "outside_open_territories": not journey.territories,
            "awaited_territory": None if journey.territories else Territory.objects.awaited_by(commune).first(),
            "edit_url": _step_url(commune, theme, questionnaire.steps(answers)[0]),
            "title": f"{theme.name} à {commune.name} : tes résultats",
        }
        if not matches:
            context["info_jeunes"] = Organisation.objects.info_jeunes_near(commune, journey.territories).first()
            context["territory"] = Territory.objects.filter(pk__in=journey.territories).first()
        return render_to_string("offers/results.html", context, request)

    if not page_number.isdigit():
        return HttpResponse(render_results())
    # The page is the same for every youth who gave these answers here: rendered once, as an anonymous visitor.
    request.user = AnonymousUser()
    digest = hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:32]
    html = cached_html(
        f"offers:results:{commune.pk}:{theme.pk}:{digest}:{page_number}",
        [CANDIDATES_VERSION_KEY, TERRITORIES_VERSION_KEY, QUESTIONNAIRE_CACHE_VERSION_KEY],
        render_results,
    )
    return HttpResponse(html)


def _offer_page_version_keys(request, *, pk, slug):
    # The commune of the link back to the results is read too.
    return [offer_page_version_key(pk), QUESTIONNAIRE_CACHE_VERSION_KEY, TERRITORIES_VERSION_KEY]


@login_not_required
@require_safe
@cached_page(_offer_page_version_keys, params=["commune"])
def offer_detail(request, pk, slug):
    offer = live_offer_for_page(pk)
    if offer is None:
        return offer_unavailable(request, pk)
    if request.path != offer.get_absolute_url():
        return redirect(offer, permanent=True)
    commune_code = request.GET.get("commune", "")
    context = {
        **youth_page_context(offer),
        "title": offer.title,
        # Given even when there is none: the template engine looks a missing name up the slow way, each time.
        "back_commune": Commune.objects.filter(insee_code=commune_code).first() if commune_code else None,
    }
    return render(request, "offers/offer_detail.html", context)


@functools.lru_cache(maxsize=2)
def _cards_statement(vendor: str) -> KeptStatement:
    """The SQL reading what the cards of a results page show, built once by each process: the ORM takes longer to
    build it than the database takes to run it. It names a page's number of offers."""
    samples = unique_samples(list(range(RESULTS_PER_PAGE)))
    offers = (
        Offer.objects.filter(pk__in=samples)
        .order_by()
        .values_list(
            "pk", "title", "summary", "delay_days", "organisation__name", "organisation__commune__department_id"
        )
    )
    return KeptStatement.of(offers, prepared=True, **{f"offer_{index}": sample for index, sample in enumerate(samples)})


def _card_rows(offer_ids: list[int]) -> dict[int, tuple]:
    """What the cards of these offers show, by offer; one query. A page shorter than the others names its last offer
    again."""
    if not offer_ids:
        return {}
    named = [*offer_ids, *[offer_ids[-1]] * (RESULTS_PER_PAGE - len(offer_ids))]
    rows = _cards_statement(connection.vendor).rows(**{f"offer_{index}": pk for index, pk in enumerate(named)})
    return {row[0]: row for row in rows}


def _card(row: tuple, match, commune: Commune, deadline) -> dict:
    pk, title, summary, delay_days, organisation, department = row
    return {
        "url": f"{offer_url(pk, title)}?commune={commune.insee_code}",
        "title": title,
        "summary": summary,
        "organisation": organisation,
        "why": f"{match.reason} — {match.closeness_label}.",
        # The date, as the offer page says it: kept with the page for the half-day (`cached_html`), as long as it holds.
        "deadline": deadline(delay_days, department),
        "is_urgent": match.is_urgent,
    }

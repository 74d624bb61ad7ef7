"""Statistics of a territory (its animators), an organisation (its administrators) or France (national staff)."""

from django import forms
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from backoffice.access import professional_view
from core.addresses import address_with_slug
from core.forms import BoussoleForm
from offers.matching import match_offers, open_territories_for
from offers.models import Offer
from organisations.models import Organisation
from questionnaires.journey import questionnaire_for, theme_by_slug
from stats.exports import csv_lines, figure_rows, gap_rows, request_rows
from stats.figures import cached_figures
from stats.gaps import AGE_KEY, ages_in_words, profile_in_words, protected_gaps, read_search_token
from stats.orientations import SCOPE_KINDS, orientation_network, orientation_rows, scope_network
from stats.scopes import Period, Scope, france_scope, organisation_scope, territory_scope
from stats.small_counts import SMALL_COUNT
from territories.models import Commune


class PeriodForm(BoussoleForm, forms.Form):
    start = forms.DateField(label="Du", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label="Au", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", "La fin de la période doit venir après son début.")
        return cleaned


def _administered(professional):
    organisations = Organisation.objects.filter(
        pk__in=[m.organisation_id for m in professional.memberships if m.is_admin]
    )
    return Organisation.objects.all() if professional.is_staff else organisations


def available_scopes(professional) -> list[tuple[str, str]]:
    """(key, name) of every scope this person may read: territories animated, organisations administered, France."""
    scopes = [(f"territoire-{pk}", name) for pk, name in professional.territories().values_list("pk", "name")]
    scopes += [(f"structure-{m.organisation_id}", m.organisation.name) for m in professional.memberships if m.is_admin]
    return [("france", "France entière"), *scopes] if professional.is_staff else scopes


def scope_for(professional, key: str) -> Scope:
    """The scope named in the URL, if this person may read it; a 404 otherwise (nothing says that it exists)."""
    kind, _, pk = key.partition("-")
    if kind == "territoire" and pk.isdigit():
        return territory_scope(get_object_or_404(professional.territories(), pk=pk))
    if kind == "structure" and pk.isdigit():
        return organisation_scope(get_object_or_404(_administered(professional), pk=pk))
    if key == "france" and professional.is_staff:
        return france_scope()
    raise Http404("Pas de statistiques à ce nom.")


def period_from(request) -> tuple[PeriodForm, Period]:
    default = Period.last_twelve_months()
    form = PeriodForm(data=request.GET or None, initial={"start": default.start, "end": default.end})
    if form.is_bound and form.is_valid():
        return form, Period(form.cleaned_data["start"], form.cleaned_data["end"])
    return form, default


@require_safe
@professional_view
def statistics_home(request):
    scopes = available_scopes(request.professional)
    if not scopes:
        raise Http404("Réservé à l’animation territoriale et aux administrateurs de structure.")
    return redirect("backoffice:statistics", scope=scopes[0][0])


@require_safe
@professional_view
def statistics(request, scope):
    selected = scope_for(request.professional, scope)
    form, period = period_from(request)
    query = request.GET.urlencode()
    context = {
        "title": f"Statistiques — {selected.name}",
        "scope": selected,
        "scope_key": scope,
        # Linked from the page, each to its statistics over the same period, the page's own marked (national staff
        # read dozens: built here, not tag by tag).
        "scopes": [
            (name, address_with_slug("backoffice:statistics", key) + (f"?{query}" if query else ""), key == scope)
            for key, name in available_scopes(request.professional)
        ],
        "form": form,
        "period": period,
        "figures": cached_figures(selected, period),
        # Who orients to whom: the consortium's view, not an organisation's.
        "network": scope_network(selected, period) if selected.kind in SCOPE_KINDS else None,
        "query": query,
        "statistics_url": reverse("backoffice:statistics", kwargs={"scope": scope}),
        "exports": [
            (reverse("backoffice:statistics_export", kwargs={"scope": scope, "table": table}), label)
            for table, label in EXPORTS.items()
            if table != "orientations" or selected.kind in SCOPE_KINDS
        ],
    }
    return render(request, "backoffice/statistics/page.html", context, status=400 if form.errors else 200)


# The page lists the most frequent gaps; the export has them all.
GAPS_ON_PAGE = 100


@require_safe
@professional_view
def gaps(request, scope):
    selected = scope_for(request.professional, scope)
    form, period = period_from(request)
    context = {
        "title": f"Besoins sans réponse — {selected.name}",
        "scope": selected,
        "scope_key": scope,
        "form": form,
        "period": period,
        "gaps": protected_gaps(selected.searches_in(period), area=selected.area)[:GAPS_ON_PAGE],
        "small_count": SMALL_COUNT,
        "limit": GAPS_ON_PAGE,
        "query": request.GET.urlencode(),
        "gaps_url": reverse("backoffice:statistics_gaps", kwargs={"scope": scope}),
        "export_url": reverse("backoffice:statistics_export", kwargs={"scope": scope, "table": "besoins-sans-reponse"}),
    }
    return render(request, "backoffice/statistics/gaps.html", context, status=400 if form.errors else 200)


@require_safe
@professional_view
def gap_search(request, scope, token):
    """What a youth with this profile finds today in this commune for this theme: the offers, or none."""
    selected = scope_for(request.professional, scope)
    search = read_search_token(token)
    theme = theme_by_slug(search["theme"]) if search else None
    if theme is None:
        raise Http404("Recherche inconnue.")
    commune = get_object_or_404(Commune, insee_code=search["commune"])
    questionnaire = questionnaire_for(theme)
    territories = list(open_territories_for(commune, theme).values_list("pk", flat=True))
    # Every age of the profile's band, youngest first: an offer may take only part of the band.
    ages = search.get("ages")
    answers = [{**search["answers"], AGE_KEY: age} for age in range(ages[0], ages[1] + 1)] if ages else [{}]
    found: dict[int, tuple] = {}
    for given in answers if territories else []:
        for match in match_offers(
            commune=commune,
            theme=theme,
            answers=given or search["answers"],
            questions=questionnaire.questions,
            territories=territories,
        ):
            first_match, low, _ = found.get(match.offer_id, (match, given.get(AGE_KEY), None))
            found[match.offer_id] = (first_match, low, given.get(AGE_KEY))
    offers = Offer.objects.select_related("organisation").in_bulk(list(found))
    context = {
        "title": f"{theme.name} à {commune.name} : ce qu’un·e jeune trouve",
        "scope": selected,
        "scope_key": scope,
        "commune": commune,
        "theme": theme,
        "theme_open": bool(territories),
        "profile": profile_in_words(theme, search["answers"], ages),
        "results": [
            (match, offers[pk], ages_in_words((low, high)) if ages and (low, high) != tuple(ages) else "")
            for pk, (match, low, high) in found.items()
            if pk in offers
        ],
    }
    return render(request, "backoffice/statistics/gap_search.html", context)


EXPORTS = {
    "demandes": "les demandes",
    "chiffres": "les chiffres de cette page",
    "besoins-sans-reponse": "les besoins sans réponse",
    "orientations": "les orientations entre partenaires",
}


def needs_contact_details(professional, scope: Scope) -> bool:
    """Whether this person's export of the scope's requests carries the youths' contact details: only when their role
    has them contact these youths — an organisation's administrators for its requests, a territory's animators for
    its requests. National staff read every scope, but contact no youth from a file: never in theirs."""
    if scope.kind == "organisation":
        return any(
            membership.organisation_id == scope.pk and membership.is_admin for membership in professional.memberships
        )
    if scope.kind == "territory":
        return scope.pk in professional.animated
    return False


@require_safe
@professional_view
def export(request, scope, table):
    """A CSV file of the scope over the period; the requests with the youths' contact details if the reader's role
    needs them (`needs_contact_details`)."""
    selected = scope_for(request.professional, scope)
    _, period = period_from(request)
    if table == "demandes":
        header, rows = request_rows(
            selected.requests_in(period),
            with_personal_data=needs_contact_details(request.professional, selected),
            reader=request.user,
        )
    elif table == "chiffres":
        header, rows = figure_rows(cached_figures(selected, period))
    elif table == "besoins-sans-reponse":
        header, rows = gap_rows(selected.searches_in(period), area=selected.area)
    elif table == "orientations" and selected.kind in SCOPE_KINDS:
        header, rows = orientation_rows(orientation_network(selected.requests_in(period)))
    else:
        raise Http404("Pas d’export à ce nom.")
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    filename = f"boussole-{table}-{slugify(selected.name)}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("statistiques/", statistics_home, name="statistics_home"),
    path("statistiques/<slug:scope>/", statistics, name="statistics"),
    path("statistiques/<slug:scope>/export/<slug:table>.csv", export, name="statistics_export"),
    path("statistiques/<slug:scope>/besoins-sans-reponse/", gaps, name="statistics_gaps"),
    path("statistiques/<slug:scope>/besoins-sans-reponse/<str:token>/", gap_search, name="statistics_gap_search"),
]

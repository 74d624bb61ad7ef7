from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.cache import cached_page
from offers.matching import CANDIDATES_VERSION_KEY
from stats import opendata
from stats.exports import csv_lines
from stats.public import SMALL_COUNT, public_figures
from territories.models import TERRITORIES_VERSION_KEY

# Public and costly to compute (every request and search counted, hundreds of offers written out): kept whole for
# everyone, a few minutes at most (`PAGE_TIMEOUT`), so that visits, harvests or a crawler cost one computation, not one
# each. The open data moves as soon as what youths see moves (offers, their coverage, organisations, their charter,
# territories): a contact an organisation stops sharing leaves it at once.


def _open_data_version_keys(request):
    return [CANDIDATES_VERSION_KEY, TERRITORIES_VERSION_KEY]


@login_not_required
@require_safe
@cached_page()
def public_statistics(request):
    figures = public_figures()
    context = {
        "title": "Statistiques de la Boussole des jeunes",
        "national": figures.national,
        "territories": figures.territories,
        "since": figures.since,
        "computed_at": figures.computed_at,
        "orientations": figures.orientations_text,
        "small_count": SMALL_COUNT,
    }
    return render(request, "stats/public.html", context)


@login_not_required
@require_safe
@cached_page(_open_data_version_keys)
def open_data(request):
    """What the open data holds and how to read it, for someone who does not know data·inclusion."""
    context = {
        "title": "Données ouvertes de la Boussole des jeunes",
        "licence_url": opendata.LICENCE_URL,
        "page_size": opendata.DEFAULT_PAGE_SIZE,
        "max_page_size": opendata.MAX_PAGE_SIZE,
        "structure_count": opendata.structures().count(),
        "service_count": opendata.services().count(),
    }
    return render(request, "stats/open_data.html", context)


def _open_data(request, records, serialise):
    try:
        body = opendata.page_of(records, serialise, page=request.GET.get("page"), size=request.GET.get("size"))
    except opendata.PageError:
        message = f"page : un entier à partir de 1 ; size : un entier de 1 à {opendata.MAX_PAGE_SIZE}."
        return JsonResponse({"detail": message}, status=400)
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    # Open data: any site may read it, and it says under which licence.
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


@login_not_required
@require_safe
@cached_page(_open_data_version_keys, params=["page", "size"])
def open_structures(request):
    return _open_data(request, opendata.structures(), opendata.structure)


@login_not_required
@require_safe
@cached_page(_open_data_version_keys, params=["page", "size"])
def open_services(request):
    return _open_data(request, opendata.services(), opendata.service)


def _open_data_csv(records, serialise, fields, filename):
    header, rows = opendata.csv_table(records, serialise, fields)
    response = HttpResponse(b"".join(csv_lines(header, rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


@login_not_required
@require_safe
@cached_page(_open_data_version_keys)
def open_structures_csv(request):
    return _open_data_csv(
        opendata.structures(), opendata.structure, opendata.STRUCTURE_FIELDS, "boussole-des-jeunes-structures.csv"
    )


@login_not_required
@require_safe
@cached_page(_open_data_version_keys)
def open_services_csv(request):
    return _open_data_csv(
        opendata.services(), opendata.service, opendata.SERVICE_FIELDS, "boussole-des-jeunes-services.csv"
    )

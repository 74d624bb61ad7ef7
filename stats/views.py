from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.cache import cached_page
from offers.matching import CANDIDATES_VERSION_KEY
from stats import opendata
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
    national, territories = public_figures()
    context = {
        "title": "Statistiques de la Boussole des jeunes",
        "national": national,
        "territories": territories,
        "small_count": SMALL_COUNT,
    }
    return render(request, "stats/public.html", context)


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

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.cache import cached_page
from territories.models import TERRITORIES_VERSION_KEY, Commune

AUTOCOMPLETE_LIMIT = 10
SEARCH_PAGE_LIMIT = 30


@login_not_required
@require_safe
@cached_page(lambda request: [TERRITORIES_VERSION_KEY], params=["q"])
@cache_control(max_age=3600, public=True)
def autocomplete(request):
    return JsonResponse(
        {"results": Commune.objects.search_as_json(request.GET.get("q", "")[:100], limit=AUTOCOMPLETE_LIMIT)}
    )


@login_not_required
@require_safe
def commune_search(request):
    """The commune field without JavaScript: the communes matching what was typed."""
    query = request.GET.get("q", "").strip()[:100]
    communes = Commune.objects.search(query, limit=SEARCH_PAGE_LIMIT) if query else []
    if len(communes) == 1:
        return redirect(communes[0])
    error = ""
    if not query:
        error = "Écris le nom ou le code postal de ta commune."
    elif not communes:
        error = "Aucune commune ne correspond. Vérifie l’orthographe ou essaie avec le code postal."
    return render(
        request,
        "territories/commune_search.html",
        {
            "query": query,
            "communes": communes,
            "error": error,
            "title": f"{'Erreur : ' if error else ''}Choisis ta commune",
        },
    )

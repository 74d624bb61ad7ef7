from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from stats.public import SMALL_COUNT, public_figures


@login_not_required
@require_safe
def public_statistics(request):
    national, territories = public_figures()
    context = {
        "title": "Statistiques de la Boussole des jeunes",
        "national": national,
        "territories": territories,
        "small_count": SMALL_COUNT,
    }
    return render(request, "stats/public.html", context)

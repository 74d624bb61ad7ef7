"""The public pages that say where the Boussole runs: the map of France and each open or engaged territory."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.cache import cached_page
from questionnaires.journey import QUESTIONNAIRE_CACHE_VERSION_KEY
from questionnaires.models import Theme
from territories.france_map import boussole_map, public_territories
from territories.models import TERRITORIES_VERSION_KEY, Commune


def _territory_version_keys(request, **kwargs):
    # Territories bump their key on every change of status, communes or themes; a theme renamed bumps the other.
    return [TERRITORIES_VERSION_KEY, QUESTIONNAIRE_CACHE_VERSION_KEY]


@login_not_required
@require_safe
@cached_page(_territory_version_keys)
def where_to_find(request):
    return render(
        request,
        "territories/where_to_find.html",
        {"title": "Où trouver la Boussole ?", "map": boussole_map()},
    )


@login_not_required
@require_safe
@cached_page(_territory_version_keys)
def territory_page(request, slug):
    """A territory's communes, themes and contact: what a youth or a partner checks before going further."""
    territory = get_object_or_404(
        public_territories().prefetch_related(
            Prefetch("communes", queryset=Commune.objects.order_by("name", "insee_code")),
            Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
            "experimental_themes",
        ),
        slug=slug,
    )
    experimental = set(territory.experimental_themes.all())
    themes = [(theme, theme in experimental) for theme in territory.themes.all()]
    themes += [(theme, True) for theme in territory.experimental_themes.all() if theme not in territory.themes.all()]
    return render(
        request,
        "territories/territory_page.html",
        {
            "title": f"La Boussole {territory.name}",
            "territory": territory,
            "communes": list(territory.communes.all()),
            "themes": themes,
        },
    )

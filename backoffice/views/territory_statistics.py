"""National staff's view of every territory side by side, and its CSV export."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from backoffice.access import professional_view
from stats.by_territory import territory_rows, territory_table
from stats.exports import csv_lines


def _national_staff_only(request):
    # National staff read every territory; an animator reads their own on the statistics page.
    if not request.professional.is_staff:
        raise Http404("Réservé à l’équipe nationale.")


@require_safe
@professional_view
def territories(request):
    _national_staff_only(request)
    context = {"title": "Statistiques par territoire", "table": territory_table()}
    return render(request, "backoffice/statistics/territories.html", context)


@require_safe
@professional_view
def territories_export(request):
    _national_staff_only(request)
    table = territory_table()
    header, rows = territory_rows(table)
    response = HttpResponse(b"".join(csv_lines(header, rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="boussole-territoires-{table.computed_at.date():%Y-%m-%d}.csv"'
    )
    return response


urlpatterns = [
    path("statistiques-par-territoire/", territories, name="statistics_territories"),
    path("statistiques-par-territoire/export.csv", territories_export, name="statistics_territories_export"),
]

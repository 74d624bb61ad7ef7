"""The site's URLs plus baseline views, for the benchmark only: what a request costs before any work of ours."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import include, path


@login_not_required
def baseline_json(request):
    return JsonResponse({"results": []})


@login_not_required
def baseline_page(request):
    """The project layout with a heading and no query of its own."""
    return render(request, "boussole/page.html", {"title": "Page de référence"})


urlpatterns = [
    path("bench/baseline.json", baseline_json, name="bench_baseline_json"),
    path("bench/baseline.html", baseline_page, name="bench_baseline_page"),
    path("", include("boussole.urls")),
]

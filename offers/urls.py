from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("communes/<str:insee_code>/", views.commune, name="commune"),
    path("communes/<str:insee_code>/<slug:theme_slug>/", views.start, name="start"),
    path("communes/<str:insee_code>/<slug:theme_slug>/etape-<int:step>/", views.step, name="step"),
    path("communes/<str:insee_code>/<slug:theme_slug>/resultats/", views.results, name="results"),
    path("offres/<int:pk>-<slug:slug>/", views.offer_detail, name="offer"),
]

from django.urls import path

from territories import views

app_name = "territories"

urlpatterns = [
    path("communes/autocomplete", views.autocomplete, name="autocomplete"),
    path("communes/", views.commune_search, name="commune_search"),
]

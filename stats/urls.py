from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("statistiques/", views.public_statistics, name="public"),
    path("donnees/data-inclusion/structures/", views.open_structures, name="open_structures"),
    path("donnees/data-inclusion/services/", views.open_services, name="open_services"),
]

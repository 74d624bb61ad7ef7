from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("statistiques/", views.public_statistics, name="public"),
]

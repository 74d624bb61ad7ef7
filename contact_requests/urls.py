from django.urls import path

from contact_requests import views

app_name = "contact_requests"

urlpatterns = [
    path("offres/<int:offer_pk>/demande/", views.contact_form, name="form"),
    path("offres/<int:offer_pk>/demande/deja-faite/", views.already_made, name="already_made"),
    path("demande/<str:token>/envoyee/", views.confirmation, name="confirmation"),
    path("suivi/<str:token>/", views.tracking, name="tracking"),
    path("suivi/<str:token>/<str:action>/", views.youth_action, name="youth_action"),
]

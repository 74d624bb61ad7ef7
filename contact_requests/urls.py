from django.urls import path

from contact_requests import views

app_name = "contact_requests"

urlpatterns = [
    path("offres/<int:offer_pk>/demande/", views.contact_form, name="form"),
    path("offres/<int:offer_pk>/demande/envoyee/", views.sent, name="sent"),
    path("suivi/<str:token>/", views.tracking, name="tracking"),
    path("suivi/<str:token>/<str:action>/", views.youth_action, name="youth_action"),
    # The tracking page's short link, for SMS.
    path("s/<str:token>", views.short_link, name="short_link"),
]

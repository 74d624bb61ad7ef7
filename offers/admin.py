from django.contrib import admin

from offers.models import Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "theme", "status", "delay_days", "valid_until"]
    list_filter = ["status", "theme", "is_national"]
    list_select_related = ["organisation", "theme"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "communes", "epcis", "departments", "territories"]
    fieldsets = [
        (None, {"fields": ["organisation", "theme", "title", "summary", "description", "how_it_happens"]}),
        ("Où", {"fields": ["format", "place"]}),
        ("Zone couverte", {"fields": ["is_national", "communes", "epcis", "departments", "territories"]}),
        ("Pour qui", {"fields": ["age_min", "age_max", "criteria"]}),
        (
            "Engagement et publication",
            {"fields": ["delay_days", "alert_emails", "status", "valid_from", "valid_until", "reviewed_at"]},
        ),
    ]

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from offers import revisions
from offers.models import Offer, OfferEvent


class AwaitingValidationFilter(admin.SimpleListFilter):
    title = "validation"
    parameter_name = "a_valider"

    def lookups(self, request, model_admin):
        return [("oui", "à valider (nouvelles offres et modifications)")]

    def queryset(self, request, queryset):
        return queryset.awaiting_validation() if self.value() == "oui" else queryset


class OfferEventInline(admin.TabularInline):
    model = OfferEvent
    fields = ["at", "kind", "actor", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label="Commentaire pour la structure", widget=forms.Textarea(attrs={"rows": 4, "cols": 80}), max_length=2000
    )


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "theme", "status", "awaiting", "reviewed_at", "valid_until"]
    list_filter = [AwaitingValidationFilter, "status", "theme", "is_national", "answers_urgent_need"]
    list_select_related = ["organisation", "theme"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "communes", "epcis", "departments", "territories"]
    actions = ["publish", "send_back"]
    inlines = [OfferEventInline]
    fieldsets = [
        ("Validation", {"fields": ["status", "pending_changes_in_words", "submitted_at"]}),
        (None, {"fields": ["organisation", "theme", "title", "summary", "description", "how_it_happens"]}),
        ("Où", {"fields": ["format", "place"]}),
        ("Zone couverte", {"fields": ["is_national", "communes", "epcis", "departments", "territories"]}),
        ("Pour qui", {"fields": ["age_min", "age_max", "criteria", "answers_urgent_need"]}),
        (
            "Engagement et fraîcheur",
            {
                "fields": [
                    "delay_days",
                    "alert_emails",
                    "valid_from",
                    "valid_until",
                    "reviewed_at",
                    "review_requested_at",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Publishing and sending back go through the actions, which keep the history and tell the organisation.
        fixed = ["pending_changes_in_words", "submitted_at", "review_requested_at"]
        return [*fixed, "status"] if obj else fixed

    @admin.display(description="à valider", boolean=True)
    def awaiting(self, offer):
        return offer.is_awaiting_validation

    @admin.display(description="modification à valider")
    def pending_changes_in_words(self, offer):
        if not offer.has_pending_changes:
            return "—"
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (change.label, change.before, change.after)
                for change in revisions.describe(offer, offer.pending_changes)
            ),
        )
        review = reverse("backoffice:offer_review", args=[offer.pk])
        return format_html(
            '<table><tr><th></th><th>publié</th><th>proposé</th></tr>{}</table><p><a href="{}">Valider dans l’espace '
            "professionnel</a></p>",
            rows,
            review,
        )

    @admin.action(description="Publier les offres ou modifications sélectionnées", permissions=["change"])
    def publish(self, request, queryset):
        # Each offer is locked and checked again as it is published: one decided meanwhile is left as it is.
        done = sum(1 for offer in queryset.awaiting_validation() if offer.publish(by=request.user))
        level = messages.SUCCESS if done else messages.WARNING
        self.message_user(request, f"{done} offre(s) ou modification(s) publiée(s), structures prévenues.", level)

    @admin.action(description="Renvoyer à la structure, avec un commentaire", permissions=["change"])
    def send_back(self, request, queryset):
        offers = queryset.awaiting_validation()
        form = SendBackForm(request.POST if "comment" in request.POST else None)
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            done = sum(1 for offer in offers if offer.send_back(by=request.user, comment=comment))
            self.message_user(request, f"{done} offre(s) ou modification(s) renvoyée(s), structures prévenues.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Renvoyer à la structure",
            "offers": offers,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/offers/offer/send_back.html", context)

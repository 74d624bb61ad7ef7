from django.contrib import admin

from contact_requests.enums import EventKind
from contact_requests.models import ContactRequest, RequestEvent


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor", "data"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "organisation", "offer", "status", "created_at", "due_at", "escalated_at"]
    list_filter = ["status", "theme", "territory"]
    list_select_related = ["organisation", "offer"]
    search_fields = ["reference", "email", "organisation__name"]
    date_hierarchy = "created_at"
    inlines = [RequestEventInline]

    readonly_fields = [
        "reference",
        "offer",
        "organisation",
        "territory",
        "commune",
        "theme",
        "consent_at",
        "answers",
        "answers_in_words",
        "created_at",
        "due_at",
        "remind_at",
        "follow_up_at",
        "escalate_at",
        "reminded_at",
        "followed_up_at",
        "escalated_at",
        "taken_at",
        "contacted_at",
        "finished_at",
        "anonymised_at",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "status", "offer", "organisation", "territory", "commune", "theme"]}),
        ("Le ou la jeune", {"fields": ["first_name", "email", "phone", "preferred_channel", "message", "consent_at"]}),
        ("Réponses", {"fields": ["answers_in_words", "answers"]}),
        (
            "Délais",
            {
                "fields": [
                    "created_at",
                    "due_at",
                    "remind_at",
                    "follow_up_at",
                    "escalate_at",
                    "reminded_at",
                    "followed_up_at",
                    "escalated_at",
                ]
            },
        ),
        (
            "Suites",
            {
                "fields": [
                    "handler",
                    "taken_at",
                    "contacted_at",
                    "contact_channel",
                    "finished_at",
                    "outcome",
                    "outcome_comment",
                    "anonymised_at",
                ]
            },
        ),
    ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The form displays the youth's personal data, also when sent back with errors: recorded like any display.
        if obj is not None:
            obj.log(EventKind.VIEWED, by=request.user)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        """A correction is part of the request's history (which fields, by whom; not their values, which may be
        personal), like any change: the statistics' summary counts its day again."""
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            obj.log(EventKind.EDITED, by=request.user, fields=sorted(form.changed_data))

    def has_add_permission(self, request):
        return False

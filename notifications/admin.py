import re

from django.contrib import admin, messages

from notifications.models import Email, Sms, without_private_links
from notifications.tasks import resend_failed

# Any link in an SMS, with or without its scheme ("boussole.jeunes.gouv.fr/s/Ab12…"): an SMS's links are personal.
SMS_LINK = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+/\S*")


def resend(modeladmin, request, queryset, *, noun: str):
    count = resend_failed(queryset)
    if count:
        modeladmin.message_user(request, f"{count} {noun} en échec remis dans la file d’envoi.", messages.SUCCESS)
    else:
        modeladmin.message_user(
            request, f"Aucun {noun.removesuffix('(s)')} en échec dans la sélection : rien à renvoyer.", messages.WARNING
        )


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "subject",
        "recipients_list",
        "status",
        "attempts",
        "sent_at",
        "delivery_status",
    ]
    list_filter = ["status", "delivery_status", "kind"]
    search_fields = ["recipients", "subject"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    actions = ["resend"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "from_email",
                    "recipients",
                    "reply_to",
                    "subject",
                    "text_without_links",
                    "html_without_links",
                    "contains_private_link",
                ]
            },
        ),
        ("Objet concerné", {"fields": ["related_type", "related_id"]}),
        (
            "Envoi",
            {
                "fields": [
                    "status",
                    "attempts",
                    "last_error",
                    "created_at",
                    "scheduled_at",
                    "last_attempt_at",
                    "sent_at",
                    "failed_at",
                    "provider_message_id",
                    "provider_response",
                ]
            },
        ),
        ("Remise", {"fields": ["delivery_status", "delivery_reported_at", "undelivered_to"]}),
    ]

    @admin.display(description="destinataires")
    def recipients_list(self, email):
        return ", ".join(email.recipients)

    @admin.display(description="texte")
    def text_without_links(self, email):
        return without_private_links(email.body_text)

    @admin.display(description="HTML")
    def html_without_links(self, email):
        return without_private_links(email.body_html)

    def get_readonly_fields(self, request, obj=None):
        # An email is a record of what was sent: it is read, resent, never edited. Its personal links are masked:
        # the admin must not let anyone open a youth's request or someone's account.
        return [field.name for field in Email._meta.fields] + ["text_without_links", "html_without_links"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Renvoyer", permissions=["change"])
    def resend(self, request, queryset):
        resend(self, request, queryset, noun="e-mail(s)")


# The months shown in the costs table above the SMS list: two years of every budget.
COSTS_ROWS = 24 * 50


@admin.register(Sms)
class SmsAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "recipient",
        "charged_to",
        "segments",
        "status",
        "attempts",
        "sent_at",
        "delivery_status",
    ]
    list_filter = ["status", "delivery_status", "kind", "charged_to", "encoding"]
    search_fields = ["recipient", "kind", "=key"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    actions = ["resend"]
    fieldsets = [
        (
            None,
            {"fields": ["kind", "sender", "recipient", "body_without_links", "encoding", "segments", "charged_to"]},
        ),
        ("Objet concerné", {"fields": ["related_type", "related_id"]}),
        (
            "Envoi",
            {
                "fields": [
                    "status",
                    "attempts",
                    "last_error",
                    "created_at",
                    "time_zone",
                    "not_before",
                    "scheduled_at",
                    "last_attempt_at",
                    "sent_at",
                    "failed_at",
                    "key",
                    "provider_message_id",
                    "provider_response",
                ]
            },
        ),
        ("Remise", {"fields": ["delivery_status", "delivery_reported_at"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        """The list, under a table of what the SMS it shows cost: SMS and segments per budget and per month."""
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context is not None and "cl" in context:
            context["costs"] = list(context["cl"].queryset.order_by().costs_by_month()[:COSTS_ROWS])
        return response

    @admin.display(description="texte")
    def body_without_links(self, sms):
        return SMS_LINK.sub("[lien personnel masqué]", sms.body)

    def get_readonly_fields(self, request, obj=None):
        # As for e-mails: a record of what was sent, read and resent, never edited; its links are masked.
        return [field.name for field in Sms._meta.fields] + ["body_without_links"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Renvoyer", permissions=["change"])
    def resend(self, request, queryset):
        resend(self, request, queryset, noun="SMS")

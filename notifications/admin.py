from django.contrib import admin, messages

from notifications.models import Email, without_private_links
from notifications.tasks import resend_failed


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "subject", "recipients_list", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
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
        count = resend_failed(queryset)
        if count:
            self.message_user(request, f"{count} e-mail(s) en échec remis dans la file d’envoi.", messages.SUCCESS)
        else:
            self.message_user(request, "Aucun e-mail en échec dans la sélection : rien à renvoyer.", messages.WARNING)

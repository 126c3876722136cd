from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from heard.core.errors import DomainError
from heard.core.models import OutboxMail
from heard.core.outbox import outbox_mail_retry


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """What the outbox holds: staff filter for "failed" and send those again. The text is left
    out: a registration mail carries the applicant's tracking code."""

    list_display = [
        "purpose",
        "to",
        "subject",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "purpose"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    exclude = ["body", "key", "claim"]
    actions = ["retry"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in OutboxMail._meta.fields if field.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed e-mails again"), permissions=["change"])
    def retry(self, request, queryset):
        retried = 0
        for mail in queryset:
            try:
                outbox_mail_retry(mail=mail, actor=request.user)
            except DomainError as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                retried += 1
        if retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail will be sent again.",
                    "%(count)d e-mails will be sent again.",
                    retried,
                )
                % {"count": retried},
            )

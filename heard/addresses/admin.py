from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from heard.addresses import services
from heard.addresses.models import (
    Address,
    AddressPolicy,
    AnswerTemplate,
    ApiKey,
    Campaign,
    Category,
    Organisation,
    RoutingRule,
)
from heard.core.errors import DomainError


@admin.register(AddressPolicy)
class AddressPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "addressee",
        "registration_days",
        "forwarding_days",
        "answer_days",
        "return_days",
        "event_notice_min_days",
        "event_notice_max_days",
        "event_answer_days",
        "next_steps_ru",
        "next_steps_en",
        "extension_max_days",
        "number_prefix",
        "number_format",
    ]


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "addressee", "category", "active"]
    list_filter = ["addressee", "active"]
    search_fields = ["title", "text"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["addressee", "code", "name_ru", "name_en", "active"]
    list_filter = ["addressee", "active"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["addressee", "category", "region", "department"]
    list_filter = ["addressee"]


class CampaignForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        choices=Address.Channel.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Campaign
        fields = [
            "addressee",
            "slug",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "channels",
            "categories",
        ]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The campaign must close after it opens."))
        addressee = data.get("addressee")
        if addressee and any(c.addressee_id != addressee.pk for c in data.get("categories", [])):
            self.add_error("categories", _("Categories must belong to the addressee."))
        return data


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """New campaigns are opened through `campaign_open` (checked and audited)."""

    form = CampaignForm
    list_display = ["title", "addressee", "starts_at", "ends_at"]
    filter_horizontal = ["categories"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            campaign = services.campaign_open(
                actor=request.user,
                categories=list(form.cleaned_data["categories"]),
                **{
                    name: form.cleaned_data[name]
                    for name in (
                        "addressee",
                        "slug",
                        "title",
                        "description",
                        "starts_at",
                        "ends_at",
                        "channels",
                    )
                },
            )
        except DomainError as error:
            self.message_user(request, error.message, level=messages.ERROR)
            raise ValidationError(error.message) from error
        obj.pk, obj.created_at = campaign.pk, campaign.created_at

    def save_related(self, request, form, formsets, change):
        """campaign_open has set the categories already."""


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """State changes go through the verification page (audited)."""

    list_display = ["name", "status", "contact_email", "created_at", "verified_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "created_at", "verified_at", "suspended_at", "verified_by"]
    filter_horizontal = ["users"]
    actions = ["verify"]

    @admin.action(description="Verify the selected organisations")
    def verify(self, request, queryset):
        for organisation in queryset:
            services.organisation_verify(organisation=organisation, actor=request.user)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are issued with `heard address_api_key`, which prints the key once."""

    list_display = ["name", "prefix", "addressee", "organisation", "status", "last_used_at"]
    list_filter = ["status"]
    readonly_fields = ["prefix", "key_hash", "status", "created_at", "revoked_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        for key in queryset.filter(status=ApiKey.Status.ACTIVE):
            services.api_key_revoke(key=key, actor=request.user)


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    """Read-only: every change is a transition on the staff pages."""

    list_display = ["number", "addressee", "status", "channel", "received_at", "answer_due_at"]
    list_filter = ["status", "channel", "addressee"]
    search_fields = ["number"]
    exclude = ["tracking_salt", "tracking_code_hash"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

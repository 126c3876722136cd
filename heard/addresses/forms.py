from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from heard.addresses.models import Address, Category
from heard.attachments.forms import AddressAttachmentFields
from heard.core.choice_fields import ListedModelChoiceField
from heard.offices.models import Addressee, Department
from heard.signatures.forms import RegionChoiceField


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.addressee.name}: {obj.name}"


class AddressForm(forms.Form):
    addressee = forms.ModelChoiceField(
        queryset=Addressee.objects.all(),
        label=_("Addressee"),
        empty_label=_("— choose the addressee —"),
        error_messages={"invalid_choice": _("Choose an addressee from the list.")},
    )
    # A notice of a public event has its own form and clock (/events/new/).
    kind = forms.ChoiceField(
        label=_("Kind of address"),
        choices=[
            choice for choice in Address.Kind.choices if choice[0] != Address.Kind.EVENT_NOTICE
        ],
    )
    category = CategoryChoiceField(
        queryset=Category.objects.filter(active=True).select_related("addressee"),
        label=_("Category"),
        required=False,
        empty_label=_("— no category —"),
        error_messages={"invalid_choice": _("Choose a category from the list.")},
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
        help_text=_("Up to 20,000 characters."),
    )
    region = RegionChoiceField(required=False)
    applicant_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        help_text=_(
            "Leave empty to send the address anonymously; then it may be left "
            "without an answer on the merits."
        ),
    )
    email = forms.EmailField(
        label=_("E-mail for the reply"),
        max_length=254,
        required=False,
        help_text=_("We send the number, the tracking code and the answer here."),
    )
    postal_address = forms.CharField(
        label=_("Postal address for the reply"), max_length=500, required=False
    )
    consent_processing = forms.BooleanField(
        label=_("I agree to the processing of my personal data to consider this address"),
        error_messages={"required": _("The address cannot be considered without this consent.")},
    )

    def __init__(self, *args, addressee: Addressee | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if addressee is not None:
            self.fields["addressee"].initial = addressee.pk
            self.fields["category"].queryset = self.fields["category"].queryset.filter(
                addressee=addressee
            )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the text of the address."))
        return text

    def clean(self):
        data = super().clean()
        category, addressee = data.get("category"), data.get("addressee")
        if category and addressee and category.addressee_id != addressee.pk:
            self.add_error("category", _("This category is not offered by the addressee."))
        return data

    def address_fields(self) -> dict:
        """The cleaned fields every way of sending passes on to `address_receive`."""
        names = ("text", "kind", "category", "region", "applicant_name", "email", "postal_address")
        return {name: self.cleaned_data[name] for name in names}


class WebAddressForm(AddressAttachmentFields, AddressForm):
    """The public form, with files and a video link (issue 18)."""


class OrganisationAddressForm(AddressForm):
    member_consent = forms.BooleanField(
        label=_("The member has consented to our submitting this address on their behalf"),
        error_messages={"required": _("Record the member's consent first.")},
    )
    consent_processing = None


class StaffEntryForm(AddressForm):
    """An address that came by e-mail, phone, SMS, social network or post."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c.value, c.label) for c in Address.STAFF_ENTERED_CHANNELS],
    )
    received_at = forms.DateTimeField(
        label=_("Received"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("When the address arrived; registration is due within the policy's days."),
    )
    consent_processing = None

    def __init__(self, *args, addressee: Addressee, **kwargs):
        super().__init__(*args, addressee=addressee, **kwargs)
        del self.fields["addressee"]


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Registration number"), max_length=40)
    code = forms.CharField(label=_("Tracking code"), max_length=40)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the answer?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should the answer be re-considered?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AssignForm(forms.Form):
    department = ListedModelChoiceField(queryset=Department.objects.none(), label=_("Department"))

    def __init__(self, *args, addressee: Addressee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = addressee.departments.all()


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=50_000, widget=forms.Textarea)
    office = forms.CharField(label=_("Office that answers"), max_length=200)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by, days"), min_value=1, max_value=365)
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ForwardForm(forms.Form):
    to_addressee = ListedModelChoiceField(
        queryset=Addressee.objects.all(),
        label=_("Another addressee on this platform"),
        required=False,
    )
    to_body = forms.CharField(label=_("Or an outside body"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, addressee: Addressee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_addressee"].queryset = Addressee.objects.exclude(pk=addressee.pk)


class MergeForm(forms.Form):
    primary = forms.CharField(label=_("Number of the primary address"), max_length=40)


class LeaveForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=Address.Ground.choices)
    earlier = forms.CharField(
        label=_("Number of the earlier answered address (same question)"),
        max_length=40,
        required=False,
    )
    crime_reported_to = forms.CharField(
        label=_("If it reports a crime: body it was passed to"), max_length=300, required=False
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OrganisationRegisterForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    description = forms.CharField(
        label=_("Who you are and whom you help"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # The e-mail address is the log-in: no separate user name, which the form would have to say
    # is taken, telling anyone which accounts exist.
    email = forms.EmailField(label=_("E-mail (you log in with it)"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password

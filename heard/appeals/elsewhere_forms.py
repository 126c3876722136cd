"""Forms of the staff pages that register an appeal made elsewhere (decision 0547)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from heard.appeals.forms import MAX_DEMAND_LENGTH, MAX_DEMANDS
from heard.offices.models import Addressee


class ExportUploadForm(forms.Form):
    export = forms.FileField(
        label=_("Telegram export (result.json)"),
        help_text=_("Telegram Desktop: the channel's menu, Export chat history, format JSON."),
    )
    username = forms.CharField(
        label=_("The channel's public username"),
        required=False,
        max_length=40,
        help_text=_("Without it heard cannot link to the posts: the export does not hold it."),
    )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        limit = settings.HEARD_ELSEWHERE_EXPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than {size}; export it without media.").format(
                    size=filesizeformat(limit)
                )
            )
        return upload


class RegisterForm(forms.Form):
    addressee = forms.ModelChoiceField(
        label=_("Addressee"), queryset=Addressee.objects.order_by("name"), to_field_name="slug"
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    demands = forms.CharField(
        label=_("Demands"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_DEMANDS * (MAX_DEMAND_LENGTH + 2),
        help_text=_("One demand a line."),
    )
    group_name = forms.CharField(label=_("Group or person behind the appeal"), max_length=200)

    def clean_demands(self) -> list[str]:
        lines = (line.strip(" -*\t") for line in self.cleaned_data["demands"].splitlines())
        return [" ".join(line.split()) for line in lines if line]

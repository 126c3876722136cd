from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from heard.offices.models import Region
from heard.signatures import lookups

# The <option>s of the region list, none selected, by language and whether the empty choice leads:
# built once per language for each list the region cache loads.
_options: dict[tuple[str | None, bool], tuple[list[Region], str]] = {}


class RegionChoiceIterator(ModelChoiceIterator):
    """The active regions from the per-process cache: listing them costs no query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for region in lookups.regions_active():
            yield self.choice(region)

    def __len__(self) -> int:
        return len(lookups.regions_active()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(lookups.regions_active())

    def options_html(self) -> str:
        regions = lookups.regions_active()
        key = (get_language(), self.field.empty_label is not None)
        cached = _options.get(key)
        if cached is None or cached[0] is not regions:
            html = "".join(
                f'\n  <option value="{escape(value)}">{escape(label)}</option>'
                for value, label in self
            )
            cached = _options[key] = (regions, html)
        return cached[1]


class RegionSelect(forms.Select):
    """The same <select> as Django's widget for a RegionChoiceField, without its templates: the
    option template, included once per region (about 90), cost half a millisecond a form."""

    def render(self, name, value, attrs=None, renderer=None):
        options = self.choices.options_html()
        for chosen in self.format_value(value):
            option = f'<option value="{escape(chosen)}">'
            options = options.replace(option, f'<option value="{escape(chosen)}" selected>', 1)
        # As Django's attrs.html writes them: in order, True bare, False left out.
        attributes = "".join(
            f" {escape(key)}" if value is True else f' {escape(key)}="{escape(value)}"'
            for key, value in self.build_attrs(self.attrs, attrs).items()
            if value is not False
        )
        # Safe: the name, the attributes, every value and every label are escaped.
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}\n</select>')  # noqa: S308


class RegionChoiceField(forms.ModelChoiceField):
    """An active region. The choices and the check of a submitted id come from the per-process
    region cache, so neither showing a form nor accepting a signature spends a query on them."""

    iterator = RegionChoiceIterator
    widget = RegionSelect

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Region.objects.filter(active=True),
            label=_("Region"),
            empty_label=_("— choose your region —"),
            error_messages={"invalid_choice": _("Choose a region from the list.")},
            **kwargs,
        )

    def __deepcopy__(self, memo):
        # Every form copies its fields. ModelChoiceField's copy clones the queryset (185 -> 163 µs
        # a bound, validated sign form without the clone); this field never evaluates it (its
        # choices and its check come from the region cache), so the copy shares it. Nothing may
        # evaluate `form.fields["region"].queryset`: its result would stay for every later form.
        result = forms.Field.__deepcopy__(self, memo)
        result._queryset = self._queryset
        result.widget.choices = result.choices
        return result

    def label_from_instance(self, obj: Region) -> str:
        return obj.name

    def to_python(self, value) -> Region | None:
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if isinstance(value, Region):
            value = value.pk
        try:
            region = lookups.region_by_pk(pk=int(value))
        except (TypeError, ValueError):
            region = None
        if region is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return region


class SignatureForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send a link to confirm your signature. It is never shown."),
    )
    region = RegionChoiceField()
    consent_processing = forms.BooleanField(
        label=_("I agree to the processing of my personal data to count this signature"),
        error_messages={"required": _("Your signature cannot be counted without this consent.")},
    )
    show_name = forms.BooleanField(label=_("Show my name publicly on this appeal"), required=False)
    notify = forms.BooleanField(label=_("E-mail me when the appeal is answered"), required=False)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def signing_kwargs(self) -> dict:
        """The cleaned fields `signature_create` takes, for every page that signs."""
        names = ("name", "email", "region", "show_name", "notify")
        return {name: self.cleaned_data[name] for name in names}

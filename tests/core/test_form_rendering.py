"""The form renderer writes the commonest widgets in Python: the markup must be Django's own,
character for character, or a page would change under its users."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from heard.addresses.queue_forms import QueueFilterForm
from heard.addresses.views.bulk import BulkForm
from heard.core.form_rendering import FormRenderer
from heard.offices.models import Department
from tests import factories


class EveryWidget(forms.Form):
    text = forms.CharField(label="Text", max_length=20, required=False)
    required_text = forms.CharField(label="Required", help_text="help & <more>")
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, min_value=0)
    decimal = forms.DecimalField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    url = forms.URLField(required=False)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    choice = forms.ChoiceField(
        choices=[("", "—"), ("a", "A & B"), ("b", gettext_lazy("answered")), (3, 1234567)],
        required=False,
    )
    grouped = forms.ChoiceField(
        choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")], required=False)
    flags = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "disabled": False,
                                      "data-x": mark_safe("<b>"), "data-y": 'say "hi"'}),
    )


DATA = [
    None,
    {},
    {"text": "<script>&", "required_text": "", "email": "not an e-mail", "number": "-1",
     "decimal": "1,5", "day": "2026-12-07", "moment": "2026-12-07T10:00", "secret": "s",
     "hidden": "h\"", "url": "x", "agree": "on", "note": "line\n<two>", "choice": "b",
     "grouped": "y", "many": ["a", "c"], "flags": "1"},
    {"choice": "3", "grouped": "nope", "note": "", "number": "12345678"},
]


def _both(form_class, data, **kwargs) -> tuple[list[str], list[str]]:
    fast, slow = FormRenderer(), DjangoTemplates()
    ours = [str(field) for field in form_class(data, renderer=fast, **kwargs)]
    theirs = [str(field) for field in form_class(data, renderer=slow, **kwargs)]
    return ours, theirs


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_widget_renders_as_djangos_templates_do(data, language):
    with override(language):
        ours, theirs = _both(EveryWidget, data, initial={"text": 12345, "day": datetime.date(
            2026, 1, 2)})
    assert ours == theirs


@pytest.mark.django_db
def test_the_queues_forms_render_as_djangos_templates_do():
    addressee = factories.addressee()
    Department.objects.create(addressee=addressee, code="pensions", name='Pensions & "benefits"')
    for data in (None, {"q": "пенсия", "region": "x", "sort": "-received", "status": "answered"}):
        ours, theirs = _both(QueueFilterForm, data, addressee=addressee)
        assert ours == theirs
    ours, theirs = _both(BulkForm, None, addressee=addressee)
    assert ours == theirs


def test_a_widget_template_an_app_overrides_is_rendered_by_that_template(monkeypatch):
    class Overridden(FormRenderer):
        def _is_djangos(self, template_name):
            return not template_name.endswith("select.html")

    used = []
    real = DjangoTemplates.render

    def recorded(self, template_name, context, request=None):
        used.append(template_name)
        return real(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", recorded)
    form = EveryWidget(renderer=Overridden())
    str(form["choice"]), str(form["text"])

    assert used == ["django/forms/widgets/select.html"]

"""Django's form renderer with the commonest widgets written out in Python (decision 0565).

Django renders a <select> by including one template per option, and each option includes the
attributes' template again: the queue's filters and bulk form (16 widgets, 120 options) took
about 50 ms of CPU a page, more than the page's SQL. The markup below is the markup of
Django's own templates, character for character (tests/core/test_form_rendering.py renders
every widget both ways and compares); any other template, or one of these overridden by an
installed app, goes through the templates as before."""

import django
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    WIDGETS + name
    for name in (
        "input.html", "text.html", "email.html", "number.html", "date.html", "datetime.html",
        "time.html", "url.html", "password.html", "hidden.html", "search.html", "tel.html",
        "checkbox.html",
    )
)
SELECT = WIDGETS + "select.html"
OPTION = WIDGETS + "select_option.html"
TEXTAREA = WIDGETS + "textarea.html"
ATTRS = WIDGETS + "attrs.html"
_CONTEXT = Context(autoescape=True)


def shown(value) -> str:
    """`{{ value }}` as a template with autoescaping prints it (localised, escaped); the
    staff queue's rows use it too (heard/addresses/queue_rows.py)."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 - the filter's own formatting
    except (ValueError, TypeError):
        text = ""
    if isinstance(value, SafeData):
        text = mark_safe(text)  # noqa: S308 - the filter is is_safe: safe in, safe out
    return conditional_escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {shown(name)}")
        if value is not True:
            parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    value_attribute = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{shown(widget["type"])}" name="{shown(widget["name"])}"'
        f"{value_attribute}{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{shown(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{shown(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{shown(value) if value else ''}</textarea>"
    )


class FormRenderer(DjangoTemplates):
    """FORM_RENDERER: Django's DjangoTemplates renderer, with the widgets above in Python."""

    def render(self, template_name, context, request=None):
        if template_name in self._python_rendered:
            widget = context["widget"]
            if template_name == SELECT:
                html = _select(widget)
            elif template_name == TEXTAREA:
                html = _textarea(widget)
            else:
                html = _input(widget)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)

    @property
    def _python_rendered(self) -> frozenset:
        if not hasattr(self, "_own_templates"):
            # Only Django's own templates: an app that overrides one keeps it (and the ones
            # that include it: every input includes input.html, every widget attrs.html).
            own = {name for name in (*INPUT_TEMPLATES, SELECT, OPTION, TEXTAREA, ATTRS)
                   if self._is_djangos(name)}
            if ATTRS not in own:
                own = set()
            if WIDGETS + "input.html" not in own:
                own -= INPUT_TEMPLATES
            if OPTION not in own:
                own.discard(SELECT)
            self._own_templates = frozenset(own - {OPTION, ATTRS})
        return self._own_templates

    def _is_djangos(self, template_name: str) -> bool:
        origin = self.get_template(template_name).origin.name
        return origin.startswith(django.__path__[0])

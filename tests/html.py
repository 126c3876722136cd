"""Small readers of rendered pages, for assertions about what a visitor sees."""

import re
from html.parser import HTMLParser


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_targets: set[str] = set()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        if tag in ("input", "select", "textarea") and attributes.get("type") not in (
            "hidden",
            "submit",
        ):
            self.controls.append(attributes)


def controls_without_labels(html: str) -> list[str]:
    """Names of form controls that no <label for=…> names."""
    parser = _Controls()
    parser.feed(html)
    return [
        control.get("name", "?")
        for control in parser.controls
        if control.get("id") not in parser.label_targets
    ]


def dangling_descriptions(html: str) -> list[str]:
    """aria-describedby references to ids that are not on the page."""
    parser = _Controls()
    parser.feed(html)
    missing = []
    for control in parser.controls:
        for target in (control.get("aria-describedby") or "").split():
            if target not in parser.ids:
                missing.append(target)
    return missing


def without_csrf_tokens(html: str) -> str:
    """The page with its per-response CSRF token blanked out (it differs on every render)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)

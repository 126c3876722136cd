"""How Open311 answers leave: JSON, or XML (the standard's default) when the path ends in .xml,
with errors in the standard's shape in either (decision 0505)."""

import json
import re
import xml.etree.ElementTree as ET

from django.http import HttpRequest, HttpResponse
from ninja.responses import NinjaJSONEncoder

XML = "text/xml; charset=utf-8"
JSON = "application/json; charset=utf-8"
# XML 1.0 cannot carry these characters at all, escaped or not.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The element of each item in a list that the standard names.
ITEMS = {"endpoints": "endpoint", "formats": "format"}


def wants_xml(request: HttpRequest) -> bool:
    return request.path.endswith(".xml")


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        # Dates as the JSON answer writes them, so both formats agree to the character.
        value = json.loads(json.dumps(value, cls=NinjaJSONEncoder))
    return NOT_IN_XML.sub("", str(value))


def _element(parent: ET.Element, tag: str, value) -> None:
    child = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, inner in value.items():
            _element(child, key, inner)
    elif isinstance(value, list):
        for inner in value:
            _element(child, ITEMS.get(tag, "item"), inner)
    else:
        child.text = _text(value)


def xml_bytes(data, *, root: str, item: str) -> bytes:
    """`data` is a list (each a dict becomes an <item>) or a dict (the root's children)."""
    top = ET.Element(root)
    if isinstance(data, list):
        for row in data:
            _element(top, item, row)
    else:
        for key, value in data.items():
            _element(top, key, value)
    return ET.tostring(top, encoding="utf-8", xml_declaration=True)


def answer(
    request: HttpRequest, data, *, status: int = 200, root: str, item: str = ""
) -> HttpResponse:
    if wants_xml(request):
        return HttpResponse(xml_bytes(data, root=root, item=item), status=status, content_type=XML)
    return HttpResponse(json.dumps(data, cls=NinjaJSONEncoder), status=status, content_type=JSON)


def error(request: HttpRequest, status: int, description: str) -> HttpResponse:
    """The standard's error list: [{"code", "description"}], <errors><error>… in XML."""
    errors = [{"code": status, "description": str(description)}]
    return answer(request, errors, status=status, root="errors", item="error")

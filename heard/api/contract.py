"""What every endpoint may answer besides its own responses, declared in the OpenAPI schema.

The input-cleaning layer (heard.core.cleaning) answers before any endpoint: 400 for input that
cannot be stored, 415 for a write that is not JSON; the rate limits answer 429 with Retry-After.
Declaring them here, once for every operation, keeps the schema the whole contract: a client
generated from it, or schemathesis, meets no undeclared status (decision 0501)."""

from ninja import NinjaAPI

API_ERROR = {
    "type": "object",
    "properties": {"code": {"type": "string"}, "detail": {"type": "string"}},
    "required": ["code", "detail"],
}
OPEN311_ERROR = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
        "required": ["code", "description"],
    },
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}
WRITES = ("post", "put", "patch")
# What heard.core.cleaning.rules.UNSTORABLE_TEXT refuses, as a JSON Schema (ECMA) pattern.
STORABLE_TEXT = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$"


def _answer(description: str, body: dict, headers: dict | None = None) -> dict:
    answer = {"description": description, "content": {"application/json": {"schema": body}}}
    if headers:
        answer["headers"] = headers
    return answer


def _declare(responses: dict, status: int, answer: dict) -> None:
    # Ninja keys its own responses by int; a status an endpoint declares itself is kept.
    if status not in responses and str(status) not in responses:
        responses[status] = answer


def _storable(node: dict) -> None:
    if node.get("type") == "string" and not {"pattern", "enum", "format"} & node.keys():
        node["pattern"] = STORABLE_TEXT


def _input_schemas(schema: dict):
    """The schemas of parameters and of request bodies' properties (bodies are components)."""
    components = schema.get("components", {}).get("schemas", {})
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                yield parameter.get("schema", {})
            for media in operation.get("requestBody", {}).get("content", {}).values():
                body = media.get("schema", {})
                body = components.get(body.get("$ref", "").rsplit("/", 1)[-1], body)
                yield from body.get("properties", {}).values()


def common_answers_declare(*, schema: dict, error_body: dict, json_only: bool) -> dict:
    """Adds 400, 414, 429 and (for JSON writes when `json_only`) 415 to every operation that does
    not declare them itself; says in every text input's pattern which characters are refused."""
    for node in _input_schemas(schema):
        _storable(node)
    invalid = _answer("Invalid input, e.g. a character that cannot be stored.", error_body)
    too_long = {"description": "The request line is longer than the server takes (4 KiB)."}
    limited = _answer("Too many requests; try again later.", error_body, RETRY_AFTER)
    not_json = _answer("The body is not application/json.", error_body)
    for route, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            _declare(responses, 400, invalid)
            _declare(responses, 414, too_long)
            _declare(responses, 429, limited)
            if json_only and method in WRITES and "requestBody" in operation:
                _declare(responses, 415, not_json)
            if route.endswith(".xml"):
                _as_xml(responses)
    return schema


def _as_xml(responses: dict) -> None:
    """Open311's .xml routes answer the same records as XML (open311_formats.py)."""
    for key, answer in list(responses.items()):
        content = answer.get("content")
        if content:
            schema = next(iter(content.values())).get("schema", {})
            responses[key] = answer | {"content": {"text/xml": {"schema": schema}}}


class DeclaredAPI(NinjaAPI):
    """A NinjaAPI whose schema declares the answers every endpoint may give (see above)."""

    def __init__(self, *args, error_body: dict = API_ERROR, json_only: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_body = error_body
        self.json_only = json_only

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return common_answers_declare(
            schema=schema, error_body=self.error_body, json_only=self.json_only
        )

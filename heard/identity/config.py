"""The configured OpenID providers as settings read them (HEARD_OIDC_PROVIDERS, a JSON list in
the environment). Imports nothing of Django's but its exception, so settings can use it.

A provider is {"slug", "name", "issuer", "client_id", "client_secret", "scopes", "claims"};
`claims` maps what heard may take from the ID token ("name", "email", "region") to the claim
names this provider uses. Discovery reads `<issuer>/.well-known/openid-configuration`.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

CLAIMS = ("name", "email", "region")


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str
    issuer: str
    client_id: str
    client_secret: str = ""
    scopes: tuple[str, ...] = ("openid", "profile")
    claims: dict[str, str] = field(default_factory=dict)

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"


def providers_parse(text: str) -> list[Provider]:
    """The providers a JSON list describes; a clear error for a malformed one."""
    if not text.strip():
        return []
    try:
        entries = json.loads(text)
    except ValueError as error:
        raise ImproperlyConfigured(f"HEARD_OIDC_PROVIDERS is not JSON: {error}") from error
    providers = []
    for entry in entries if isinstance(entries, list) else [entries]:
        missing = {"slug", "name", "issuer", "client_id"} - set(entry)
        if missing:
            raise ImproperlyConfigured(f"HEARD_OIDC_PROVIDERS entry lacks {sorted(missing)}")
        scopes = tuple(entry.get("scopes") or ("openid", "profile"))
        if "openid" not in scopes:
            scopes = ("openid", *scopes)
        claims = {key: value for key, value in (entry.get("claims") or {}).items()}
        unknown = set(claims) - set(CLAIMS)
        if unknown:
            raise ImproperlyConfigured(f"HEARD_OIDC_PROVIDERS claims: unknown {sorted(unknown)}")
        providers.append(
            Provider(
                slug=str(entry["slug"]),
                name=str(entry["name"]),
                issuer=str(entry["issuer"]).rstrip("/"),
                client_id=str(entry["client_id"]),
                client_secret=str(entry.get("client_secret", "")),
                scopes=scopes,
                claims=claims,
            )
        )
    return providers

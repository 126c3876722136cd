"""The Authlib client of each configured provider (config.py), registered lazily."""

from authlib.integrations.django_client import OAuth
from django.conf import settings

from heard.identity.config import CLAIMS, Provider

__all__ = ["CLAIMS", "Provider", "provider_by_slug", "provider_client", "providers_all"]

_registry: dict[str, tuple[OAuth, dict[str, Provider]]] = {}


def _configured() -> tuple[OAuth, dict[str, Provider]]:
    # Keyed by the setting's value, so that a test that changes it gets fresh clients.
    key = repr(settings.HEARD_OIDC_PROVIDERS)
    if key not in _registry:
        oauth = OAuth()
        by_slug = {}
        for provider in settings.HEARD_OIDC_PROVIDERS:
            by_slug[provider.slug] = provider
            oauth.register(
                name=provider.slug,
                client_id=provider.client_id,
                client_secret=provider.client_secret or None,
                server_metadata_url=provider.discovery_url,
                client_kwargs={
                    "scope": " ".join(provider.scopes),
                    "code_challenge_method": "S256",
                    "token_endpoint_auth_method": (
                        "client_secret_basic" if provider.client_secret else "none"
                    ),
                    "timeout": settings.HEARD_OIDC_TIMEOUT_SECONDS,
                },
            )
        _registry.clear()
        _registry[key] = (oauth, by_slug)
    return _registry[key]


def providers_all() -> list[Provider]:
    return list(settings.HEARD_OIDC_PROVIDERS)


def provider_by_slug(slug: str) -> Provider | None:
    return _configured()[1].get(slug)


def provider_client(provider: Provider):
    """Authlib's Django client for this provider (it runs the code flow with PKCE)."""
    return _configured()[0].create_client(provider.slug)

"""The authorization code flow with PKCE, run by Authlib's Django client: begin (remember what
the person asked to do, send them to their provider) and finish (check the answer, return the
verified subject and the mapped claims). Nothing of the answer is logged or kept here."""

import time
from dataclasses import dataclass

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from joserfc.errors import BadSignatureError, ExpiredTokenError, InvalidClaimError, JoseError

from heard.identity.providers import CLAIMS, Provider, provider_by_slug, provider_client

FLOWS = "identity_flows"
# The most flows one browser may have open at once (a person who starts again and again).
MOST_FLOWS = 5


class IdentityRefused(Exception):
    """An answer from a provider that cannot be trusted; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Verified:
    provider: Provider
    subject: str
    claims: dict  # only the mapped ones (name, email, region), never the token
    action: str
    payload: dict
    language: str


def _callback_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("identity_callback:callback"))


def flow_begin(
    request: HttpRequest, *, provider: Provider, action: str, payload: dict
) -> HttpResponse:
    """Send the person to `provider`, remembering in their session what to do on return."""
    client = provider_client(provider)
    metadata = client.load_server_metadata()
    if metadata.get("issuer", "").rstrip("/") != provider.issuer:
        # OpenID Connect Discovery 1.0, 4.3: the document must name the issuer it was asked of.
        raise IdentityRefused(_("The identity provider describes itself as another issuer."))
    answer = client.create_authorization_url(_callback_url(request))
    client.save_authorize_data(request, redirect_uri=_callback_url(request), **answer)
    flows = dict(request.session.get(FLOWS, {}))
    while len(flows) >= MOST_FLOWS:
        flows.pop(next(iter(flows)))
    flows[answer["state"]] = {
        "provider": provider.slug,
        "action": action,
        "payload": payload,
        "started": time.time(),
        "language": get_language(),
    }
    request.session[FLOWS] = flows
    response = HttpResponse(status=302)
    response["Location"] = answer["url"]
    return response


def _flow_take(request: HttpRequest) -> dict:
    # A state is good once: taken from the session whatever happens next.
    flows = dict(request.session.get(FLOWS, {}))
    flow = flows.pop(request.GET.get("state", ""), None)
    request.session[FLOWS] = flows
    if flow is None:
        raise IdentityRefused(
            _("This sign-in answer does not belong to a sign-in started here, or was used already.")
        )
    if time.time() - flow["started"] > settings.HEARD_OIDC_FLOW_SECONDS:
        raise IdentityRefused(_("The sign-in took too long. Please start again."))
    return flow


def flow_finish(request: HttpRequest) -> Verified:
    """The verified identity of the person returning from their provider, or IdentityRefused."""
    flow = _flow_take(request)
    provider = provider_by_slug(flow["provider"])
    if provider is None:
        raise IdentityRefused(_("This identity provider is no longer offered."))
    if request.GET.get("error"):
        raise IdentityRefused(_("The identity provider did not confirm your identity."))
    # RFC 9207: an answer that names its issuer must name the one this flow was sent to.
    if request.GET.get("iss", provider.issuer).rstrip("/") != provider.issuer:
        raise IdentityRefused(_("This answer comes from another identity provider."))
    client = provider_client(provider)
    options = {"iss": {"essential": True, "values": [provider.issuer]}}
    try:
        token = client.authorize_access_token(request, claims_options=options)
    except MismatchingStateError as error:
        raise IdentityRefused(
            _("This sign-in answer does not match the sign-in started here.")
        ) from error
    except OAuthError as error:
        raise IdentityRefused(
            _("The identity provider refused the code: it has expired or was used already.")
        ) from error
    except BadSignatureError as error:
        raise IdentityRefused(_("The identity token's signature is not the provider's.")) from error
    except ExpiredTokenError as error:
        raise IdentityRefused(_("The identity token has expired.")) from error
    except InvalidClaimError as error:
        if error.claim == "nonce":
            message = _("The identity token was issued for another sign-in.")
        elif error.claim == "iss":
            message = _("This answer comes from another identity provider.")
        else:
            message = _("The identity token is not valid.")
        raise IdentityRefused(message) from error
    except (JoseError, ValueError, KeyError) as error:
        raise IdentityRefused(_("The identity token is not valid.")) from error
    except requests.RequestException as error:
        raise IdentityRefused(_("The identity provider cannot be reached now.")) from error
    userinfo = token.get("userinfo") or {}
    subject = str(userinfo.get("sub", ""))
    if not subject:
        raise IdentityRefused(_("The identity provider did not send an ID token."))
    claims = {
        key: str(userinfo[provider.claims.get(key, key)])
        for key in CLAIMS
        if userinfo.get(provider.claims.get(key, key))
    }
    return Verified(provider, subject, claims, flow["action"], flow["payload"], flow["language"])

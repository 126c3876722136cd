"""The address django-axes keys lockouts on: never the visitor's IP, a stable pseudonym of it.

heard keeps IP addresses only as salted hashes (heard.signatures.privacy.ip_digest); axes stores
its key in a GenericIPAddressField, so the digest is folded into an IPv6 address in the unique
local range fd00::/8 (which no visitor can have): the same visitor gets the same pseudonym, and
nobody can read the address back from it without the salt.
"""

import ipaddress

from heard.signatures.privacy import client_ip, ip_digest


def pseudonymous_ip(ip: str) -> str:
    digest = ip_digest(ip) or "0" * 64
    return str(ipaddress.IPv6Address(bytes.fromhex("fd" + digest[:30])))


def axes_client_ip(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: honours HEARD_CLIENT_IP_HEADER as the fraud rules do."""
    return pseudonymous_ip(client_ip(request))

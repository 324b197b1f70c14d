"""The visitor's address: the only place any code learns it.

Behind a reverse proxy every connection comes from the proxy, and the visitor's address is in
``X-Forwarded-For``, which the visitor can also write. So the header is believed only as far as
the operator says, in the ``TRUSTED_PROXIES`` setting:

- empty or ``0`` (the default): no proxy; the connection's address is the visitor's and
  ``X-Forwarded-For`` is ignored;
- a number *n*: exactly *n* proxies in front, each appending the address it saw; the visitor is
  the *n*-th address from the right of the chain ``X-Forwarded-For + connection``;
- addresses or networks (``127.0.0.1, 10.0.0.0/8``): the chain is read from the right, skipping
  trusted proxies; the first address that is not one is the visitor.

Addresses a proxy wrote that are not valid IP addresses end the walk: what is left of them can
have been written by anyone. Used by django-axes (login lockout), the view counter and every rate
limit. Why not django-ipware: without configuration it takes the first public address of the
header, which the visitor chooses; here nothing is believed unless configured.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _parse_setting(value: str) -> int | tuple[Network, ...]:
    value = (value or "").strip()
    if not value:
        return 0
    if value.isdigit():
        return int(value)
    try:
        return tuple(
            ipaddress.ip_network(part.strip(), strict=False)
            for part in value.split(",")
            if part.strip()
        )
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must be a number or a list of addresses/networks: {exc}"
        ) from exc


def _address(text: str):
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.5:5123"
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_ip(request) -> str:
    """The visitor's address as a string (the connection's when nothing else is trusted)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = _parse_setting(str(getattr(settings, "TRUSTED_PROXIES", "") or ""))
    if not trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [part for part in forwarded.split(",") if part.strip()] + [remote]
    if isinstance(trusted, int):
        if len(chain) <= trusted:
            return remote  # came around the proxies: the header is not theirs
        candidate = _address(chain[-(trusted + 1)])
        return str(candidate) if candidate is not None else remote
    if _address(remote) is None or not _is_trusted(_address(remote), trusted):
        return remote  # not from a trusted proxy: believe nothing it says
    client = _address(remote)
    for part in reversed(chain[:-1]):
        address = _address(part)
        if address is None:
            break
        client = address
        if not _is_trusted(address, trusted):
            break
    return str(client)


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    if address is None:
        return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return any(address.version == net.version and address in net for net in networks)

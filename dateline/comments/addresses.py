"""The one place that reads a client's address and turns it into what Dateline may keep.

Nothing else touches REMOTE_ADDR or X-Forwarded-For. What is stored is never the address:
- a keyed hash (HMAC-SHA256) under a secret that rotates every DATELINE_COMMENTS_ADDRESS_KEY_DAYS
  days; only the current and the previous period's secrets are kept, so a hash older than that
  can no longer be matched to any address by anyone — that is what lets flood control and abuse
  tracking work without building a lasting record of who wrote what. The secrets are kept outside
  the database (`address_keys.py`), so a copy of the database cannot test guesses against a hash;
- the anonymised network: the address with its host part cut off (/24 for IPv4, /48 for IPv6),
  enough to see that a wave of spam comes from one provider, not enough to find a reader.
"""

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

from .address_keys import keyring, period_seconds

IPV4_NETWORK_PREFIX = 24
IPV6_NETWORK_PREFIX = 48

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class StoredAddress:
    """What is kept of a client address: its keyed hash and its network ("" when unknown)."""

    hash: str
    network: str


@lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(raw: str | None) -> Address | None:
    """Return the address in `raw`, with IPv4-mapped IPv6 unwrapped; None when it is not one."""
    if not raw:
        return None
    raw = raw.strip()
    if raw.startswith("[") and "]" in raw:  # "[2001:db8::1]:443" from some proxies
        raw = raw[1 : raw.index("]")]
    elif raw.count(":") == 1:  # "203.0.113.7:51234"
        raw = raw.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(raw.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted_proxy(address: Address) -> bool:
    networks = _trusted_networks(tuple(settings.DATELINE_TRUSTED_PROXIES))
    return any(address.version == network.version and address in network for network in networks)


def client_address(request) -> str:
    """Return the address of the client that sent the request, as text ("" when unknown).

    X-Forwarded-For is believed only when the connection itself comes from a trusted proxy
    (DATELINE_TRUSTED_PROXIES), and then read from the right: each trusted proxy appends the
    address it saw, so the first address from the right that is not a trusted proxy is the
    client. Anything to its left was written by the client and could be forged.
    """
    peer = _parse(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return ""
    if not _is_trusted_proxy(peer):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [_parse(hop) for hop in forwarded.split(",")]
    for hop in reversed(hops):
        if hop is None:
            break  # a garbled entry: stop at the last address a trusted proxy vouched for
        if not _is_trusted_proxy(hop):
            return str(hop)
        peer = hop
    return str(peer)


def anonymised_network(address: Address) -> str:
    """Return the /24 (IPv4) or /48 (IPv6) network the address belongs to, e.g. "203.0.113.0/24"."""
    prefix = IPV4_NETWORK_PREFIX if address.version == 4 else IPV6_NETWORK_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _period(now=None) -> int:
    return int((now or timezone.now()).timestamp() // period_seconds())


def _hash(secret: bytes, address: Address) -> str:
    return hmac.new(secret, address.packed, hashlib.sha256).hexdigest()


def stored_address(raw: str | None, now=None) -> StoredAddress:
    """Return what may be stored of the raw address: its keyed hash and anonymised network."""
    address = _parse(raw)
    if address is None:
        return StoredAddress(hash="", network="")
    secret = keyring().secret(_period(now), create=True)
    return StoredAddress(hash=_hash(secret, address), network=anonymised_network(address))


def recent_hashes(raw: str | None, now=None) -> list[str]:
    """Return the address's hash under the current key, then under the previous one if kept.

    Flood control looks back a few seconds, which may cross a key rotation; asking under both
    keys means a rotation never opens a gap.
    """
    address = _parse(raw)
    if address is None:
        return []
    period = _period(now)
    hashes = [_hash(keyring().secret(period, create=True), address)]
    previous = keyring().secret(period - 1, create=False)
    if previous is not None:
        hashes.append(_hash(previous, address))
    return hashes


def destroy_expired_keys(now=None) -> int:
    """Delete the keys of periods before the previous one; return how many went."""
    return keyring().destroy_before(_period(now) - 1)

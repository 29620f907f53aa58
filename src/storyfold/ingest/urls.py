"""Which URLs storyfold may fetch: http(s) only, and by default only public addresses.

A URL in a feed or a redirect is chosen by someone else; without this rule it could make
storyfold reach the user's router, a cloud metadata service or a database on localhost.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from storyfold.errors import FetchError

# Given a host name and port, the addresses it resolves to (as text).
Resolver = Callable[[str, int], Sequence[str]]

SCHEMES = ("http", "https")


def is_url(text: str) -> bool:
    return urlsplit(text.strip()).scheme.lower() in SCHEMES


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def split_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or FetchError naming the URL."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # a bad port or an unbalanced IPv6 bracket
        raise FetchError(f"not a valid URL: {exc}", input=url) from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise FetchError(f"only http and https URLs can be fetched, not {scheme!r}", input=url)
    if not parts.hostname:
        raise FetchError("the URL has no host", input=url)
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


def non_public_reason(address: str) -> str | None:
    """Why ``address`` is not a public internet address, or None when it is one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # "::ffff:127.0.0.1" reaches 127.0.0.1
    checks = (  # the most specific name first: 127.0.0.1 is private too, but loopback says more
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("unspecified", ip.is_unspecified),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        # Shared address space (100.64.0.0/10, carrier NAT) and the like: not private by
        # Python's table but not reachable on the public internet either.
        ("non-global", not ip.is_global),
    )
    for name, hit in checks:
        if hit:
            return f"{name} address {ip}"
    return None


def check_address(url: str, *, allow_private: bool, resolver: Resolver) -> None:
    """Raise FetchError unless every address the URL's host resolves to may be fetched.

    Every address is checked, not only the first: a host that resolves to one public and
    one private address would otherwise reach the private one on a retry. The HTTP client
    resolves the name again when it connects, so a DNS server that answers differently
    the second time (rebinding) is not stopped by this check; pinning the address would
    need a custom transport.
    """
    _, host, port = split_url(url)
    if allow_private:
        return
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}", input=url) from exc
    if not addresses:
        raise FetchError(f"host {host!r} resolves to no address", input=url)
    for address in addresses:
        reason = non_public_reason(address)
        if reason is not None:
            raise FetchError(
                f"refused: {host} resolves to a {reason} "
                "(private, loopback and link-local addresses need allow_private / "
                "--allow-private)",
                input=url,
            )

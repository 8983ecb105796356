"""Pure parsers for the hosts_file probe: hosts-file text in, redirected domains out.

A hosts line is `address name [name...]`, with `#` starting a comment anywhere. Lines
that are not that shape (a bad address, no names) are skipped and counted, never guessed
at. An entry that points a watched domain (or any subdomain of it) at loopback or the
unspecified address only blocks it; any other address is a redirection.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

# What a host name in a hosts file may look like (after lower-casing): labels of letters,
# digits, '-' and '_' (seen in the wild), separated by dots.
_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$")


@dataclass(frozen=True)
class HostsEntry:
    address: str  # as written in the file
    name: str  # lower case, without a trailing dot
    line: int


@dataclass(frozen=True)
class HostsFile:
    entries: tuple[HostsEntry, ...]
    skipped_lines: int  # lines with content that are not `address name...`
    # Names on skipped lines whose first field is not an address securecheck can read: a
    # resolver with looser rules (inet_aton takes "1.2.3") might still use them.
    unreadable: tuple[HostsEntry, ...] = ()
    binary: bool = False  # NUL bytes: not a text hosts file (UTF-16, or not a hosts file)


def normalize_name(name: str) -> str | None:
    """Lower case without the trailing dot; None when it is not a host name."""
    clean = name.lower().removesuffix(".")
    return clean if _NAME.match(clean) else None


def parse_address(token: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(token)
    except ValueError:
        return None


def parse_hosts(text: str) -> HostsFile:
    """Every (address, name) pair of a hosts file; never raises."""
    if "\x00" in text:
        return HostsFile((), 0, binary=True)
    entries: list[HostsEntry] = []
    unreadable: list[HostsEntry] = []
    skipped = 0
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        content = raw.split("#", 1)[0].strip()
        if not content:
            continue
        address, *rest = content.split()
        # A bad name does not void the line: resolvers still use the good names on it.
        names = [n for n in (normalize_name(f) for f in rest) if n is not None]
        if parse_address(address) is None or not names:
            skipped += 1
            unreadable.extend(HostsEntry(address, n, number) for n in names)
            continue
        entries.extend(HostsEntry(address, n, number) for n in names)
    return HostsFile(tuple(entries), skipped, tuple(unreadable))


def is_blocking(address: str) -> bool:
    """Loopback (127.0.0.0/8, ::1) or unspecified (0.0.0.0, ::): the name is blocked."""
    ip = parse_address(address)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def watched(name: str, domains: frozenset[str]) -> bool:
    """Whether `name` is a listed domain or a subdomain of one (www.okx.com for okx.com)."""
    labels = name.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels) - 1))


def find_hijacks(entries: Iterable[HostsEntry], domains: frozenset[str]) -> list[str]:
    """Sorted, unique "name -> address" for watched names sent to a real address."""
    found = {
        f"{e.name} -> {e.address}"
        for e in entries
        if watched(e.name, domains) and not is_blocking(e.address)
    }
    return sorted(found)


def search_argv(system: str, path: str, domains: Iterable[str]) -> tuple[str, ...]:
    """A command printing only the lines of `path` that mention a listed domain.

    Used when the file is too large to read whole: the lines it prints are whole hosts
    lines, so `parse_hosts` reads them like the file itself.
    """
    ordered = sorted(domains)
    if system == "windows":
        return ("findstr", "/I", "/L", *(f"/C:{d}" for d in ordered), path)
    return ("grep", "-i", "-F", *(arg for d in ordered for arg in ("-e", d)), "--", path)

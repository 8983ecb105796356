"""Where the breach range API is, and which base URLs securecheck accepts for it.

Kept apart from `breaches_online` (which loads http.client, ssl and email) so that every
command can check `--breaches-api` and the saved setting without loading a network stack.
"""

from __future__ import annotations

import ipaddress
import urllib.parse

from securecheck.core.errors import UsageError
from securecheck.core.inert import inert

DEFAULT_API = "https://api.pwnedpasswords.com/range/"


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_api_url(url: str, what: str = "--breaches-api") -> str:
    """The base URL, if allowed: https://, or http:// to a loopback address (a test server)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if not host or parts.username or parts.password or parts.query or parts.fragment:
        raise UsageError(f"{what}: {inert(url)!r} is not a base URL such as {DEFAULT_API}")
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(host)):
        return url
    raise UsageError(
        f"{what}: must start with https:// (http:// only for a loopback address), "
        f"not {inert(url)!r}"
    )

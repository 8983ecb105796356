"""What a password-manager export holds, for securecheck: entries, and errors at file:line.

An entry keeps its password and user name as `Secret`s; only its title and domain are ever
shown. Every parser is pure: bytes in, entries out, nothing written, the file never touched.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from securecheck.core.errors import InputError, Problem
from securecheck.core.secret import Secret

MAX_EXPORT_BYTES = 64 * 1024 * 1024  # a 5,000-entry export is about 1 MiB
MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class VaultEntry:
    title: str
    domain: str | None  # the host of its first web address, lower case, without "www."
    password: Secret
    username: Secret
    has_totp: bool  # an authenticator (TOTP) secret is stored with it
    line: int | None = None  # where it starts in the export (for errors), when known

    def __repr__(self) -> str:
        return f"VaultEntry(title={self.title!r}, domain={self.domain!r}, ***)"


@dataclass(frozen=True)
class Export:
    format: str  # e.g. "bitwarden-csv"
    label: str  # e.g. "Bitwarden CSV"
    entries: tuple[VaultEntry, ...]


def domain_of(url: str) -> str | None:
    """The host of a web address ("https://www.okx.com/login" -> "okx.com"); None otherwise."""
    text = url.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urllib.parse.urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "." not in host:
        return None
    host = host.rstrip(".").lower()
    return host.removeprefix("www.") if host.count(".") > 1 else host


def title_of(text: str, domain: str | None) -> str:
    title = " ".join(text.split())[:MAX_TITLE_CHARS]
    return title or domain or "(untitled)"


def entry(
    title: str, url: str, password: str, username: str, totp: bool, line: int | None
) -> VaultEntry | None:
    """An entry worth checking (it has a password), or None."""
    if not password:
        return None
    domain = domain_of(url)
    return VaultEntry(
        title_of(title, domain), domain, Secret(password), Secret(username), totp, line
    )


def problem(
    path: str, message: str, line: int | None = None, field: str | None = None
) -> InputError:
    return InputError([Problem(path, message, line, None, field)])

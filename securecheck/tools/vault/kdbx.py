"""KeePass databases (`.kdbx`, KDBX 3 and 4), opened read-only with pykeepass.

The master password comes in as a `Secret` (read like `--password-stdin`: never argv or the
environment) and is handed to pykeepass only; the database is decrypted in memory and the file
is never written (pykeepass writes only on `save()`, which is never called). Key files and
hardware keys are not supported: such a database is refused with what to do instead.

pykeepass is GPL-3.0 and loads only for a `.kdbx` file (the `kdbx` extra installs it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from securecheck.core.secret import Secret
from securecheck.tools.vault.model import Export, VaultEntry, entry, problem

SIGNATURE = bytes.fromhex("03d9a29a67fb4bb5")  # KeePass 2.x: sig1 0x9AA2D903, sig2 0xB54BFB67
WRONG = (
    "the master password is wrong, or the database also needs a key file or a hardware key "
    "(not supported: export it as CSV from KeePassXC instead)"
)


def is_kdbx(raw: bytes) -> bool:
    return raw[:8] == SIGNATURE


def _totp(item: Any) -> bool:
    props = getattr(item, "custom_properties", {}) or {}
    # KeePassXC keeps "otp" (an otpauth:// URI); KeeTrayTOTP and KeePass 2.47+ other names.
    names = {"otp", "totp seed", "timeotp-secret", "timeotp-secret-base32", "totp"}
    return any(str(k).lower() in names and str(v).strip() for k, v in props.items())


def read_kdbx(path: Path, master: Secret | None) -> Export:
    if master is None:
        raise problem(
            str(path), "a KeePass database: give its master password with --password-stdin"
        )
    try:
        from pykeepass import PyKeePass  # type: ignore[import-untyped,unused-ignore]
        from pykeepass.exceptions import (  # type: ignore[import-untyped,unused-ignore]
            CredentialsError,
        )
    except ImportError:
        raise problem(
            str(path), "reading .kdbx needs pykeepass: pip install 'securecheck[kdbx]'"
        ) from None
    try:
        database = PyKeePass(str(path), password=master.reveal())
    except CredentialsError:
        raise problem(str(path), WRONG) from None
    except Exception as exc:  # construct, lxml and crypto errors: a damaged or truncated file
        raise problem(
            str(path), f"not a readable KeePass database ({type(exc).__name__}): is it truncated?"
        ) from None
    entries: list[VaultEntry] = []
    recycle = getattr(database, "recyclebin_group", None)
    for item in database.entries or []:
        if recycle is not None and _in_group(item, recycle):
            continue
        found = entry(
            str(item.title or ""),
            str(item.url or ""),
            str(item.password or ""),
            str(item.username or ""),
            _totp(item),
            None,
        )
        if found is not None:
            entries.append(found)
    return Export("kdbx", "KeePass database (KDBX)", tuple(entries))


def _in_group(item: Any, group: Any) -> bool:
    parent = getattr(item, "group", None)
    while parent is not None:
        if parent == group:
            return True
        parent = getattr(parent, "parentgroup", None)
    return False

"""Password-manager exports for tests, in every format `securecheck vault` reads, all holding
the same planted entries (weak, reused, breached, 2FA off, the exchange's), so a test can say
exactly what must be found — and that none of the planted passwords appears in any output.

Written from the documented formats (see securecheck/tools/vault/*.py docstrings).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MASTER = "Canary-Master-Kdbx-4Rt8"


@dataclass(frozen=True)
class Planted:
    title: str
    url: str
    username: str
    password: str
    totp: str = ""


EXCHANGE_PW = "Canary-Vault-Exch-9qZ7wX2kLm"  # strong, but also the forum's password
BREACHED_PW = "Canary-Vault-Leak-3vB8nQ5tYp"  # strong, but in the breach corpus
WEAK_PW = "password123"  # weak (and common)
STRONG_PW = "Canary-Vault-Gith-6mK2pW9sXz"
BANK_PW = "Canary-Vault-Bank-8hJ4rT1cVn"
TOTP = "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank"

ENTRIES = (
    Planted("OKX", "https://www.okx.com/account/login", "alice@example.com", EXCHANGE_PW),
    Planted("Forum", "https://forum.example.org/login", "alice", EXCHANGE_PW),
    Planted("Old mail", "https://mail.example.net", "alice", WEAK_PW),
    Planted("GitHub", "https://github.com/login", "alice-gh", STRONG_PW),
    Planted("Bank", "https://bank.example.com", "alice", BANK_PW, TOTP),
    Planted("Shop", "https://shop.example.com", "alice", BREACHED_PW),
)
PASSWORDS = sorted({e.password for e in ENTRIES if e.password.startswith("Canary")})
CORPUS = {BREACHED_PW: 42, WEAK_PW: 3861}


def _csv(header: list[str], rows: list[list[str]], quote_all: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def bitwarden_csv(path: Path) -> Path:
    header = [
        "folder",
        "favorite",
        "type",
        "name",
        "notes",
        "fields",
        "reprompt",
        "login_uri",
        "login_username",
        "login_password",
        "login_totp",
    ]
    rows = [
        ["", "", "login", e.title, "", "", "0", e.url, e.username, e.password, e.totp]
        for e in ENTRIES
    ]
    rows.append(["", "", "note", "A secure note", "nothing here", "", "0", "", "", "", ""])
    path.write_text(_csv(header, rows), encoding="utf-8")
    return path


def bitwarden_json(path: Path) -> Path:
    items: list[dict[str, object]] = [
        {
            "id": f"id-{i}",
            "type": 1,
            "name": e.title,
            "notes": None,
            "favorite": False,
            "login": {
                "uris": [{"match": None, "uri": e.url}],
                "username": e.username,
                "password": e.password,
                "totp": e.totp or None,
            },
        }
        for i, e in enumerate(ENTRIES)
    ]
    items.append({"id": "note", "type": 2, "name": "A note", "secureNote": {"type": 0}})
    path.write_text(
        json.dumps({"encrypted": False, "folders": [], "items": items}, indent=2), encoding="utf-8"
    )
    return path


def onepux(path: Path) -> Path:
    items = []
    for i, e in enumerate(ENTRIES):
        sections = []
        if e.totp:
            sections.append(
                {
                    "title": "",
                    "name": "add more",
                    "fields": [
                        {"title": "one-time password", "id": "TOTP_x", "value": {"totp": e.totp}}
                    ],
                }
            )
        items.append(
            {
                "uuid": f"u{i}",
                "favIndex": 0,
                "createdAt": 1,
                "updatedAt": 2,
                "state": "active",
                "categoryUuid": "001",
                "details": {
                    "loginFields": [
                        {
                            "value": e.username,
                            "id": "",
                            "name": "username",
                            "fieldType": "T",
                            "designation": "username",
                        },
                        {
                            "value": e.password,
                            "id": "",
                            "name": "password",
                            "fieldType": "P",
                            "designation": "password",
                        },
                    ],
                    "notesPlain": "",
                    "sections": sections,
                    "passwordHistory": [],
                },
                "overview": {
                    "subtitle": e.username,
                    "urls": [{"label": "", "url": e.url}],
                    "title": e.title,
                    "url": e.url,
                    "ps": 100,
                    "pbe": 80.0,
                    "pgrng": True,
                },
            }
        )
    items.append(
        {
            "uuid": "gone",
            "state": "archived",
            "trashed": True,
            "categoryUuid": "001",
            "details": {"loginFields": [{"designation": "password", "value": "Canary-Trashed-1"}]},
            "overview": {"title": "Trashed", "url": "https://trash.example"},
        }
    )
    data = {
        "accounts": [
            {
                "attrs": {
                    "accountName": "A",
                    "name": "A",
                    "avatar": "",
                    "email": "a@example.com",
                    "uuid": "acc",
                    "domain": "https://my.1password.com/",
                },
                "vaults": [
                    {
                        "attrs": {
                            "uuid": "v",
                            "desc": "",
                            "avatar": "",
                            "name": "Personal",
                            "type": "P",
                        },
                        "items": items,
                    }
                ],
            }
        ]
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "export.attributes",
            json.dumps(
                {"version": 3, "description": "1Password Unencrypted Export", "createdAt": 1}
            ),
        )
        archive.writestr("export.data", json.dumps(data))
    return path


def onepassword_csv(path: Path) -> Path:
    header = [
        "Title",
        "Url",
        "Username",
        "Password",
        "OTPAuth",
        "Favorite",
        "Archived",
        "Tags",
        "Notes",
    ]
    rows = [
        [e.title, e.url, e.username, e.password, e.totp, "false", "false", "", ""] for e in ENTRIES
    ]
    path.write_text(_csv(header, rows), encoding="utf-8")
    return path


def keepassxc_csv(path: Path) -> Path:
    header = [
        "Group",
        "Title",
        "Username",
        "Password",
        "URL",
        "Notes",
        "TOTP",
        "Icon",
        "Last Modified",
        "Created",
    ]
    rows = [
        [
            "Root",
            e.title,
            e.username,
            e.password,
            e.url,
            "",
            e.totp,
            "0",
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00Z",
        ]
        for e in ENTRIES
    ]
    path.write_text(_csv(header, rows, quote_all=True), encoding="utf-8")
    return path


def chrome_csv(path: Path, filler: int = 0) -> Path:
    """`filler` more entries after the planted ones, each with its own password: a large
    export, for which the strength check starts its password-service children."""
    header = ["name", "url", "username", "password", "note"]
    rows = [[e.title, e.url, e.username, e.password, ""] for e in ENTRIES]
    rows += [
        [f"Site {i}", f"https://site{i}.example.com", "alice", filler_password(i), ""]
        for i in range(filler)
    ]
    path.write_text(_csv(header, rows), encoding="utf-8")
    return path


def filler_password(i: int) -> str:
    return f"Canary-Filler-{i:03d}-Qw8zLp"


def firefox_csv(path: Path) -> Path:
    header = [
        "url",
        "username",
        "password",
        "httpRealm",
        "formActionOrigin",
        "guid",
        "timeCreated",
        "timeLastUsed",
        "timePasswordChanged",
    ]
    rows = [
        [e.url, e.username, e.password, "", e.url, f"{{g{i}}}", "1", "1", "1"]
        for i, e in enumerate(ENTRIES)
    ]
    path.write_text(
        _csv(header, rows, quote_all=True).replace("\n", "\r\n").replace("\r\r\n", "\r\n"),
        encoding="utf-8",
    )
    return path


# Argon2d cost of the test databases: 2 passes over 8 MiB. KeePassXC offers this range; its
# default (64 MiB, passes tuned to about a second) would spend seconds of every kdbx test in
# the KDF, once for each database written and again for each `securecheck vault` that opens
# it, and the reader runs the same code whatever the cost.
KDBX_PASSES = 2
KDBX_MEMORY = 8 * 1024 * 1024
_kdbx_bytes: bytes | None = None


def kdbx(path: Path) -> Path:
    global _kdbx_bytes
    if _kdbx_bytes is None:
        _kdbx_bytes = _new_kdbx(path)
    path.write_bytes(_kdbx_bytes)
    return path


def _new_kdbx(path: Path) -> bytes:
    # pykeepass's create_database opens its blank template and saves it at once, paying the
    # template's KDF twice; this is the same steps with one save, after the cost is lowered.
    from pykeepass.pykeepass import (  # type: ignore[import-untyped]
        BLANK_DATABASE_LOCATION,
        BLANK_DATABASE_PASSWORD,
        PyKeePass,
    )

    db = PyKeePass(BLANK_DATABASE_LOCATION, BLANK_DATABASE_PASSWORD)
    kdf = db.kdbx.header.value.dynamic_header.kdf_parameters.data.dict
    kdf["I"].value = KDBX_PASSES
    kdf["M"].value = KDBX_MEMORY
    db.filename = str(path)
    db.password = MASTER
    for e in ENTRIES:
        db.add_entry(db.root_group, e.title, e.username, e.password, url=e.url, otp=e.totp or None)
    db.save()
    return path.read_bytes()


WRITERS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "bitwarden-csv": ("export.csv", bitwarden_csv),
    "bitwarden-json": ("export.json", bitwarden_json),
    "1pux": ("export.1pux", onepux),
    "1password-csv": ("1password.csv", onepassword_csv),
    "keepassxc-csv": ("keepassxc.csv", keepassxc_csv),
    "chrome-csv": ("Chrome Passwords.csv", chrome_csv),
    "firefox-csv": ("logins.csv", firefox_csv),
    "kdbx": ("vault.kdbx", kdbx),
}
# Formats that carry a TOTP column (the bank entry then has no 2FA finding to expect anyway).
WITH_TITLES = {
    "bitwarden-csv",
    "bitwarden-json",
    "1pux",
    "1password-csv",
    "keepassxc-csv",
    "chrome-csv",
    "kdbx",
}


def write_export(fmt: str, folder: Path) -> Path:
    name, writer = WRITERS[fmt]
    folder.mkdir(parents=True, exist_ok=True)
    return writer(folder / name)

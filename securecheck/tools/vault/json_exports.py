"""JSON exports: Bitwarden's `.json`, and 1Password's `.1pux` (a ZIP holding `export.data`).

Bitwarden (unencrypted): `{"encrypted": false, "folders": [...], "items": [{"type": 1,
"name": ..., "login": {"username", "password", "totp", "uris": [{"uri": ...}]}}]}`; type 1 is
a login. An encrypted export (`"encrypted": true`, either "account restricted" or "password
protected") cannot be read without Bitwarden's keys: it is refused with what to do instead.

1PUX: `export.data` is `{"accounts": [{"vaults": [{"items": [item | {"item": item}]}]}]}`, an
item `{"categoryUuid", "state" | "trashed", "overview": {"title", "url", "urls": [{"url"}]},
"details": {"loginFields": [{"designation": "password", "value"}], "password",
"sections": [{"fields": [{"value": {"totp": ...}}]}]}}`. Trashed items are skipped.

Errors: a syntax error (a truncated file) at file:line:column; a wrong shape names the field
path (`items[3].login`), since the standard JSON parser keeps no positions.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from securecheck.core.errors import InputError, Problem
from securecheck.tools.vault.model import Export, VaultEntry, entry, problem

MAX_MEMBER_BYTES = 64 * 1024 * 1024
ENCRYPTED = (
    "this is an encrypted Bitwarden export, which only Bitwarden can open: export again as "
    "'.json' (not 'encrypted') or '.csv', run securecheck on it, then delete the file"
)


def load_json(text: str, path: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [
                Problem(
                    path,
                    f"not valid JSON ({exc.msg}): is the file truncated?",
                    exc.lineno,
                    exc.colno,
                )
            ]
        ) from None
    except RecursionError:
        raise problem(path, "nested too deeply to be an export") from None


def is_bitwarden(data: Any) -> bool:
    return isinstance(data, dict) and ("encrypted" in data or "items" in data)


def _expect(value: Any, kind: type, path: str, where: str) -> Any:
    if not isinstance(value, kind):
        names: dict[type, str] = {dict: "an object", list: "a list", str: "text"}
        name = names.get(kind, kind.__name__)
        raise problem(path, f"expected {name}", None, where)
    return value


def _text(value: Any, path: str, where: str) -> str:
    if value is None:
        return ""
    return str(_expect(value, str, path, where))


def parse_bitwarden(data: Any, path: str) -> Export:
    _expect(data, dict, path, "(top level)")
    if data.get("encrypted") is True:
        raise problem(path, ENCRYPTED, 1)
    items = _expect(data.get("items"), list, path, "items")
    entries: list[VaultEntry] = []
    for i, item in enumerate(items):
        where = f"items[{i}]"
        _expect(item, dict, path, where)
        if item.get("type", 1) != 1 or item.get("login") is None:
            continue  # a note, a card, an identity
        login = _expect(item["login"], dict, path, f"{where}.login")
        uris = _expect(login.get("uris") or [], list, path, f"{where}.login.uris")
        url = ""
        for j, uri in enumerate(uris):
            _expect(uri, dict, path, f"{where}.login.uris[{j}]")
            url = url or _text(uri.get("uri"), path, f"{where}.login.uris[{j}].uri")
        found = entry(
            _text(item.get("name"), path, f"{where}.name"),
            url,
            _text(login.get("password"), path, f"{where}.login.password"),
            _text(login.get("username"), path, f"{where}.login.username"),
            bool(_text(login.get("totp"), path, f"{where}.login.totp").strip()),
            None,
        )
        if found is not None:
            entries.append(found)
    return Export("bitwarden-json", "Bitwarden JSON", tuple(entries))


# --- 1PUX -----------------------------------------------------------------------------------


def read_1pux(raw: bytes, path: str) -> Export:
    member = f"{path}!export.data"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            info = archive.getinfo("export.data")
            if info.file_size > MAX_MEMBER_BYTES:
                raise problem(member, "too large to be an export")
            data = archive.read(info)
    except KeyError:
        raise problem(
            path, "a ZIP file without export.data: not a 1Password .1pux export"
        ) from None
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise problem(path, f"not a readable ZIP file ({exc}): is it truncated?") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise problem(member, "not UTF-8 text") from None
    return parse_1pux(load_json(text, member), member)


def _items(data: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    _expect(data, dict, path, "(top level)")
    for a, account in enumerate(_expect(data.get("accounts"), list, path, "accounts")):
        where = f"accounts[{a}]"
        _expect(account, dict, path, where)
        for v, vault in enumerate(
            _expect(account.get("vaults") or [], list, path, f"{where}.vaults")
        ):
            at = f"{where}.vaults[{v}]"
            _expect(vault, dict, path, at)
            for i, item in enumerate(_expect(vault.get("items") or [], list, path, f"{at}.items")):
                spot = f"{at}.items[{i}]"
                _expect(item, dict, path, spot)
                if "item" in item and isinstance(item["item"], dict):
                    item = item["item"]
                yield spot, item


def parse_1pux(data: Any, path: str) -> Export:
    entries: list[VaultEntry] = []
    for where, item in _items(data, path):
        if item.get("trashed") is True or item.get("state") == "trashed":
            continue
        overview = _expect(item.get("overview") or {}, dict, path, f"{where}.overview")
        details = _expect(item.get("details") or {}, dict, path, f"{where}.details")
        password = ""
        fields = _expect(
            details.get("loginFields") or [], list, path, f"{where}.details.loginFields"
        )
        for k, field in enumerate(fields):
            _expect(field, dict, path, f"{where}.details.loginFields[{k}]")
            if field.get("designation") == "password":
                password = _text(
                    field.get("value"), path, f"{where}.details.loginFields[{k}].value"
                )
        username = next(
            (str(f.get("value") or "") for f in fields if f.get("designation") == "username"), ""
        )
        if not password and isinstance(details.get("password"), str):
            password = details["password"]  # the "Password" category keeps it here
        url = _text(overview.get("url"), path, f"{where}.overview.url")
        urls = overview.get("urls")
        if not url and isinstance(urls, list) and urls and isinstance(urls[0], dict):
            url = str(urls[0].get("url") or "")
        found = entry(
            _text(overview.get("title"), path, f"{where}.overview.title"),
            url,
            password,
            username,
            _has_totp(details),
            None,
        )
        if found is not None:
            entries.append(found)
    return Export("1pux", "1Password 1PUX", tuple(entries))


def _has_totp(details: dict[str, Any]) -> bool:
    for section in details.get("sections") or []:
        if not isinstance(section, dict):
            continue
        for field in section.get("fields") or []:
            value = field.get("value") if isinstance(field, dict) else None
            if isinstance(value, dict) and str(value.get("totp") or "").strip():
                return True
    return False

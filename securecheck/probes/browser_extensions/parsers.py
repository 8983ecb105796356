"""Browser extensions: reading manifests and profile lists, judging them against shipped lists.

Pure: text in, values out. Chromium-family browsers keep each extension as
`Extensions/<id>/<version>/manifest.json` (a name of `__MSG_key__` is looked up in
`_locales/<default_locale>/messages.json`); Firefox lists its add-ons in each profile's
`extensions.json`, and its profiles in `profiles.ini`. Two shipped lists judge them:
`data/malicious_extensions.csv` (known-malicious ids, dated, CC BY 4.0) and
`data/wallet_extensions.yaml` (wallet products and their official ids).
"""

from __future__ import annotations

import configparser
import csv
import functools
import io
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from securecheck.core.safe_yaml import load_bytes
from securecheck.files import shipped

NAME_CAP = 80  # an extension's name is untrusted text: shown, but never at any length
_CHROME_ID = re.compile(r"^[a-p]{32}$")


@dataclass(frozen=True)
class Extension:
    id: str
    name: str
    version: str
    browser: str  # chromium (Chrome, Chromium, Edge, Brave) or firefox
    edge: bool = False  # installed in Microsoft Edge (its own store's ids count as official)

    @property
    def shown(self) -> str:
        return f"{self.name[:NAME_CAP]} ({self.id})"


# --- Chromium ----------------------------------------------------------------------------


def _json(text: str) -> Any:
    try:
        return json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return None


def message_key(name: str) -> str | None:
    """The messages.json key a manifest name refers to (`__MSG_appName__` -> `appname`)."""
    match = re.fullmatch(r"__MSG_(\w+?)__", name.strip())
    return match.group(1).lower() if match else None


def parse_manifest(text: str) -> tuple[str, str, str | None] | None:
    """(name, version, default_locale) of a manifest.json; None when it is not one."""
    data = _json(text)
    if not isinstance(data, dict):
        return None
    name, version, locale = data.get("name"), data.get("version"), data.get("default_locale")
    if not isinstance(name, str) or not name.strip():
        return None
    return (
        name.strip(),
        version if isinstance(version, str) else "",
        locale if isinstance(locale, str) and re.fullmatch(r"[\w-]{1,20}", locale) else None,
    )


def parse_messages(text: str, key: str) -> str | None:
    """The message `key` (any case) of a `_locales/<lang>/messages.json`."""
    data = _json(text)
    if not isinstance(data, dict):
        return None
    for name, entry in data.items():
        if isinstance(name, str) and name.lower() == key and isinstance(entry, dict):
            message = entry.get("message")
            if isinstance(message, str) and message.strip():
                return message.strip()
    return None


def is_extension_id(name: str) -> bool:
    return bool(_CHROME_ID.match(name))


def is_profile_folder(name: str) -> bool:
    """A Chromium profile folder: `Default` or `Profile N`."""
    return name == "Default" or bool(re.fullmatch(r"Profile \d+", name))


# --- Firefox -----------------------------------------------------------------------------


def parse_profiles_ini(text: str) -> list[tuple[str, bool]] | None:
    """(path, relative) of every profile in profiles.ini; None when it names none."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    profiles = []
    for section in parser.sections():
        if not section.lower().startswith("profile"):
            continue
        path = parser.get(section, "Path", fallback=None)
        if path:
            relative = parser.get(section, "IsRelative", fallback="1").strip() != "0"
            profiles.append((path.strip(), relative))
    return profiles or None


# Add-ons Firefox ships itself (system add-ons, built-in themes) are not the user's.
_FIREFOX_BUILT_IN = frozenset({"app-builtin", "app-system-defaults", "app-system-addons"})


def parse_firefox_extensions(text: str) -> list[Extension] | None:
    """The extensions listed in a Firefox profile's extensions.json; None when unreadable."""
    data = _json(text)
    if not isinstance(data, dict) or not isinstance(data.get("addons"), list):
        return None
    found = []
    for addon in data["addons"]:
        if not isinstance(addon, dict) or addon.get("type") not in ("extension", "webextension"):
            continue
        if addon.get("location") in _FIREFOX_BUILT_IN:
            continue
        addon_id = addon.get("id")
        locale = addon.get("defaultLocale")
        name = locale.get("name") if isinstance(locale, dict) else None
        if not isinstance(addon_id, str) or not isinstance(name, str):
            continue
        version = addon.get("version")
        found.append(
            Extension(
                addon_id, name.strip(), version if isinstance(version, str) else "", "firefox"
            )
        )
    return found


# --- the shipped lists ----------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    name: str
    claims: tuple[str, ...]  # folded
    exact: tuple[str, ...]  # folded
    chrome: frozenset[str]
    edge: frozenset[str]
    firefox: frozenset[str]


@dataclass(frozen=True)
class Lists:
    captured: str
    malicious: frozenset[str]
    malicious_captured: str
    products: tuple[Product, ...]
    look_alikes: Mapping[str, str]


def fold(name: str, look_alikes: Mapping[str, str]) -> str:
    """A name as it reads: case, accents, full-width forms, look-alike letters and
    everything that is not a letter or digit folded away (`Meta Mаsk ™` -> `metamask`)."""
    decomposed = unicodedata.normalize("NFKD", name).casefold()
    out = []
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        char = look_alikes.get(char, char)
        if char.isalnum():
            out.append(char)
    return "".join(out)


def _ids(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where} must be a list of ids")
    return frozenset(value)


def parse_lists(wallets: Any, malicious_csv: str) -> Lists:
    """The shipped lists; ValueError when one is malformed."""
    if not isinstance(wallets, dict) or not isinstance(wallets.get("products"), list):
        raise ValueError("wallet_extensions.yaml needs a list of products")
    captured = wallets.get("captured")
    look = wallets.get("look_alikes", {})
    if not isinstance(captured, str) or not isinstance(look, dict):
        raise ValueError("wallet_extensions.yaml needs captured and look_alikes")
    look_alikes = {str(k): str(v) for k, v in look.items()}
    products = []
    for number, item in enumerate(wallets["products"], 1):
        where = f"products[{number}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValueError(f"{where} needs a name")
        claims = tuple(fold(str(c), look_alikes) for c in item.get("claims") or ())
        exact = tuple(fold(str(c), look_alikes) for c in item.get("exact") or ())
        if not claims and not exact:
            raise ValueError(f"{where} claims nothing")
        products.append(
            Product(
                item["name"],
                claims,
                exact,
                _ids(item.get("chrome"), f"{where}.chrome"),
                _ids(item.get("edge"), f"{where}.edge"),
                _ids(item.get("firefox"), f"{where}.firefox"),
            )
        )
    rows = list(csv.DictReader(io.StringIO(malicious_csv)))
    ids = frozenset(r["id"] for r in rows if is_extension_id(r.get("id") or ""))
    if not ids:
        raise ValueError("malicious_extensions.csv lists no id")
    dates = sorted(r.get("date_added") or "" for r in rows)
    return Lists(captured, ids, dates[-1], tuple(products), look_alikes)


@functools.lru_cache(maxsize=1)
def shipped_lists() -> Lists:
    """The lists that ship with securecheck (a broken one is our bug, and raises)."""
    data = shipped("data")
    wallets = load_bytes(
        data.joinpath("wallet_extensions.yaml").read_bytes(), "wallet_extensions.yaml"
    ).data
    malicious = data.joinpath("malicious_extensions.csv").read_text(encoding="utf-8")
    return parse_lists(wallets, malicious)


def claimed_product(name: str, lists: Lists) -> Product | None:
    """The wallet product an extension's name claims to be, if any."""
    folded = fold(name, lists.look_alikes)
    for product in lists.products:
        if folded in product.exact or any(c in folded for c in product.claims):
            return product
    return None


def is_impostor(extension: Extension, lists: Lists) -> bool:
    """A name claiming a wallet product under an id that is not that product's own.

    In Firefox only products with a known Firefox id are judged."""
    product = claimed_product(extension.name, lists)
    if product is None:
        return False
    if extension.browser == "firefox":
        return bool(product.firefox) and extension.id not in product.firefox
    official = product.chrome | (product.edge if extension.edge else frozenset())
    return extension.id not in official


def is_malicious(extension: Extension, lists: Lists) -> bool:
    return extension.browser != "firefox" and extension.id in lists.malicious

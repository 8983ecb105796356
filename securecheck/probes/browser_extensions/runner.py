"""browser_extensions probe: known-malicious or impostor wallet extensions in the browsers.

Fake "MetaMask" or "OKX Wallet" extensions steal recovery phrases as they are typed. This
probe reads the extensions of every Chrome, Chromium, Edge and Brave profile (`Default`,
`Profile N`) and every Firefox profile (`profiles.ini`) under the user's home, in the places
each browser keeps them on Linux, macOS and Windows, and judges each against the shipped
lists (`parsers`). It passes only when at least one profile was read; with none it is
unknown, since nothing was seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from securecheck.core.model import FactValue, ProbeOutcome
from securecheck.i18n import _
from securecheck.probes.browser_extensions import DECLARATION
from securecheck.probes.browser_extensions.parsers import (
    Extension,
    is_extension_id,
    is_impostor,
    is_malicious,
    is_profile_folder,
    message_key,
    parse_firefox_extensions,
    parse_manifest,
    parse_messages,
    parse_profiles_ini,
    shipped_lists,
)
from securecheck.probes.host import Host, ProbeSpec, known, unknown

PROBE = "browser_extensions"

# Chromium-family user-data folders, relative to the base each OS gives (name, folder, edge).
CHROMIUM: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "linux": (
        ("Chrome", "~/.config/google-chrome", False),
        ("Chrome Beta", "~/.config/google-chrome-beta", False),
        ("Chromium", "~/.config/chromium", False),
        ("Chromium (snap)", "~/snap/chromium/common/chromium", False),
        ("Chrome (flatpak)", "~/.var/app/com.google.Chrome/config/google-chrome", False),
        ("Chromium (flatpak)", "~/.var/app/org.chromium.Chromium/config/chromium", False),
        ("Edge", "~/.config/microsoft-edge", True),
        ("Edge (flatpak)", "~/.var/app/com.microsoft.Edge/config/microsoft-edge", True),
        ("Brave", "~/.config/BraveSoftware/Brave-Browser", False),
        (
            "Brave (flatpak)",
            "~/.var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser",
            False,
        ),
    ),
    "macos": (
        ("Chrome", "~/Library/Application Support/Google/Chrome", False),
        ("Chromium", "~/Library/Application Support/Chromium", False),
        ("Edge", "~/Library/Application Support/Microsoft Edge", True),
        ("Brave", "~/Library/Application Support/BraveSoftware/Brave-Browser", False),
    ),
    "windows": (
        ("Chrome", r"%LOCALAPPDATA%\Google\Chrome\User Data", False),
        ("Chromium", r"%LOCALAPPDATA%\Chromium\User Data", False),
        ("Edge", r"%LOCALAPPDATA%\Microsoft\Edge\User Data", True),
        ("Brave", r"%LOCALAPPDATA%\BraveSoftware\Brave-Browser\User Data", False),
    ),
}
FIREFOX: dict[str, tuple[str, ...]] = {
    "linux": (
        "~/.mozilla/firefox",
        "~/snap/firefox/common/.mozilla/firefox",
        "~/.var/app/org.mozilla.firefox/.mozilla/firefox",
    ),
    "macos": ("~/Library/Application Support/Firefox",),
    "windows": (r"%APPDATA%\Mozilla\Firefox",),
}


@dataclass
class Seen:
    profiles: int = 0
    extensions: list[Extension] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _sep(host: Host) -> str:
    return "\\" if host.system == "windows" else "/"


def _expand(path: str, host: Host) -> str | None:
    if path.startswith("~"):
        home = host.env("HOME")
        return home.rstrip("/") + path[1:] if home and home != "/" else None
    if path.startswith("%"):
        name, _pct, rest = path[1:].partition("%")
        value = host.env(name)
        return value.rstrip("\\") + rest if value else None
    return path


def _chromium_extension(host: Host, folder: str, ext_id: str, edge: bool) -> Extension | None:
    sep = _sep(host)
    versions = [v for v in host.list_dir(folder) or () if not v.startswith(".")]
    for version in sorted(versions, reverse=True):
        base = folder + sep + version
        manifest = host.read_text(base + sep + "manifest.json")
        parsed = parse_manifest(manifest.text) if manifest.ok and manifest.text else None
        if parsed is None:
            continue
        name, ver, locale = parsed
        key = message_key(name)
        if key is not None:
            name = _localized(host, base, key, locale) or name
        return Extension(ext_id, name, ver or version, "chromium", edge)
    return None


def _localized(host: Host, base: str, key: str, locale: str | None) -> str | None:
    sep = _sep(host)
    for lang in dict.fromkeys([locale or "en", "en", "en_US"]):
        messages = host.read_text(f"{base}{sep}_locales{sep}{lang}{sep}messages.json")
        if messages.ok and messages.text:
            found = parse_messages(messages.text, key)
            if found is not None:
                return found
    return None


def _chromium(host: Host, seen: Seen) -> None:
    sep = _sep(host)
    for browser, raw, edge in CHROMIUM.get(host.system, ()):
        root = _expand(raw, host)
        entries = host.list_dir(root) if root else None
        if root is None or entries is None:
            continue
        for profile in (e for e in entries if is_profile_folder(e)):
            folder = root + sep + profile
            ids = host.list_dir(folder + sep + "Extensions")
            if ids is None and host.list_dir(folder) is None:
                continue
            seen.profiles += 1
            seen.sources.append(f"{browser}: {folder}")
            for ext_id in (i for i in ids or () if is_extension_id(i)):
                extension = _chromium_extension(
                    host, folder + sep + "Extensions" + sep + ext_id, ext_id, edge
                )
                if extension is not None:
                    seen.extensions.append(extension)


def _firefox(host: Host, seen: Seen) -> None:
    sep = _sep(host)
    for raw in FIREFOX.get(host.system, ()):
        root = _expand(raw, host)
        ini = host.read_text(root + sep + "profiles.ini") if root else None
        if root is None or ini is None or not ini.ok or ini.text is None:
            continue
        for path, relative in parse_profiles_ini(ini.text) or ():
            folder = root + sep + path.replace("/", sep) if relative else path
            listing = host.read_text(folder + sep + "extensions.json")
            if listing.ok and listing.text is not None:
                found = parse_firefox_extensions(listing.text)
                if found is None:
                    continue
                seen.extensions.extend(found)
            elif host.list_dir(folder) is None:
                continue  # extensions.json is missing in a profile no add-on was ever added to
            seen.profiles += 1
            seen.sources.append(f"Firefox: {folder}")


def _shown(extensions: Sequence[Extension]) -> list[str]:
    return sorted({e.shown for e in extensions})


def run(host: Host) -> ProbeOutcome:
    if host.system not in CHROMIUM:
        return unknown(PROBE, _("browser extensions are not read on this system"))
    seen = Seen()
    _chromium(host, seen)
    _firefox(host, seen)
    if not seen.profiles:
        return unknown(
            PROBE,
            _("no Chrome, Chromium, Edge, Brave or Firefox profile could be read"),
            seen.sources,
        )
    lists = shipped_lists()
    facts: dict[str, FactValue] = {
        "malicious": _shown([e for e in seen.extensions if is_malicious(e, lists)]),
        "impostors": _shown([e for e in seen.extensions if is_impostor(e, lists)]),
        "profiles_read": seen.profiles,
        "extensions_checked": len(seen.extensions),
    }
    return known(PROBE, facts, seen.sources)


SPEC = ProbeSpec(DECLARATION, run)

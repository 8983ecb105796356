"""Pure parsers for os_updates: package-manager, softwareupdate and Windows Update output.

Each parser returns None when the text is not what the tool prints when it worked, so the
runner can say "could not understand" instead of reporting a count of zero.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from securecheck.i18n import Localized, _
from securecheck.probes.platform.parsers import (
    Defaults,
    RegValue,
    macos_major,
    reg_int,
    reg_text,
)


@dataclass(frozen=True)
class UpdateCounts:
    pending: int
    security: int | None  # None: the source does not say which updates fix security issues


# --- dnf ----------------------------------------------------------------------------------

_DNF_NOISE = (
    "Last metadata expiration",
    "Updating and loading",
    "Repositories loaded",
    "Security:",
    "Upgrades:",
)


_RPM_ARCHES = frozenset(
    {"x86_64", "noarch", "i686", "i386", "aarch64", "ppc64le", "ppc64", "s390x", "armv7hl",
     "armhfp", "riscv64", "src", "x86_64_v2", "loongarch64"}
)  # fmt: skip


def _is_nevra_arch(name: str) -> bool:
    """ "name.arch" as dnf lists packages (the part after the last dot is an architecture)."""
    base, dot, arch = name.rpartition(".")
    return bool(dot and base and arch in _RPM_ARCHES)


def _without_dnf5_preamble(text: str) -> str | None:
    """dnf5 prints its repository loading on stdout ("Updating and loading repositories:",
    one progress line per repository, "Repositories loaded."): drop that block. None when it
    starts and never ends (output cut short)."""
    kept: list[str] = []
    inside = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("Updating and loading repositories"):
            inside = True
        elif inside and stripped.startswith("Repositories loaded"):
            inside = False
        elif not inside:
            kept.append(line)
    return None if inside else "\n".join(kept)


def parse_dnf_check_update(text: str) -> int | None:
    """`dnf -q -C check-update` package lines "name.arch  version  repo" until "Obsoleting".

    dnf wraps a long name onto its own line, the rest following on an indented line.
    """
    body = _without_dnf5_preamble(text)
    if body is None:
        return None
    text = body
    count = 0
    pending: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith(_DNF_NOISE):
            continue
        if line.lower().startswith("obsoleting packages"):
            break
        fields = line.split()
        if line.startswith((" ", "\t")) and pending:
            fields = pending + fields
        elif pending:
            return None
        pending = []
        if len(fields) == 3 and _is_nevra_arch(fields[0]):
            count += 1
        elif len(fields) < 3 and _is_nevra_arch(fields[0]) and not line.startswith((" ", "\t")):
            pending = fields
        else:
            return None
    return None if pending else count


_ADVISORY = re.compile(r"^[A-Za-z][\w.-]*?-\d{4}[-:][\w.-]+$")


def _rpm_name(nevra: str) -> str:
    # name-[epoch:]version-release.arch: the name is what precedes the last two dashes.
    return nevra.rsplit("-", 2)[0]


def parse_dnf_security(text: str) -> int | None:
    """`dnf -q -C updateinfo list --security`: packages with a security advisory.

    dnf4: "FEDORA-2026-1a2b Important/Sec.  pkg-1.0-1.fc41.x86_64"
    dnf5: "FEDORA-2026-1a2b security Important pkg-1.0-1.fc43.x86_64 2026-10-03 01:09:41"
    Several advisories may name one package: each package counts once.
    """
    body = _without_dnf5_preamble(text)
    if body is None:
        return None
    text = body
    names: set[str] = set()
    for line in text.splitlines():
        fields = line.split()
        if not fields or line.startswith(_DNF_NOISE) or fields[0] == "Name":
            continue
        if not _ADVISORY.match(fields[0]) or len(fields) < 3:
            return None
        if fields[1].endswith("/Sec."):
            names.add(_rpm_name(fields[2]))
        elif fields[1] == "security" and len(fields) >= 4:
            names.add(_rpm_name(fields[3]))
    return len(names)


# --- zypper and pacman --------------------------------------------------------------------


def parse_zypper_updates(text: str, security_only: bool = False) -> int | None:
    """`zypper --xmlout list-updates` (packages) / `list-patches --category security`."""
    start = text.find("<stream")
    if start < 0:
        return None
    try:
        root = ET.fromstring(text[start:])
    except ET.ParseError:
        return None
    if root.find("update-status") is None:
        return None
    count = 0
    for update in root.iterfind("update-status/update-list/update"):
        if security_only:
            needed = update.get("status", "needed") == "needed"
            if update.get("kind") == "patch" and update.get("category") == "security" and needed:
                count += 1
        elif update.get("kind", "package") == "package":
            count += 1
    return count


def parse_zypper_security(text: str) -> tuple[int, int] | None:
    """`zypper --xmlout list-patches --all --category security`: (needed, listed) patches.

    With `--all` the applied ones are listed too, so "none listed at all" (repositories
    that publish no patches, as Tumbleweed's mostly do) can be told from "none needed"."""
    start = text.find("<stream")
    if start < 0:
        return None
    try:
        root = ET.fromstring(text[start:])
    except ET.ParseError:
        return None
    if root.find("update-status") is None:
        return None
    patches = [
        u
        for u in root.iterfind("update-status/update-list/update")
        if u.get("kind") == "patch" and u.get("category") == "security"
    ]
    needed = sum(1 for u in patches if u.get("status", "needed") == "needed")
    return needed, len(patches)


def parse_checkupdates(text: str) -> int | None:
    """pacman-contrib `checkupdates`: "name old -> new" per line."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not all(re.match(r"^\S+ \S+ -> \S+$", line) for line in lines):
        return None  # nothing at all is exit code 2, which the runner reads as zero
    return len(lines)


# --- macOS --------------------------------------------------------------------------------

_SU_NOISE = (
    "Software Update Tool",
    "Finding available software",
    "Software Update found the following",
)
# Lines some wrappers merge in from stderr: unified-log style lines of softwareupdate or a
# framework it loads ("2024-05-02 09:14:07.123 softwareupdate[812:9921] XType: ..."), and
# the Objective-C runtime's duplicate-class warnings.
_SU_LOG = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:?\d{2})? "
    r"\S+\[\d+(?::[0-9a-fA-Fx]+)?\]|objc\[\d+\]:)"
)
# "* Label: X" (10.15+) or "   * X" (10.14 and older); "-" marks an item that is available
# but not recommended (an alternative upgrade, an optional tool).
_SU_ITEM = re.compile(r"^\s*([*-])\s+(?:Label:\s*)?(\S.*)$")
# A Rapid Security Response / Background Security Improvement carries a letter after the
# version: "13.4.1 (a)", "26.1 (b)".
_RSR_VERSION = re.compile(r"\b\d+(?:\.\d+)+\s*\([a-z]\)")
_SECURITY_WORDS = ("security", "xprotect", "gatekeeper", "mrtconfigdata", "safari")


def parse_softwareupdate(text: str, current_major: str | None = None) -> UpdateCounts | None:
    """`softwareupdate -l` (stdout and stderr together), macOS 10.14 to 26.

    New (10.15+): "* Label: X" then "\\tTitle: X, Version: V, Size: S, Recommended: YES, ...".
    Old: "   * X-1.0" then "\\tX (1.0), 1234K [recommended] [restart]".
    Every item ("*" recommended or "-" not) is pending. Security = it says so (Security
    Update, Rapid Security Response, Background Security Improvement, a lettered version
    such as "13.4.1 (a)"), it is Safari or a malware-protection data update (both ship
    security fixes), or it updates macOS within the running major version (point releases
    carry the fixes; an upgrade to the next major is not needed for them).
    Zero needs the explicit "No new software available."; anything else unrecognised is None.
    """
    items: list[list[str]] = []
    found_header = no_updates = False
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or _SU_LOG.match(stripped):
            continue
        item = _SU_ITEM.match(raw)
        if stripped.startswith("No new software available"):
            no_updates = True
        elif stripped.startswith(_SU_NOISE):
            found_header = found_header or stripped.startswith("Software Update found")
        elif item is not None and not raw.startswith("\t"):
            items.append([item.group(2).strip()])
        elif raw.startswith(("\t", "    ")) and items:
            items[-1].append(stripped)
        else:
            return None
    if not items:
        return UpdateCounts(0, 0) if no_updates and not found_header else None
    if no_updates:
        return None  # both "nothing" and a list: not one coherent answer
    security = sum(1 for item in items if _is_security(item, current_major))
    return UpdateCounts(len(items), security)


def _is_security(item: list[str], current_major: str | None) -> bool:
    description = " ".join(item)
    lower = description.lower()
    if any(word in lower for word in _SECURITY_WORDS) or _RSR_VERSION.search(description):
        return True
    title = next((part for part in item if part.startswith("Title: ")), item[0])
    m = re.match(r"^(?:Title: )?macOS(?: [A-Za-z ]+?)? (\d+(?:\.\d+)*)", title)
    if m is None:
        return False
    return current_major is None or macos_major(m.group(1)) == current_major


# Keys of /Library/Preferences/com.apple.SoftwareUpdate that must all be on for macOS to
# install security fixes by itself. An absent key means the user never changed it: Apple's
# documented default for each (SoftwareUpdate payload) is true.
MACOS_UPDATE_KEYS = (
    "AutomaticCheckEnabled",
    "AutomaticallyInstallMacOSUpdates",
    "CriticalUpdateInstall",
)


def macos_automatic(values: Mapping[str, bool | Defaults]) -> tuple[bool, Localized]:
    off = [key for key in MACOS_UPDATE_KEYS if values.get(key) is False]
    if off:
        return False, _("Software Update setting {value} is off", value=", ".join(off))
    defaulted = [key for key in MACOS_UPDATE_KEYS if values.get(key) == "absent"]
    if defaulted:
        return True, _("{value} never changed: macOS default (on)", value=", ".join(defaulted))
    return True, _("automatic macOS updates are on")


# --- Windows ------------------------------------------------------------------------------

SECURITY_CATEGORY = "0fa1201d-4330-4fa8-8ae9-b877473b6441"  # "Security Updates", any locale


@dataclass(frozen=True)
class WindowsUpdates:
    counts: UpdateCounts
    last_search: datetime | None  # UTC; None if Windows Update never searched


def parse_wu_search(text: str) -> WindowsUpdates | None:
    """JSON from the Microsoft.Update.Session searcher (see os_updates.WU_SCRIPT)."""
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("Updates"), list):
        return None
    security = 0
    for update in doc["Updates"]:
        if not isinstance(update, dict):
            return None
        categories = update.get("Categories") or []
        if isinstance(categories, str):
            categories = [categories]
        ids = {str(c).lower() for c in categories}
        if update.get("MsrcSeverity") or SECURITY_CATEGORY in ids:
            security += 1
    last = None
    if isinstance(doc.get("LastSearchSuccessDate"), str):
        try:
            last = datetime.fromisoformat(doc["LastSearchSuccessDate"]).replace(tzinfo=UTC)
        except ValueError:
            return None
        if last.year < 2000:  # COM's "never" is a zero date
            last = None
    return WindowsUpdates(UpdateCounts(len(doc["Updates"]), security), last)


def windows_automatic(
    policy: Mapping[str, RegValue] | None,
    service: Mapping[str, RegValue] | None,
    ux: Mapping[str, RegValue] | None,
    now: datetime,
) -> tuple[bool | None, Localized]:
    """From the WindowsUpdate\\AU policy, the wuauserv service and a user pause.

    Without a policy, Windows 10/11 install updates automatically; only a policy, a disabled
    service or a pause stops that.
    """
    start = reg_int(service.get("start")) if service else None
    if start == 4:
        return False, _("the Windows Update service is disabled")
    if policy:
        if reg_int(policy.get("noautoupdate")) == 1:
            return False, _("automatic updates are turned off by policy (NoAutoUpdate=1)")
        option = reg_int(policy.get("auoptions"))
        if option in (1, 2, 3, 7):
            return False, _(
                "policy AUOptions={option}: updates wait for you to install them", option=option
            )
    pause = reg_text(ux, "pauseupdatesexpirytime")
    if pause:
        try:
            until = datetime.fromisoformat(pause.replace("Z", "+00:00"))
        except ValueError:
            return None, _("unrecognised update pause date")
        if until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
        if until > now:
            return False, _("updates are paused until {until}", until=until.date().isoformat())
    return True, _("Windows installs updates automatically (no policy turns it off)")

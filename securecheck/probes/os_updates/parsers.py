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
    UnitState,
    macos_major,
    reg_int,
    reg_text,
)


@dataclass(frozen=True)
class UpdateCounts:
    pending: int
    security: int | None  # None: the source does not say which updates fix security issues


# --- apt ----------------------------------------------------------------------------------

_APT_SUMMARY = re.compile(r"^(\d+) upgraded, (\d+) newly installed, (\d+) to remove")
_APT_INST = re.compile(r"^Inst (\S+)(?: \[[^\]]*\])? \((.*?)\)")


def parse_apt_simulation(text: str) -> UpdateCounts | None:
    """`apt-get -s dist-upgrade`: one "Inst" line per package to upgrade or install.

    Security updates are those offered by a security archive ("Debian-Security:",
    "bookworm-security", "jammy-security"). The summary line must be present and agree with
    the Inst lines, so truncated output is never read as "fewer updates".
    """
    summary = None
    pending = security = 0
    for line in text.splitlines():
        m = _APT_SUMMARY.match(line)
        if m:
            summary = int(m.group(1)) + int(m.group(2))
            continue
        inst = _APT_INST.match(line)
        if inst:
            pending += 1
            if "security" in inst.group(2).lower():
                security += 1
    if summary is None or summary != pending:
        return None
    return UpdateCounts(pending, security)


def apt_lists_present(names: list[str] | None) -> bool:
    """Whether /var/lib/apt/lists holds any downloaded package index."""
    return any("_Packages" in name for name in names or [])


def parse_apt_config(text: str) -> dict[str, str] | None:
    """`apt-config dump ...`: `Key "value";` lines. Empty output is an empty (valid) config."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        m = re.match(r'^(\S+) "(.*)";$', line.strip())
        if m is None:
            return None
        values[m.group(1)] = m.group(2)
    return values


def _apt_interval_on(value: str | None) -> bool | None:
    """APT::Periodic values are intervals in days ("0" = off); "always" also exists."""
    if value is None or value.strip() == "":
        return False  # apt's built-in default is 0
    value = value.strip().lower()
    if value == "always":
        return True
    m = re.fullmatch(r"(\d+)([smhd]?)", value)
    return int(m.group(1)) > 0 if m else None


def apt_automatic(
    config: Mapping[str, str], unattended_installed: bool, timer: UnitState | None
) -> tuple[bool | None, Localized]:
    """Unattended upgrades run only if enabled in APT::Periodic, installed, and not stopped."""
    enable = _apt_interval_on(config.get("APT::Periodic::Enable", "1"))
    lists = _apt_interval_on(config.get("APT::Periodic::Update-Package-Lists"))
    upgrade = _apt_interval_on(config.get("APT::Periodic::Unattended-Upgrade"))
    if None in (enable, lists, upgrade):
        return None, _("unrecognised APT::Periodic value")
    if not enable or not upgrade:
        return False, _(
            "APT::Periodic::Unattended-Upgrade is off (see /etc/apt/apt.conf.d/20auto-upgrades)"
        )
    if not lists:
        return False, _(
            "APT::Periodic::Update-Package-Lists is off, so unattended upgrades never see "
            "new updates"
        )
    if not unattended_installed:
        return False, _("unattended-upgrades is not installed")
    if timer == "disabled":
        return False, _("the apt-daily-upgrade.timer systemd timer is disabled")
    return True, _("unattended-upgrades is enabled")


# --- dnf ----------------------------------------------------------------------------------

_DNF_NOISE = (
    "Last metadata expiration",
    "Updating and loading",
    "Repositories loaded",
    "Security:",
    "Upgrades:",
)


def parse_dnf_check_update(text: str) -> int | None:
    """`dnf -q -C check-update` package lines "name.arch  version  repo" until "Obsoleting".

    dnf wraps a long name onto its own line, the rest following on an indented line.
    """
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
        if len(fields) == 3 and "." in fields[0]:
            count += 1
        elif len(fields) < 3 and "." in fields[0] and not line.startswith((" ", "\t")):
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


def parse_checkupdates(text: str) -> int | None:
    """pacman-contrib `checkupdates`: "name old -> new" per line."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not all(re.match(r"^\S+ \S+ -> \S+$", line) for line in lines):
        return None
    return len(lines)


# --- macOS --------------------------------------------------------------------------------

_SU_NOISE = (
    "Software Update Tool",
    "Finding available software",
    "Software Update found the following",
)


def parse_softwareupdate(text: str, current_major: str | None = None) -> UpdateCounts | None:
    """`softwareupdate -l` (stdout and stderr together), both formats.

    New (10.15+): "* Label: X" then "\\tTitle: X, Version: V, Size: S, Recommended: YES, ...".
    Old: "   * X-1.0" then "\\tX (1.0), 1234K [recommended] [restart]".
    Security = label or title mentions Security (Security Update, Rapid/Background Security
    Response) or it updates macOS within the running major version (those carry the fixes).
    Zero needs the explicit "No new software available."; anything else unrecognised is None.
    """
    items: list[list[str]] = []
    found_header = no_updates = False
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("No new software available"):
            no_updates = True
        elif stripped.startswith(_SU_NOISE):
            found_header = found_header or stripped.startswith("Software Update found")
        elif stripped.startswith("* "):
            items.append([stripped[2:].removeprefix("Label: ").strip()])
        elif raw.startswith(("\t", "    ")) and items:
            items[-1].append(stripped)
        else:
            return None
    if not items:
        return UpdateCounts(0, 0) if no_updates and not found_header else None
    security = sum(1 for item in items if _is_security(" ".join(item), current_major))
    return UpdateCounts(len(items), security)


def _is_security(description: str, current_major: str | None) -> bool:
    if "security" in description.lower():
        return True
    m = re.match(r"^macOS(?: [A-Za-z ]+?)? (\d+(?:\.\d+)*)", description)
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

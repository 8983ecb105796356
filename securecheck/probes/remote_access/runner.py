"""remote_access probe: is remote-control software installed, running or set for unattended use?

A "support agent" who asks you to install AnyDesk or TeamViewer is the start of most account
thefts the article describes. Which apps, and where each OS keeps them, is data
(`data/remote_access.yaml`); this runner only looks where the catalogue says:

- running: Linux `/proc/<pid>/comm` (`ps -e -o comm=` when /proc cannot be listed), macOS
  `ps -axo comm=`, Windows `tasklist /fo csv /nh`;
- installed: the vendors' install paths, systemd unit files, macOS .app bundles (by name and
  by CFBundleIdentifier), Windows service keys;
- unattended: a service that starts by itself (an enabled systemd unit, as
  `systemctl is-enabled` would say: a link in a `*.wants` folder; a launchd plist; a Windows
  service set to start automatically), a config file showing an unattended password, macOS
  Screen Sharing enabled in launchd, Windows Remote Desktop accepting connections.

Facts are app names only; nothing read from a config file is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from securecheck.core.model import FactValue, ProbeOutcome
from securecheck.i18n import Localized, _
from securecheck.probes.host import (
    Host,
    ProbeSpec,
    by_system,
    join_reasons,
    known,
    problem_of,
)
from securecheck.probes.remote_access import DECLARATION
from securecheck.probes.remote_access.parsers import (
    RemoteApp,
    app_of_process,
    parse_bundle_id,
    parse_launchctl_disabled,
    parse_ps_comm,
    parse_reg_services,
    parse_remote_desktop,
    parse_tasklist_csv,
    shipped_catalogue,
    unit_matches,
)

PROBE = "remote_access"
PS_LINUX = ("ps", "-e", "-o", "comm=")
PS_MACOS = ("ps", "-axo", "comm=")
TASKLIST = ("tasklist", "/fo", "csv", "/nh")
LAUNCHCTL_DISABLED = ("launchctl", "print-disabled", "system")
REG_SERVICES = ("reg", "query", r"HKLM\SYSTEM\CurrentControlSet\Services", "/s", "/v", "Start")
REG_RDP = (
    "reg",
    "query",
    r"HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server",
    "/v",
    "fDenyTSConnections",
)
SYSTEM_UNIT_DIRS = (
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
    "/etc/systemd/user",
    "/usr/lib/systemd/user",
)
USER_UNIT_DIR = ".config/systemd/user"
WANTS_ROOTS = ("/etc/systemd/system", "/etc/systemd/user")
LAUNCHD_DIRS = ("/Library/LaunchDaemons", "/Library/LaunchAgents")
USER_LAUNCHD_DIR = "Library/LaunchAgents"
APPLICATION_DIRS = ("/Applications",)
NOT_LISTED = _("the running programs could not be listed")


@dataclass
class Seen:
    """What was found, by app name, as the probe looks."""

    apps: tuple[RemoteApp, ...]
    system: str
    running: set[str] = field(default_factory=set)
    unattended: set[str] = field(default_factory=set)
    installed: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)
    notes: list[Localized] = field(default_factory=list)  # why processes could not be listed
    # Why a look for unattended access failed: then "none set" would be a guess.
    unseen: list[Localized] = field(default_factory=list)
    processes_listed: bool = False

    def processes(self, names: Iterable[str]) -> None:
        self.processes_listed = True
        for name in names:
            app = app_of_process(self.apps, self.system, name)
            if app is not None:
                self.running.add(app.name)
                self.installed.add(app.name)

    def mark(self, app: RemoteApp, *, unattended: bool = False) -> None:
        self.installed.add(app.name)
        if unattended:
            self.unattended.add(app.name)

    def outcome(self) -> ProbeOutcome:
        facts: dict[str, FactValue] = {"installed": sorted(self.installed)}
        reasons: dict[str, Localized] = {}
        if self.unattended or not self.unseen:
            facts["unattended"] = sorted(self.unattended)
        else:
            reasons["unattended"] = join_reasons(self.unseen)
        if self.processes_listed:
            facts["running"] = sorted(self.running)
        else:
            reasons["running"] = self.notes[0] if self.notes else NOT_LISTED
        return known(PROBE, facts, self.sources, fact_reasons=reasons)


def _home(host: Host) -> str | None:
    home = host.env("USERPROFILE" if host.system == "windows" else "HOME")
    return home.rstrip("/\\") if home and len(home) > 1 else None


def _expand(path: str, host: Host) -> str | None:
    """`~` and %VARIABLES% expanded; None when one of them is not set."""
    if path.startswith("~"):
        home = _home(host)
        return None if home is None else home + path[1:]
    out, rest = "", path
    while "%" in rest:
        head, _pct, tail = rest.partition("%")
        name, sep, after = tail.partition("%")
        if not sep:
            break
        value = host.env(name)
        if not value:
            return None
        out += head + value.rstrip("\\")
        rest = after
    return out + rest


def _installed_paths(host: Host, seen: Seen) -> None:
    for app in seen.apps:
        for raw in app.on("paths", host.system):
            path = _expand(raw, host)
            if path is not None and host.exists(path):
                seen.sources.append(path)
                seen.mark(app)
                break


def _markers(host: Host, seen: Seen) -> None:
    """Config files showing unattended access; their content is searched, never kept."""
    for app in seen.apps:
        for marker in app.on("unattended", host.system):
            path = _expand(marker.path, host)
            if path is None or not host.exists(path):
                continue
            read = host.read_text(path)
            seen.sources.append(path)
            if read.ok and read.text is not None and marker.pattern.search(read.text):
                seen.mark(app, unattended=True)


# --- Linux ---------------------------------------------------------------------------------


def _listed_processes(
    host: Host,
    seen: Seen,
    command: Sequence[str],
    parse: Callable[[str], set[str] | None],
    timeout: float,
) -> None:
    """The running programs from a listing command (`ps`, `tasklist`), or a note why not."""
    result = host.run(command, timeout=timeout)
    seen.sources.append(result.label)
    names = parse(result.stdout) if result.ok else None
    if names:
        seen.processes(names)
    else:
        seen.notes.append(NOT_LISTED if result.ok else problem_of(result))


def _linux_processes(host: Host, seen: Seen) -> None:
    entries = host.list_dir("/proc")
    pids = [e for e in entries or () if e.isdigit()]
    if pids:
        seen.sources.append("/proc/*/comm")
        names = []
        for pid in pids:
            read = host.read_text(f"/proc/{pid}/comm")
            if read.ok and read.text is not None:
                names.append(read.text.strip())
        if names:
            seen.processes(names)
            return
    _listed_processes(host, seen, PS_LINUX, parse_ps_comm, timeout=10)


def _linux_units(host: Host, seen: Seen) -> None:
    home = _home(host)
    unit_dirs = [*SYSTEM_UNIT_DIRS, *([f"{home}/{USER_UNIT_DIR}"] if home else [])]
    wants_roots = [*WANTS_ROOTS, *([f"{home}/{USER_UNIT_DIR}"] if home else [])]
    files: set[str] = set()
    for folder in unit_dirs:
        files.update(host.list_dir(folder) or ())
    enabled: set[str] = set()
    for root in wants_roots:
        for entry in host.list_dir(root) or ():
            if entry.endswith(".wants"):
                enabled.update(host.list_dir(f"{root}/{entry}") or ())
    for app in seen.apps:
        if any(unit_matches(app, unit) for unit in enabled):
            seen.sources.append("systemd *.wants")
            seen.mark(app, unattended=True)
        elif any(unit_matches(app, unit) for unit in files):
            seen.mark(app)


def _linux(host: Host) -> ProbeOutcome:
    seen = Seen(shipped_catalogue(), "linux")
    _linux_processes(host, seen)
    _installed_paths(host, seen)
    _linux_units(host, seen)
    _markers(host, seen)
    return seen.outcome()


# --- macOS ---------------------------------------------------------------------------------


def _macos_bundles(host: Host, seen: Seen) -> None:
    home = _home(host)
    folders = [*APPLICATION_DIRS, *([f"{home}/Applications"] if home else [])]
    by_bundle = {b.lower(): app for app in seen.apps for b in app.bundle_ids}
    for folder in folders:
        for entry in host.list_dir(folder) or ():
            if not entry.endswith(".app"):
                continue
            plist = host.read_text(f"{folder}/{entry}/Contents/Info.plist")
            bundle = parse_bundle_id(plist.text) if plist.ok and plist.text else None
            app = by_bundle.get(bundle.lower()) if bundle else None
            if app is not None:
                seen.sources.append(f"{folder}/{entry}")
                seen.mark(app)


def _macos_launchd(host: Host, seen: Seen) -> None:
    home = _home(host)
    folders = [*LAUNCHD_DIRS, *([f"{home}/{USER_LAUNCHD_DIR}"] if home else [])]
    plists: set[str] = set()
    for folder in folders:
        plists.update(e.removesuffix(".plist") for e in host.list_dir(folder) or ())
    for app in seen.apps:
        labels = app.on("services", "macos")
        prefixes = app.on("service_prefixes", "macos")
        if any(p in labels or any(p.startswith(x) for x in prefixes) for p in plists):
            seen.sources.append("LaunchDaemons/LaunchAgents")
            seen.mark(app, unattended=True)
    wanted = [app for app in seen.apps if app.on("launchd_enabled", "macos")]
    if not wanted:
        return
    result = host.run(LAUNCHCTL_DISABLED, timeout=10)
    seen.sources.append(result.label)
    states = parse_launchctl_disabled(result.stdout) if result.ok else None
    if states is None:
        seen.unseen.append(problem_of(result))
        return
    for app in wanted:
        if any(states.get(label) for label in app.on("launchd_enabled", "macos")):
            seen.mark(app, unattended=True)


def _macos(host: Host) -> ProbeOutcome:
    seen = Seen(shipped_catalogue(), "macos")
    _listed_processes(host, seen, PS_MACOS, parse_ps_comm, timeout=10)
    _installed_paths(host, seen)
    _macos_bundles(host, seen)
    _macos_launchd(host, seen)
    _markers(host, seen)
    return seen.outcome()


# --- Windows -------------------------------------------------------------------------------


def _windows_services(host: Host, seen: Seen) -> None:
    result = host.run(REG_SERVICES, timeout=20)
    seen.sources.append(result.label)
    if not result.ok:
        seen.unseen.append(problem_of(result))
        return
    services = parse_reg_services(result.stdout)
    for app in seen.apps:
        names = [n.lower() for n in app.on("services", "windows")]
        prefixes = [p.lower() for p in app.on("service_prefixes", "windows")]
        found = [
            start
            for service, start in services.items()
            if service in names or any(service.startswith(p) for p in prefixes)
        ]
        if found:
            seen.mark(app, unattended=any(start == 2 for start in found))


def _windows_remote_desktop(host: Host, seen: Seen) -> None:
    wanted = [app for app in seen.apps if app.on("registry_enabled", "windows")]
    if not wanted:
        return
    result = host.run(REG_RDP, timeout=10)
    seen.sources.append(result.label)
    on = parse_remote_desktop(result.stdout) if result.ok else None
    if on is None:
        seen.unseen.append(problem_of(result))
    elif on:
        for app in wanted:
            seen.mark(app, unattended=True)


def _windows(host: Host) -> ProbeOutcome:
    seen = Seen(shipped_catalogue(), "windows")
    _listed_processes(host, seen, TASKLIST, parse_tasklist_csv, timeout=15)
    _installed_paths(host, seen)
    _windows_services(host, seen)
    _windows_remote_desktop(host, seen)
    _markers(host, seen)
    return seen.outcome()


def run(host: Host) -> ProbeOutcome:
    return by_system(host, {"linux": _linux, "macos": _macos, "windows": _windows}, PROBE)


SPEC = ProbeSpec(DECLARATION, run)

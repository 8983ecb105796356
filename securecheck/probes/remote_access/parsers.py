"""Remote-control software: the shipped catalogue, and what each OS's listings say.

Pure: text in, names out. The catalogue (`data/remote_access.yaml`) says per app and per OS
which process names, install paths, services and bundle ids belong to it; the functions here
read process listings (`/proc/<pid>/comm`, `ps -axo comm`, `tasklist /fo csv /nh`), launchd's
disabled-services listing, a `reg query /s` of the services key and the Remote Desktop switch.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from securecheck.core.safe_yaml import load_bytes
from securecheck.files import shipped
from securecheck.probes.platform.parsers import parse_reg_query, reg_int

SYSTEMS = ("linux", "macos", "windows")
COMM_LENGTH = 15  # Linux keeps this many bytes of a process name in /proc/<pid>/comm
_PER_OS_KEYS = (
    "processes",
    "paths",
    "services",
    "service_prefixes",
    "unattended",
    "launchd_enabled",
    "registry_enabled",
)


@dataclass(frozen=True)
class Marker:
    """A file whose content, matching `pattern`, shows unattended access is set up."""

    path: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class RemoteApp:
    name: str
    processes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    paths: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    services: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    service_prefixes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unattended: Mapping[str, tuple[Marker, ...]] = field(default_factory=dict)
    launchd_enabled: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    registry_enabled: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    bundle_ids: tuple[str, ...] = ()

    def on(self, key: str, system: str) -> tuple[Any, ...]:
        table: Mapping[str, tuple[Any, ...]] = getattr(self, key)
        return table.get(system, ())


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where} must be a list of non-empty strings")
    return tuple(value)


def _per_os(value: Any, where: str, key: str) -> dict[str, tuple[Any, ...]]:
    if not isinstance(value, dict) or set(value) - set(SYSTEMS):
        raise ValueError(f"{where}.{key} must map linux/macos/windows to lists")
    out: dict[str, tuple[Any, ...]] = {}
    for system, items in value.items():
        if key == "unattended":
            if not isinstance(items, list):
                raise ValueError(f"{where}.{key}.{system} must be a list")
            markers = []
            for item in items:
                if not isinstance(item, dict) or set(item) != {"path", "pattern"}:
                    raise ValueError(f"{where}.{key}.{system}: each needs path and pattern")
                markers.append(Marker(str(item["path"]), re.compile(str(item["pattern"]), re.M)))
            out[system] = tuple(markers)
        else:
            out[system] = _strings(items, f"{where}.{key}.{system}")
    return out


def catalogue_from(data: Any) -> tuple[RemoteApp, ...]:
    """The shipped catalogue (loaded YAML); ValueError when it is malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("apps"), list):
        raise ValueError("the remote-access catalogue needs a list of apps")
    if not isinstance(data.get("captured"), str):
        raise ValueError("the remote-access catalogue needs its captured date")
    apps = []
    for number, item in enumerate(data["apps"], 1):
        where = f"apps[{number}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValueError(f"{where} needs a name")
        unknown = set(item) - {"name", "bundle_ids", *_PER_OS_KEYS}
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        tables = {k: _per_os(item[k], where, k) for k in _PER_OS_KEYS if k in item}
        bundles = _strings(item["bundle_ids"], where) if "bundle_ids" in item else ()
        apps.append(RemoteApp(item["name"], bundle_ids=bundles, **tables))
    return tuple(apps)


@functools.lru_cache(maxsize=1)
def shipped_catalogue() -> tuple[RemoteApp, ...]:
    """The catalogue that ships with securecheck (a broken one is our bug, and raises)."""
    ref = shipped("data/remote_access.yaml")
    return catalogue_from(load_bytes(ref.read_bytes(), "remote_access.yaml").data)


# --- process listings ------------------------------------------------------------------------


def parse_ps_comm(text: str) -> set[str] | None:
    """`ps -axo comm=` (macOS: executable paths) or `ps -e -o comm=`: the executable names;
    None unless `ps` itself is among them (it always lists itself: anything else is not
    its output)."""
    names = set()
    for line in text.splitlines():
        line = line.strip()
        if line:
            names.add(line.rsplit("/", 1)[-1])
    return names if "ps" in names else None


def parse_tasklist_csv(text: str) -> set[str] | None:
    """`tasklist /fo csv /nh`: the image names (first column); None when it is not a list
    of every task.

    Every field is quoted and the first is the image name in every display language; the
    memory column's digits and the "no tasks" notice are localized and not read.
    """
    names = set()
    for line in text.splitlines():
        if not line.startswith('"'):
            continue  # a notice ("INFO: ...") or garbage, never a task
        try:
            row = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            return None
        if len(row) >= 2 and row[0].strip() and row[1].strip().isdigit():
            names.add(row[0].strip())
    # Every Windows lists the System process (pid 4), and tasklist lists itself.
    known = {n.lower() for n in names} & {"system", "tasklist.exe"}
    return names if known else None


def app_of_process(apps: Iterable[RemoteApp], system: str, name: str) -> RemoteApp | None:
    """The catalogued app a running process belongs to (case-insensitive on Windows and
    macOS; on Linux a 15-character comm matches a longer name's beginning)."""
    for app in apps:
        for listed in app.on("processes", system):
            if system == "linux":
                if name == listed or (len(name) == COMM_LENGTH and listed[:COMM_LENGTH] == name):
                    return app
            elif name.lower() == listed.lower():
                return app
    return None


# --- services -------------------------------------------------------------------------------


def parse_launchctl_disabled(text: str) -> dict[str, bool] | None:
    """`launchctl print-disabled system`: label -> enabled; None when it is not that listing.

    macOS 13 and later print `"label" => enabled|disabled`; earlier releases print
    `"label" => false|true`, where true means disabled.
    """
    if not re.search(r"^disabled services = \{", text, re.MULTILINE):
        return None
    states: dict[str, bool] = {}
    for match in re.finditer(r'"([^"]+)"\s*=>\s*(enabled|disabled|true|false)', text):
        states[match.group(1)] = match.group(2) in ("enabled", "false")
    return states


def parse_reg_services(text: str) -> dict[str, int | None]:
    """`reg query HKLM\\SYSTEM\\CurrentControlSet\\Services /s /v Start`: service -> Start.

    Keys are full paths at the start of a line; values are indented. Only direct subkeys of
    Services are services (deeper keys are their parameters). Names are lower-cased.
    """
    services: dict[str, int | None] = {}
    current: str | None = None
    block: list[str] = []

    def flush() -> None:
        if current is not None:
            start = reg_int(parse_reg_query("\n".join(block)).get("start"))
            services[current] = start

    for line in text.splitlines():
        if line and not line[0].isspace():
            flush()
            match = re.search(r"\\services\\([^\\]+)$", line.strip(), re.IGNORECASE)
            current = match.group(1).lower() if match else None
            block = [line]
        elif current is not None:
            block.append(line)
    flush()
    return services


def parse_remote_desktop(text: str) -> bool | None:
    """`reg query ...\\Terminal Server /v fDenyTSConnections`: True when Remote Desktop
    accepts connections (the value is 0); None when the value is not there."""
    value = reg_int(parse_reg_query(text).get("fdenytsconnections"))
    return None if value is None else value == 0


def parse_bundle_id(text: str) -> str | None:
    """CFBundleIdentifier from an XML Info.plist (a binary one gives None)."""
    match = re.search(
        r"<key>\s*CFBundleIdentifier\s*</key>\s*<string>\s*([^<\s]+)\s*</string>", text
    )
    return match.group(1) if match else None


def enabled_units(wants: Mapping[str, Iterable[str]]) -> set[str]:
    """Unit names linked from systemd `*.wants` folders (folder -> its entry names)."""
    return {name for entries in wants.values() for name in entries}


def unit_matches(app: RemoteApp, unit: str) -> bool:
    return unit in app.on("services", "linux") or any(
        unit.startswith(p) for p in app.on("service_prefixes", "linux")
    )

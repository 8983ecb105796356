"""Pure parsers for the operating system's own tools and files, shared by several probes.

Windows `reg query`, macOS `defaults read` and `sw_vers`, `systemctl is-enabled` and INI-style
yes/no settings read the same whichever probe asks; each is parsed here once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

# --- Windows: reg query -------------------------------------------------------------------


@dataclass(frozen=True)
class RegValue:
    kind: str  # REG_SZ, REG_DWORD, ...
    data: str
    name: str = ""  # as reg printed it


def parse_reg_query(text: str) -> dict[str, RegValue]:
    """`reg query KEY [/v NAME]`: the values of the first key, by lower-case name.

    The layout (four-space indent, name, REG_ type, data) is the same in every language, and
    registry names are case-insensitive; subkeys, listed after the values as full paths, are
    ignored.
    """
    values: dict[str, RegValue] = {}
    seen_key = False
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line[0].isspace():
            if seen_key:
                break
            seen_key = True
            continue
        match = re.match(r"^\s+(.+?)\s+(REG_[A-Z_]+)(?:\s+(.*))?$", line)
        if match:
            name = match.group(1)
            values[name.lower()] = RegValue(match.group(2), (match.group(3) or "").strip(), name)
    return values


def reg_int(value: RegValue | None) -> int | None:
    """A REG_DWORD ("0x384") or a number stored as REG_SZ ("900")."""
    if value is None:
        return None
    data = value.data.strip()
    try:
        return int(data, 16) if data.lower().startswith("0x") else int(data)
    except ValueError:
        return None


def reg_text(values: Mapping[str, RegValue] | None, name: str) -> str:
    """The data of the value with lower-case `name`; "" when it is not there."""
    value = (values or {}).get(name)
    return value.data if value is not None else ""


# --- macOS --------------------------------------------------------------------------------

Defaults = Literal["absent"]


def parse_defaults_bool(stdout: str, stderr: str, code: int | None) -> bool | Defaults | None:
    """`defaults read DOMAIN KEY` -> True/False, "absent" when the key was never set."""
    if code == 0:
        return {"1": True, "0": False, "true": True, "false": False}.get(stdout.strip().lower())
    if code == 1 and "does not exist" in stderr:
        return "absent"
    return None


def parse_sw_vers(text: str) -> str | None:
    """`sw_vers -productVersion` -> "15.3.1"."""
    value = text.strip()
    return value if re.fullmatch(r"\d+(\.\d+){0,2}", value) else None


def macos_major(version: str) -> str:
    """The key macOS releases are known by: "15" for 15.x, "10.15" for 10.15.x."""
    parts = version.split(".")
    return ".".join(parts[:2]) if parts[0] == "10" else parts[0]


# --- Linux: systemd -----------------------------------------------------------------------

UnitState = Literal["enabled", "disabled", "missing"]


def parse_systemctl_is_enabled(stdout: str) -> UnitState | None:
    """`systemctl is-enabled UNIT` prints the state even when it exits non-zero."""
    state = stdout.strip().splitlines()[0].strip() if stdout.strip() else ""
    if state in ("enabled", "enabled-runtime", "static", "indirect", "alias", "generated"):
        return "enabled"
    if state in ("disabled", "masked", "masked-runtime", "linked", "linked-runtime"):
        return "disabled"
    if state == "" or state == "not-found":
        return "missing"
    return None


# --- configuration files ------------------------------------------------------------------


def parse_ini_value(text: str, section: str, key: str) -> str | None:
    """The value of `key` in `[section]` of an INI file ("#" starts a comment)."""
    current = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif "=" in line and current == section:
            name, _, value = line.partition("=")
            if name.strip() == key:
                return value.strip()
    return None


def truthy(value: str | None) -> bool | None:
    """A config file's yes/no word (1/yes/true/on, 0/no/false/off); None for anything else."""
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered in ("1", "yes", "true", "on"):
        return True
    if lowered in ("0", "no", "false", "off"):
        return False
    return None

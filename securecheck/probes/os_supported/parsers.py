"""Pure parsers and lookups for os_supported: os-release, distro-info CSVs, the EOL table.

Nothing here does I/O except `load_eol_table`, which reads the table shipped in the package.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import yaml

from securecheck.files import shipped
from securecheck.probes.platform.parsers import parse_reg_query, reg_int, reg_text

# Entries with `eol: null` count as supported for this long after the table was captured.
TABLE_TRUST_DAYS = 365

# --- /etc/os-release ----------------------------------------------------------------------


def parse_os_release(text: str) -> dict[str, str] | None:
    """KEY=value lines (values optionally quoted). None when no ID= line is present."""
    fields: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", key):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        fields[key] = value.replace('\\"', '"')
    return fields if fields.get("ID") else None


# --- distro-info-data ---------------------------------------------------------------------


@dataclass(frozen=True)
class DistroRelease:
    version: str  # "12", "24.04" (the " LTS" suffix removed)
    series: str  # codename as in os-release: "bookworm", "noble"
    released: date | None
    eol: date | None  # end of free security support, None if not announced
    lts: bool = False


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_distro_info_csv(text: str, distro: str) -> dict[str, DistroRelease] | None:
    """debian.csv / ubuntu.csv -> series -> release. None if the header is not distro-info's.

    Free support ends at: debian `eol-lts` (community LTS), else `eol`; ubuntu `eol-server`
    for LTS releases, else `eol`. `eol-elts` / `eol-esm` are paid and ignored.
    """
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    if not {"version", "series", "release", "eol"} <= set(header):
        return None
    releases: dict[str, DistroRelease] = {}
    for row in reader:
        series = (row.get("series") or "").strip()
        if not series:
            continue
        version = (row.get("version") or "").strip()
        lts = version.endswith(" LTS")
        if distro == "ubuntu":
            end = _iso(row.get("eol-server")) if lts else None
            end = end or _iso(row.get("eol"))
        else:
            end = _iso(row.get("eol-lts")) or _iso(row.get("eol"))
        releases[series] = DistroRelease(
            version=version.removesuffix(" LTS"),
            series=series,
            released=_iso(row.get("release")),
            eol=end,
            lts=lts,
        )
    return releases or None


# --- the shipped table --------------------------------------------------------------------


@dataclass(frozen=True)
class TableEntry:
    eol: date | None
    name: str = ""  # "Sequoia", "bookworm", "11 23H2"


@dataclass(frozen=True)
class EolTable:
    captured: date
    macos: Mapping[str, TableEntry]
    # build -> edition family -> entry
    windows: Mapping[int, Mapping[str, TableEntry]]
    linux: Mapping[str, Mapping[str, TableEntry]]
    rolling: frozenset[str] = field(default_factory=frozenset)
    major_only: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        return f"securecheck EOL table {self.captured.isoformat()}"

    def stale(self, today: date) -> bool:
        return (today - self.captured).days > TABLE_TRUST_DAYS


class EolTableError(ValueError):
    """The shipped table is malformed: a packaging bug, reported as the probe failing."""


def _entry(raw: Any, where: str, name_key: str) -> TableEntry:
    if not isinstance(raw, dict) or "eol" not in raw:
        raise EolTableError(f"{where}: expected a mapping with an eol key")
    eol = raw["eol"]
    if eol is not None and not isinstance(eol, date):
        raise EolTableError(f"{where}: eol must be a date or null")
    return TableEntry(eol=eol, name=str(raw.get(name_key, "")))


def parse_eol_table(text: str) -> EolTable:
    try:
        # libyaml's safe loader where PyYAML has it (its wheels do), as for the rule packs:
        # the same document, read in 7 ms instead of 75 on every audit that asks os_supported.
        doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise EolTableError(f"eol table: not YAML ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("captured"), date):
        raise EolTableError("eol table: missing captured date")
    macos = {str(k): _entry(v, f"macos.{k}", "name") for k, v in doc.get("macos", {}).items()}
    windows: dict[int, dict[str, TableEntry]] = {}
    for build, row in doc.get("windows", {}).items():
        if not isinstance(row, dict):
            raise EolTableError(f"windows.{build}: expected a mapping")
        families: dict[str, TableEntry] = {}
        for family in ("consumer", "enterprise", "ltsc", "iot_ltsc"):
            if family in row:
                families[family] = _entry(
                    {"eol": row[family], "name": row.get("release", "")},
                    f"windows.{build}.{family}",
                    "name",
                )
        windows[int(build)] = families
    linux: dict[str, dict[str, TableEntry]] = {}
    for distro, rows in doc.get("linux", {}).items():
        linux[str(distro)] = {
            str(k): _entry(v, f"linux.{distro}.{k}", "codename") for k, v in rows.items()
        }
    return EolTable(
        captured=doc["captured"],
        macos=macos,
        windows=windows,
        linux=linux,
        rolling=frozenset(str(x) for x in doc.get("rolling", [])),
        major_only=frozenset(str(x) for x in doc.get("major_only", [])),
    )


@lru_cache(maxsize=1)
def load_eol_table() -> EolTable:
    text = shipped("data/eol.yaml").read_text(encoding="utf-8")
    return parse_eol_table(text)


# --- Windows version -------------------------------------------------------------------

# Windows EditionID -> edition family of the support table ("N" editions strip to the base).
WINDOWS_EDITION_FAMILY: Mapping[str, str] = {
    "Core": "consumer",
    "CoreSingleLanguage": "consumer",
    "CoreCountrySpecific": "consumer",
    "Professional": "consumer",
    "ProfessionalEducation": "consumer",
    "ProfessionalWorkstation": "consumer",
    "Enterprise": "enterprise",
    "Education": "enterprise",
    "IoTEnterprise": "enterprise",
    "ServerRdsh": "enterprise",
    "EnterpriseS": "ltsc",
    "IoTEnterpriseS": "iot_ltsc",
}


def windows_edition_family(edition_id: str) -> str | None:
    family = WINDOWS_EDITION_FAMILY.get(edition_id)
    if family is None and edition_id.endswith("N"):
        family = WINDOWS_EDITION_FAMILY.get(edition_id[:-1])
    return family


@dataclass(frozen=True)
class WindowsVersion:
    build: int
    edition_id: str
    display_version: str  # "23H2"; empty on old builds
    server: bool


def parse_windows_current_version(text: str) -> WindowsVersion | None:
    """`reg query "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"`."""
    values = parse_reg_query(text)
    build = reg_int(values.get("currentbuild")) or reg_int(values.get("currentbuildnumber"))
    if build is None:
        return None
    return WindowsVersion(
        build=build,
        edition_id=reg_text(values, "editionid"),
        display_version=reg_text(values, "displayversion") or reg_text(values, "releaseid"),
        server=reg_text(values, "installationtype").lower() == "server",
    )

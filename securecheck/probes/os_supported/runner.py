"""os_supported: which OS release this is, and whether it still gets free security updates.

Debian and Ubuntu machines answer from their own distro-info-data CSVs when installed; every
other case (and those CSVs missing) answers from the end-of-life table shipped in the package
(securecheck/data/eol.yaml). A release found in neither is unknown, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import Localized, _
from securecheck.probes.host import Host, ProbeSpec, by_system, known, unknown
from securecheck.probes.host import unparseable as cannot_parse
from securecheck.probes.os_supported import DECLARATION
from securecheck.probes.os_supported.parsers import (
    DistroRelease,
    EolTable,
    TableEntry,
    load_eol_table,
    parse_distro_info_csv,
    parse_os_release,
    parse_windows_current_version,
    windows_edition_family,
)
from securecheck.probes.platform.parsers import macos_major, parse_sw_vers

PROBE = "os_supported"
FACTS = DECLARATION.fact_names
OS_RELEASE_PATHS = ("/etc/os-release", "/usr/lib/os-release")
DISTRO_INFO = "/usr/share/distro-info/{}.csv"
WINDOWS_VERSION_KEY = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"


@dataclass(frozen=True)
class Verdict:
    supported: bool | None
    eol: date | None = None
    source: str | None = None
    note: Localized | None = None  # why unknown, or a caveat on a decided answer


def judge(entry_eol: date | None, source: str, table: EolTable | None, today: date) -> Verdict:
    """Supported until the end date; no announced end counts only while the table is fresh."""
    if entry_eol is not None:
        return Verdict(today <= entry_eol, entry_eol, source)
    if table is not None and table.stale(today):
        return Verdict(
            None,
            source=source,
            note=_(
                "securecheck's end-of-life table is from {captured}; too old to tell whether this "
                "release is still supported — update securecheck",
                captured=table.captured,
            ),
        )
    return Verdict(True, None, source)


def not_in_table(what: str, table: EolTable) -> Verdict:
    return Verdict(
        None,
        note=_(
            "{what} is not in securecheck's end-of-life table ({captured}) — update "
            "securecheck or check the vendor's support page",
            what=what,
            captured=table.captured,
        ),
    )


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


ROLLING_NOTE = _("rolling release: it keeps getting security updates as long as you keep updating")


# --- Linux --------------------------------------------------------------------------------


def linux_verdict(
    release: Mapping[str, str],
    csv_rows: Mapping[str, Mapping[str, DistroRelease]],
    table: EolTable,
    today: date,
) -> Verdict:
    """Decide from os-release fields, the distro-info CSVs read (by distro) and the table."""
    distro = release.get("ID", "").lower()
    version = release.get("VERSION_ID", "")
    codename = release.get("VERSION_CODENAME", "")
    # Ubuntu/Debian derivatives (Mint, Pop!_OS, LMDE...) get their security updates from
    # the base release they name.
    base_note: Localized | None = None
    if distro not in ("debian", "ubuntu"):
        for base in ("ubuntu", "debian"):
            base_codename = release.get(f"{base.upper()}_CODENAME", "")
            if base_codename:
                base_note = _(
                    "judged by its {base} base ({base_codename})",
                    base=base,
                    base_codename=base_codename,
                )
                distro, version, codename = base, "", base_codename
                break
    if distro in table.rolling:
        return Verdict(True, None, table.label, ROLLING_NOTE)
    if distro == "debian" and not version:
        # testing and sid ship no VERSION_ID: they roll forward, like Arch.
        return Verdict(
            True,
            None,
            "os-release",
            _(
                "Debian testing/unstable is a rolling release: it gets fixes as long as you keep "
                "updating (the security team does not support it directly)",
            ),
        )
    verdict = _debian_family(distro, version, codename, csv_rows, table, today)
    if verdict is None:
        key = version.split(".")[0] if distro in table.major_only else version
        entry = table.linux.get(distro, {}).get(key)
        support_end = _iso_date(release.get("SUPPORT_END", ""))
        if entry is not None:
            verdict = judge(entry.eol, table.label, table, today)
        elif support_end is not None:
            # The release states its own end (os-release SUPPORT_END, e.g. Fedora, Rocky).
            verdict = judge(support_end, "os-release SUPPORT_END", None, today)
        else:
            name = release.get("NAME") or distro
            return not_in_table(f"{name} {version or codename}".strip(), table)
    if base_note is not None and verdict.note is None:
        verdict = Verdict(verdict.supported, verdict.eol, verdict.source, base_note)
    return verdict


def _debian_family(
    distro: str,
    version: str,
    codename: str,
    csv_rows: Mapping[str, Mapping[str, DistroRelease]],
    table: EolTable,
    today: date,
) -> Verdict | None:
    if distro not in ("debian", "ubuntu"):
        return None
    table_rows = table.linux.get(distro, {})
    table_entry: TableEntry | None = table_rows.get(version) or next(
        (e for e in table_rows.values() if codename and e.name == codename), None
    )
    rows = csv_rows.get(distro, {})
    row = rows.get(codename) or next((r for r in rows.values() if r.version == version), None)
    if row is not None and row.released is None:
        return Verdict(
            True,
            None,
            "distro-info-data",
            _(
                "{codename} is Debian/Ubuntu's development release (rolling until released)",
                codename=codename,
            ),
        )
    # Both sources may know the release; the later end date wins because support periods
    # only get extended (a stale CSV lacks the LTS column a newer table has).
    if (
        row is not None
        and row.eol is not None
        and (table_entry is None or table_entry.eol is None or row.eol >= table_entry.eol)
    ):
        return judge(row.eol, "distro-info-data", None, today)
    if table_entry is not None:
        return judge(table_entry.eol, table.label, table, today)
    if row is not None:
        return judge(None, "distro-info-data", table, today)
    return None


def _linux(host: Host, table: EolTable, today: date) -> ProbeOutcome:
    read = None
    for path in OS_RELEASE_PATHS:
        read = host.read_text(path)
        if read.ok:
            break
    assert read is not None
    if not read.ok or read.text is None:
        return unknown(PROBE, read.problem or cannot_parse(read.path), [read.path])
    release = parse_os_release(read.text)
    if release is None:
        return unknown(PROBE, cannot_parse(read.path), [read.path])
    sources = [read.path]
    csv_rows: dict[str, Mapping[str, DistroRelease]] = {}
    wanted = {release["ID"].lower()} | {
        base for base in ("debian", "ubuntu") if release.get(f"{base.upper()}_CODENAME")
    }
    for distro in sorted(wanted & {"debian", "ubuntu"}):
        path = DISTRO_INFO.format(distro)
        if not host.exists(path):
            continue
        csv_read = host.read_text(path)
        parsed = parse_distro_info_csv(csv_read.text or "", distro) if csv_read.ok else None
        if parsed is not None:
            csv_rows[distro] = parsed
            sources.append(path)
    verdict = linux_verdict(release, csv_rows, table, today)
    name = release.get("NAME") or release["ID"]
    version = release.get("VERSION_ID") or release.get("VERSION_CODENAME") or None
    return _outcome(name, version, verdict, sources)


# --- macOS and Windows --------------------------------------------------------------------


def macos_verdict(version: str, table: EolTable, today: date) -> Verdict:
    major = macos_major(version)
    entry = table.macos.get(major)
    if entry is None:
        return not_in_table(f"macOS {major}", table)
    return judge(entry.eol, table.label, table, today)


def _macos(host: Host, table: EolTable, today: date) -> ProbeOutcome:
    argv = ["sw_vers", "-productVersion"]
    result = host.run(argv, timeout=5)
    if not result.ok:
        return unknown(PROBE, result.problem or cannot_parse(result.label), [result.label])
    version = parse_sw_vers(result.stdout)
    if version is None:
        return unknown(PROBE, cannot_parse(result.label), [result.label])
    return _outcome("macOS", version, macos_verdict(version, table, today), [result.label])


def windows_verdict(
    build: int, edition_id: str, server: bool, table: EolTable, today: date
) -> Verdict:
    if server:
        return Verdict(
            None,
            note=_("Windows Server releases are not in securecheck's end-of-life table"),
        )
    family = windows_edition_family(edition_id)
    if family is None:
        return Verdict(
            None,
            note=_("unrecognised Windows edition {edition}", edition=edition_id)
            if edition_id
            else _("no Windows edition is named"),
        )
    entry = table.windows.get(build, {}).get(family)
    if entry is None:
        return not_in_table(f"Windows build {build} ({edition_id})", table)
    return judge(entry.eol, table.label, table, today)


def _windows(host: Host, table: EolTable, today: date) -> ProbeOutcome:
    argv = ["reg", "query", WINDOWS_VERSION_KEY]
    result = host.run(argv, timeout=5)
    if not result.ok:
        return unknown(PROBE, result.problem or cannot_parse(result.label), [result.label])
    info = parse_windows_current_version(result.stdout)
    if info is None:
        return unknown(PROBE, cannot_parse(result.label), [result.label])
    # ProductName still says "Windows 10" on Windows 11: the build tells them apart.
    name = "Windows 11" if info.build >= 22000 else "Windows 10" if info.build >= 10240 else ""
    version = f"build {info.build}"
    if info.display_version:
        version = f"{info.display_version} ({version})"
    verdict = windows_verdict(info.build, info.edition_id, info.server, table, today)
    return _outcome(name or "Windows", version, verdict, [result.label])


# --- runner -------------------------------------------------------------------------------


def _outcome(name: str, version: str | None, verdict: Verdict, sources: list[str]) -> ProbeOutcome:
    reasons: dict[str, Localized] = {}
    if verdict.supported is None and verdict.note is not None:
        reasons = {"supported": verdict.note, "eol_date": verdict.note}
    elif verdict.eol is None:
        reasons["eol_date"] = verdict.note or _("no end of support has been announced")
    return known(
        PROBE,
        {
            "os_name": name,
            "os_version": version,
            "supported": verdict.supported,
            "eol_date": verdict.eol.isoformat() if verdict.eol else None,
            "data_source": verdict.source,
        },
        sources,
        reason=verdict.note,
        fact_reasons=reasons,
    )


def assess(host: Host, today: date) -> ProbeOutcome:
    handlers = {"linux": _linux, "macos": _macos, "windows": _windows}
    return by_system(host, handlers, PROBE, load_eol_table(), today)


def run(host: Host) -> ProbeOutcome:
    return assess(host, date.today())


SPEC = ProbeSpec(DECLARATION, run)

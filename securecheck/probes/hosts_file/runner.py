"""hosts_file probe: does the hosts file send exchange, wallet or bank domains elsewhere?

Reads /etc/hosts (Windows: the hosts file in the folder Tcpip\\Parameters\\DataBasePath
names, normally %SystemRoot%\\System32\\drivers\\etc) and checks every entry against the
shipped list in securecheck/data/exchange_domains.yaml. Entries that point a listed domain
at loopback or 0.0.0.0 only block it and are fine. A missing hosts file cannot redirect
anything, so it counts as zero redirections. A file larger than the read cap (ad-blocking
lists often are) is searched whole with grep / findstr for the listed domains.
"""

from __future__ import annotations

from collections.abc import Sequence

from securecheck.core.domains import shipped_domains
from securecheck.core.model import FactValue, ProbeOutcome
from securecheck.i18n import Localized, _
from securecheck.probes.host import (
    FILE_CAP,
    Host,
    ProbeSpec,
    by_system,
    join_reasons,
    known,
    unknown,
    unparseable,
)
from securecheck.probes.hosts_file import DECLARATION
from securecheck.probes.hosts_file.parsers import (
    HostsEntry,
    find_hijacks,
    parse_hosts,
    search_argv,
    watched,
)
from securecheck.probes.platform.parsers import parse_reg_query

PROBE = "hosts_file"
UNIX_HOSTS = "/etc/hosts"
DEFAULT_DATABASE_PATH = r"%SystemRoot%\System32\drivers\etc"
REG_DATABASE_PATH = (
    "reg",
    "query",
    r"HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters",
    "/v",
    "DataBasePath",
)


def _expand(path: str, host: Host) -> str:
    """Expand %VAR% from the environment; SystemRoot falls back to C:\\Windows."""
    out, rest = "", path
    while "%" in rest:
        head, _pct, tail = rest.partition("%")
        name, sep, after = tail.partition("%")
        if not sep:
            break
        value = host.env(name) or ("C:\\Windows" if name.lower() == "systemroot" else None)
        out += head + (value if value is not None else f"%{name}%")
        rest = after
    return out + rest


def _windows_path(host: Host, sources: list[str], notes: list[Localized]) -> str | None:
    """The hosts file Windows really reads; None when the registry cannot tell (then the
    default folder would be a guess, and a moved hosts file is exactly what malware does)."""
    default = _expand(DEFAULT_DATABASE_PATH, host)
    result = host.run(REG_DATABASE_PATH, timeout=5)
    sources.append(result.label)
    value = parse_reg_query(result.stdout).get("databasepath") if result.ok else None
    if value is None or not value.data:
        notes.append(result.problem or unparseable(" ".join(REG_DATABASE_PATH)))
        return None
    folder = _expand(value.data, host)
    if folder.rstrip("\\").lower() != default.rstrip("\\").lower():
        # Malware moves the hosts file instead of editing it: say so, whatever it holds.
        notes.append(
            _("Windows reads its hosts file from a non-standard folder: {folder}", folder=folder)
        )
    return folder.rstrip("\\") + "\\hosts"


def _describe(entries: Sequence[HostsEntry]) -> str:
    unique = sorted({f"{e.name} -> {e.address!r}" for e in entries})
    return ", ".join(unique[:5]) + (", ..." if len(unique) > 5 else "")


def check(host: Host, path: str, sources: list[str], notes: list[Localized]) -> ProbeOutcome:
    """Check the hosts file at `path` (sources and notes gathered so far are kept)."""
    domains = shipped_domains().domains
    sources.append(path)
    if not host.exists(path):
        notes.append(_("there is no hosts file at {path}, so it redirects nothing", path=path))
        empty: dict[str, FactValue] = {
            "hijacked_domains": [],
            "hijack_count": 0,
            "entries_checked": 0,
        }
        return known(PROBE, empty, sources, reason=join_reasons(notes))
    read = host.read_text(path)
    if not read.ok or read.text is None:
        return unknown(PROBE, read.problem or _("cannot read {path}", path=path), sources)
    text = read.text
    truncated = read.truncated
    if truncated:
        text = text[: text.rfind("\n") + 1]  # the last line may be cut in half
    parsed = parse_hosts(text)
    if parsed.binary:
        return unknown(
            PROBE,
            _("{path} is not plain text (UTF-16 or binary)", path=path),
            sources,
        )
    entries = list(parsed.entries)
    doubtful = [e for e in parsed.unreadable if watched(e.name, domains)]
    if parsed.skipped_lines:
        notes.append(
            _(
                "{skipped_lines} line(s) are not host entries and were skipped",
                skipped_lines=parsed.skipped_lines,
            )
        )
    searched = True
    if truncated:
        searched = _search_whole_file(host, path, domains, entries, doubtful, sources, notes)
    hijacks = find_hijacks(entries, domains)
    facts: dict[str, FactValue] = {"entries_checked": len(parsed.entries)}
    reasons: dict[str, Localized] = {}
    if doubtful:
        shown = _describe(doubtful)
        why = _(
            "lines with a listed domain and an address securecheck cannot read: {shown}",
            shown=shown,
        )
        reasons["hijack_count"] = why
        notes.append(why)
    if hijacks or (searched and not doubtful):
        facts["hijacked_domains"] = hijacks
        facts["hijack_count"] = len(hijacks)
    elif not searched:
        reasons["hijack_count"] = reasons["hijacked_domains"] = _(
            "{path} is larger than {value} MiB and could not be searched whole",
            path=path,
            value=FILE_CAP >> 20,
        )
    return known(
        PROBE, facts, sources, reason=join_reasons(notes) if notes else None, fact_reasons=reasons
    )


def _search_whole_file(
    host: Host,
    path: str,
    domains: frozenset[str],
    entries: list[HostsEntry],
    doubtful: list[HostsEntry],
    sources: list[str],
    notes: list[Localized],
) -> bool:
    """Add the entries of every line of `path` that mentions a listed domain."""
    argv = search_argv(host.system, path, domains)
    result = host.run(argv, timeout=15)
    sources.append(argv[0] + " (listed domains) " + path)
    # grep and findstr exit 1, silently, when nothing matches.
    nothing = result.returncode == 1 and not result.stdout.strip() and not result.stderr.strip()
    if not nothing and (result.problem is not None or result.truncated):
        notes.append(
            _("only the first {value} MiB of {path} were checked", value=FILE_CAP >> 20, path=path)
        )
        return False
    found = parse_hosts(result.stdout)
    entries.extend(found.entries)
    doubtful.extend(e for e in found.unreadable if watched(e.name, domains))
    notes.append(
        _(
            "{path} is larger than {value} MiB: entries were counted in the first {value} MiB, "
            "and the whole file was searched for the listed domains",
            path=path,
            value=FILE_CAP >> 20,
        )
    )
    return True


def _unix(host: Host) -> ProbeOutcome:
    return check(host, UNIX_HOSTS, [], [])


def _windows(host: Host) -> ProbeOutcome:
    sources: list[str] = []
    notes: list[Localized] = []
    path = _windows_path(host, sources, notes)
    if path is None:
        return unknown(PROBE, join_reasons(notes), sources)
    return check(host, path, sources, notes)


def run(host: Host) -> ProbeOutcome:
    return by_system(host, {"linux": _unix, "macos": _unix, "windows": _windows}, PROBE)


SPEC = ProbeSpec(DECLARATION, run)

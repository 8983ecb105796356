"""Pure parsers for apt: the simulated upgrade, the configured sources, the package lists.

A count of pending updates is only as good as the package lists it was computed from. Before
the first `apt update`, or when the sources name a security archive whose list was never
downloaded, apt happily reports "0 security updates": it cannot see them. So the sources
are read too (one-line `sources.list` and deb822 `.sources`), and each enabled suite must
have its list on disk, downloaded after the sources last changed, for a zero to mean zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from securecheck.i18n import Localized, _
from securecheck.probes.os_updates.parsers import UpdateCounts
from securecheck.probes.platform.parsers import UnitState

# --- apt-get -s dist-upgrade ------------------------------------------------------------

_INST = re.compile(r"^Inst (\S+)(?: \[[^\]]*\])? \((.*?)\)")
_CONF = re.compile(r"^Conf (\S+)")
_ACTION = re.compile(r"^(Inst|Conf|Remv|Purg) \S+")
_NUMBER = re.compile(r"\d+")
_NOT_PROSE = re.compile(r'[{}\[\]"=<>/\\]')  # JSON, XML, paths: not apt's summary sentence


def _summary(line: str) -> tuple[int, int] | None:
    """ "N upgraded, N newly installed, N to remove and N not upgraded." in any language:
    apt's translations keep the four numbers in this order; only the words change."""
    if line.startswith((" ", "\t")) or _ACTION.match(line) or _NOT_PROSE.search(line):
        return None
    if not re.search(r"[^\W\d_]", line):
        return None  # four numbers need words between them
    numbers = _NUMBER.findall(line)
    separators = sum(line.count(c) for c in ",，、")
    if len(numbers) != 4 or separators < 2:
        return None
    return int(numbers[0]), int(numbers[1])


def parse_apt_simulation(text: str, quiet: bool = False) -> UpdateCounts | None:
    """`apt-get -s dist-upgrade` (any language) or `apt-get -sqq dist-upgrade` (`quiet`).

    One "Inst" line per package to upgrade or install; security updates are those offered
    by a security archive ("Debian-Security:", "bookworm-security", "jammy-security"). With
    a summary line, it must agree with the Inst lines; without one (`-qq` prints none) every
    line must be an action line and every installed package must also be configured, so
    output cut short is never read as "fewer updates".
    """
    summary: tuple[int, int] | None = None
    installed: list[str] = []
    configured: set[str] = set()
    security: set[str] = set()
    other = False
    for line in text.splitlines():
        if not line.strip():
            continue
        inst = _INST.match(line)
        if inst:
            installed.append(inst.group(1))
            if "security" in inst.group(2).lower():
                security.add(inst.group(1))
            continue
        conf = _CONF.match(line)
        if conf:
            configured.add(conf.group(1))
            continue
        if _ACTION.match(line):
            continue
        found = _summary(line)
        if found is not None:
            summary = found
        else:
            other = True
    # A package is counted once even if a pasted or concatenated log repeats its line.
    pending = len(set(installed))
    counts = UpdateCounts(pending, len(security))
    if summary is not None:
        return counts if sum(summary) == len(installed) else None
    if other or set(installed) != configured:
        return None  # no summary and not the -qq shape: not something we understand
    if not installed and not (quiet and not text.strip()):
        return None  # nothing at all: only an explicitly quiet run may print nothing
    return counts


# --- sources ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AptSource:
    kind: str  # deb, deb-src
    uri: str
    suite: str
    enabled: bool = True

    @property
    def security(self) -> bool:
        return is_security_suite(self.uri, self.suite)


def is_security_suite(uri: str, suite: str) -> bool:
    """A security archive: `<codename>-security` (Debian 11+, Ubuntu, Devuan, ESM), or Debian
    10 and older's `<codename>/updates` on security.debian.org."""
    suite = suite.strip().rstrip("/")
    if suite.endswith("-security"):
        return True
    return suite.endswith("/updates") and "security" in uri.lower()


def parse_one_line_sources(text: str) -> list[AptSource] | None:
    """sources.list / *.list: `deb [options] URI suite [component...]`; None if malformed."""
    found: list[AptSource] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        kind, _sep, rest = line.partition(" ")
        if kind not in ("deb", "deb-src"):
            return None
        rest = rest.strip()
        if rest.startswith("["):
            end = rest.find("]")
            if end < 0:
                return None
            rest = rest[end + 1 :].strip()
        fields = rest.split()
        if len(fields) < 2:
            return None
        found.append(AptSource(kind, fields[0], fields[1]))
    return found


def _deb822_stanzas(text: str) -> Iterable[dict[str, str]]:
    fields: dict[str, str] = {}
    last = ""
    for raw in [*text.splitlines(), ""]:
        if raw.startswith("#"):
            continue
        if not raw.strip():
            if fields:
                yield fields
            fields, last = {}, ""
            continue
        if raw[0] in " \t":
            if last:  # a continuation line (a multi-line field such as Signed-By)
                fields[last] += "\n" + raw.strip()
            continue
        name, sep, value = raw.partition(":")
        if not sep:
            fields["\0malformed"] = raw
            continue
        last = name.strip().lower()
        fields[last] = value.strip()


def parse_deb822_sources(text: str) -> list[AptSource] | None:
    """*.sources (deb822): stanzas with Types, URIs, Suites, optional Enabled: no."""
    found: list[AptSource] = []
    for fields in _deb822_stanzas(text):
        if "\0malformed" in fields:
            return None
        kinds, uris, suites = (fields.get(k, "").split() for k in ("types", "uris", "suites"))
        if not kinds or not uris or not suites:
            return None
        enabled = fields.get("enabled", "yes").strip().lower() not in ("no", "false", "0")
        for kind in kinds:
            for uri in uris:
                for suite in suites:
                    found.append(AptSource(kind, uri, suite, enabled))
    return found


def source_files(names: Sequence[str] | None) -> list[str]:
    """The names in sources.list.d that apt reads (others, e.g. `.disabled`, it ignores)."""
    return [
        n
        for n in names or []
        if re.fullmatch(r"[A-Za-z0-9_.-]+\.(list|sources)", n) and not n.startswith(".")
    ]


# --- package lists ------------------------------------------------------------------------

# apt's URItoFileName: these characters are %-escaped before '/' becomes '_'.
_QUOTED = set('\\|{}[]<>"^~_=!@#$%^&*')
# Schemes whose lists are named after host and path (mirror+file:, cdrom:, file: are not).
_NAMED_SCHEMES = frozenset({"http", "https", "ftp", "tor+http", "tor+https"})


def list_prefix(uri: str, suite: str) -> str | None:
    """The file-name prefix of a suite's lists in /var/lib/apt/lists, or None for a source
    whose lists cannot be named this way (flat repositories, cdrom:, file: URIs)."""
    m = re.fullmatch(r"([a-z0-9+.-]+)://(?:[^/@]*@)?(.+)", uri.strip())
    if m is None or m.group(1) not in _NAMED_SCHEMES or suite.endswith("/"):
        return None
    path = f"{m.group(2).rstrip('/')}/dists/{suite}"
    quoted = "".join(f"%{ord(c):02x}" if c in _QUOTED or ord(c) <= 0x20 else c for c in path)
    return quoted.replace("/", "_") + "_"


def apt_lists_present(names: list[str] | None) -> bool:
    """Whether /var/lib/apt/lists holds any downloaded package index."""
    return any("_Packages" in name for name in names or [])


def has_lists(source: AptSource, names: Iterable[str]) -> bool | None:
    """Whether the suite's Release file was downloaded; None if that cannot be told."""
    prefix = list_prefix(source.uri, source.suite)
    if prefix is None:
        return None
    return any(n.startswith(prefix) and n.endswith("Release") for n in names)


@dataclass(frozen=True)
class Coverage:
    """How far the package lists can vouch for the counts apt computed from them."""

    security_configured: bool
    missing: tuple[str, ...]  # "uri suite" of enabled deb sources without a downloaded list
    stale: bool  # the sources changed after the lists were last refreshed


def coverage(
    sources: Sequence[AptSource], list_names: Sequence[str], sources_newer: bool
) -> Coverage:
    active = [s for s in sources if s.enabled and s.kind == "deb"]
    missing = tuple(f"{s.uri} {s.suite}" for s in active if has_lists(s, list_names) is False)
    return Coverage(any(s.security for s in active), missing, sources_newer)


# --- APT::Periodic ------------------------------------------------------------------------


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

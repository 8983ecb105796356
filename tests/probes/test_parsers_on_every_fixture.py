"""Every parser against every fixture: none crashes on any tool's output, and the parsers that
decide a verdict decline (None) on another tool's output rather than read something into it.

Feeding one probe's captures to another probe's parsers stands in for the outputs we will
never see (a wrapper that merged streams, a tool replaced by a different one, an error page):
a parser that answers on them would answer on those too, and a false pass on a real machine
is the worst bug this project can have.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakehost import FIXTURES

from securecheck.probes.os_supported.parsers import EolTableError
from securecheck.probes.wifi.netsh import NetshProblem

PARSER_MODULES = {
    "wifi": ("wifi.parsers", "wifi.netsh", "wifi.iwd"),
    "os_updates": ("os_updates.parsers", "os_updates.apt"),
    "disk_encryption": ("disk_encryption.parsers", "disk_encryption.manage_bde"),
    "antivirus": ("antivirus.parsers",),
    "firewall": ("firewall.parsers",),
    "vpn": ("vpn.parsers",),
    "screen_lock": ("screen_lock.parsers",),
    "hosts_file": ("hosts_file.parsers",),
    "os_supported": ("os_supported.parsers",),
}
# The parsers whose answer becomes a verdict: on another tool's output they must decline.
DECIDING = {
    "parse_netsh_interfaces", "parse_iw_link", "parse_iw_info", "parse_iwctl_show",
    "parse_iwctl_networks", "parse_system_profiler", "parse_nmcli_wifi_list",
    "parse_windows_wifi_adapters", "parse_iw_scan_dump", "parse_apt_simulation",
    "parse_softwareupdate", "parse_dnf_check_update", "parse_dnf_security", "parse_checkupdates",
    "parse_zypper_updates", "parse_zypper_security", "parse_wu_search", "parse_manage_bde",
    "parse_bitlocker_json", "parse_fdesetup", "parse_lsblk", "parse_lsblk_pairs",
    "parse_findmnt", "parse_findmnt_pairs", "parse_zfs_encryption", "parse_security_center",
    "parse_install_history", "parse_cvd_header", "parse_os_release",
    "parse_windows_current_version",
}  # fmt: skip
FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.name != "SOURCES.md")


def parsers() -> list[tuple[str, str, Callable[[str], Any]]]:
    found = []
    for probe, modules in PARSER_MODULES.items():
        for name in modules:
            module = importlib.import_module(f"securecheck.probes.{name}")
            for fname, fn in inspect.getmembers(module, inspect.isfunction):
                if not fname.startswith("parse_") or fn.__module__ != module.__name__:
                    continue
                required = [
                    p for p in inspect.signature(fn).parameters.values() if p.default is p.empty
                ]
                if len(required) == 1:
                    found.append((probe, fname, fn))
    return found


def test_every_deciding_parser_is_exercised() -> None:
    assert DECIDING <= {name for _, name, _ in parsers()}


@pytest.mark.parametrize(
    ("probe", "name", "parse"),
    parsers(),
    # Ids without the functions' memory addresses: xdist workers must collect the same ids.
    ids=[f"{probe}-{name}" for probe, name, _ in parsers()],
)
def test_no_parser_crashes_and_deciding_ones_decline_foreign_output(
    probe: str, name: str, parse: Callable[[str], Any]
) -> None:
    accepted = []
    for path in FIXTURE_FILES:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            result = parse(text)
        except EolTableError:
            continue  # the shipped table's loader refuses anything else, by design
        own = path.relative_to(FIXTURES).parts[0] == probe
        answered = result is not None and not isinstance(result, NetshProblem)
        if name in DECIDING and not own and text.strip() and answered:
            accepted.append(str(Path(path).relative_to(FIXTURES)))
    assert not accepted, f"{name} read a verdict into other tools' output: {accepted}"

"""Which probes exist: their declarations (cheap, for rule loading) and, on demand, runners.

Listed here, not discovered, so a stray file in the package can never become a probe. A
probe's runner module loads only when that probe runs: loading the rules, listing them or
answering a question imports none of them.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping

from securecheck.probes.facts import ProbeDeclaration
from securecheck.probes.host import ProbeSpec

PROBES: tuple[str, ...] = (
    "os_updates",
    "os_supported",
    "wifi",
    "vpn",
    "firewall",
    "disk_encryption",
    "screen_lock",
    "antivirus",
    "hosts_file",
    "remote_access",
    "seed_phrase_files",
    "browser_extensions",
)


@functools.cache
def declarations() -> Mapping[str, ProbeDeclaration]:
    """Every probe's declaration, by name (imports each probe's package, not its runner)."""
    found: dict[str, ProbeDeclaration] = {}
    for name in PROBES:
        declaration: ProbeDeclaration = importlib.import_module(
            f"securecheck.probes.{name}"
        ).DECLARATION
        found[declaration.name] = declaration
    return found


@functools.cache
def spec(name: str) -> ProbeSpec | None:
    """The runnable probe named `name`, or None when there is none."""
    if name not in PROBES:
        return None
    found: ProbeSpec = importlib.import_module(f"securecheck.probes.{name}.runner").SPEC
    return found


def registry() -> Mapping[str, ProbeSpec]:
    """Every runnable probe (loads every runner: for tests and `facts`)."""
    return {name: s for name in PROBES if (s := spec(name)) is not None}

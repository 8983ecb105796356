"""What several Linux probes ask of the machine: running programs and systemd units."""

from __future__ import annotations

from securecheck.probes.host import Findings, Host
from securecheck.probes.platform.parsers import UnitState, parse_systemctl_is_enabled


def running_programs(host: Host) -> set[str] | None:
    """Names (comm) of the running processes, from /proc; None where /proc cannot be read."""
    pids = [name for name in host.list_dir("/proc") or [] if name.isdigit()]
    if not pids:
        return None
    names = set()
    for pid in pids:
        read = host.read_text(f"/proc/{pid}/comm")
        if read.ok and read.text:
            names.add(read.text.strip())
    return names


def systemd_booted(host: Host) -> bool:
    return host.exists("/run/systemd/system")  # what sd_booted() checks


def unit_state(f: Findings, unit: str) -> UnitState | None:
    """Whether a systemd unit is enabled; None when systemctl is missing or not understood."""
    if f.host.which("systemctl") is None:
        return None
    result = f.run(["systemctl", "is-enabled", unit], timeout=5)
    return parse_systemctl_is_enabled(result.stdout) if result.returncode is not None else None

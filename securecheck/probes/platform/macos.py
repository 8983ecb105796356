"""What several macOS probes ask of the machine: Software Update's settings."""

from __future__ import annotations

from collections.abc import Sequence

from securecheck.probes.host import Findings, problem_of
from securecheck.probes.platform.parsers import Defaults, parse_defaults_bool

SOFTWARE_UPDATE_PREFS = "/Library/Preferences/com.apple.SoftwareUpdate"


def software_update_settings(
    f: Findings, keys: Sequence[str], fact: str
) -> dict[str, bool | Defaults] | None:
    """The named switches of com.apple.SoftwareUpdate, in order.

    None when one cannot be read; then why is recorded as the reason `fact` is unknown.
    """
    values: dict[str, bool | Defaults] = {}
    for key in keys:
        read = f.run(["defaults", "read", SOFTWARE_UPDATE_PREFS, key], timeout=5)
        value = parse_defaults_bool(read.stdout, read.stderr, read.returncode)
        if value is None:
            f.missing([fact], problem_of(read))
            return None
        values[key] = value
    return values

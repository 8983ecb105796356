"""What the os_updates runners share."""

from __future__ import annotations

from securecheck.i18n import Localized
from securecheck.probes.host import Findings

COUNTS = ("pending_updates", "pending_security_updates")


def set_lower_bound(f: Findings, name: str, value: int | None, why: Localized) -> None:
    """A count from incomplete metadata: it proves updates wait; it cannot prove none do."""
    if value:
        f.set(name, value, why)
    else:
        f.missing([name], why)

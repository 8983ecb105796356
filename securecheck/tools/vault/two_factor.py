"""Which sites offer two-factor authentication a password manager can hold (TOTP) or a
security key (U2F/WebAuthn): a shipped, dated snapshot of 2factorauth/twofactorauth (MIT).

`data/two_factor_sites.txt` is built by `scripts/two_factor_snapshot.py` (its header says from
which commit, and how to refresh it); its licence ships beside it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from securecheck.files import shipped

_LINE = re.compile(r"^([a-z0-9.-]+) ((?:totp|u2f)(?:,(?:totp|u2f))*)$")


@dataclass(frozen=True)
class TwoFactorSites:
    captured: str
    methods: dict[str, tuple[str, ...]]

    def lookup(self, domain: str | None) -> tuple[str, tuple[str, ...]] | None:
        """(the listed domain, its methods) for a host or any parent domain of it."""
        if not domain:
            return None
        labels = domain.split(".")
        for i in range(len(labels) - 1):
            candidate = ".".join(labels[i:])
            if candidate in self.methods:
                return candidate, self.methods[candidate]
        return None


def parse_sites(text: str) -> TwoFactorSites:
    """The snapshot file; ValueError naming the line when it is malformed (our bug)."""
    captured = ""
    methods: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("captured: "):
            captured = line.removeprefix("captured: ").strip()
            continue
        found = _LINE.match(line)
        if found is None:
            raise ValueError(f"two_factor_sites.txt:{number}: not 'domain methods'")
        methods[found.group(1)] = tuple(found.group(2).split(","))
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", captured) or not methods:
        raise ValueError("two_factor_sites.txt: no captured date or no sites")
    return TwoFactorSites(captured, methods)


@functools.lru_cache(maxsize=1)
def shipped_sites() -> TwoFactorSites:
    ref = shipped("data/two_factor_sites.txt")
    return parse_sites(ref.read_text(encoding="utf-8"))

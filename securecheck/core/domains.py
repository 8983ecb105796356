"""The domains securecheck watches: exchanges, wallets, banks and payments.

One shipped, dated list (`data/exchange_domains.yaml`) serves the hosts-file probe (is an
official domain redirected?) and the site tool (is this link official or a look-alike?).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from securecheck.core.safe_yaml import load_bytes
from securecheck.files import shipped

# A registrable domain in the shipped list: at least two labels, no underscores.
_DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
DOMAIN_GROUPS: tuple[str, ...] = ("exchanges", "wallets", "banks_and_payments")


@dataclass(frozen=True)
class DomainList:
    captured: str
    domains: frozenset[str]


def parse_domain_list(data: Any) -> DomainList:
    """The shipped domain list (already loaded YAML); ValueError when it is malformed."""
    if not isinstance(data, dict):
        raise ValueError("the domain list must be a mapping")
    captured = data.get("captured")
    if not isinstance(captured, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", captured):
        raise ValueError("captured must be an ISO date string")
    unknown_keys = set(data) - {"captured", "names", *DOMAIN_GROUPS}
    if unknown_keys:
        raise ValueError(f"unknown keys: {sorted(unknown_keys)}")
    domains: set[str] = set()
    for group in DOMAIN_GROUPS:
        items = data.get(group)
        if not isinstance(items, list) or not items:
            raise ValueError(f"{group} must be a non-empty list")
        for item in items:
            if not isinstance(item, str) or not _DOMAIN.match(item):
                raise ValueError(f"{group}: not a lower-case domain: {item!r}")
            domains.add(item)
    return DomainList(captured, frozenset(domains))


def shipped_data() -> Any:
    """The list file as loaded YAML (the site tool also reads its display names)."""
    ref = shipped("data/exchange_domains.yaml")
    return load_bytes(ref.read_bytes(), "exchange_domains.yaml").data


@functools.lru_cache(maxsize=1)
def shipped_domains() -> DomainList:
    """The list that ships with securecheck (a broken list is our bug, and raises)."""
    return parse_domain_list(shipped_data())

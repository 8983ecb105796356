"""Pure parsers for the firewall probe. "Enabled" means incoming traffic is filtered.

Each parser answers True (filters), False (does not) or None (could not understand).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# --- Linux ---------------------------------------------------------------------------------


def parse_ufw_conf(text: str) -> bool | None:
    """/etc/ufw/ufw.conf (world-readable): ENABLED=yes means ufw loads its rules at boot."""
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key.strip() == "ENABLED":
            word = value.strip().strip("'\"").lower()
            return {"yes": True, "no": False}.get(word)
    return None


def parse_ufw_status(text: str) -> bool | None:
    """`ufw status` (root only): "Status: active" / "Status: inactive"."""
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() == "Status":
            return {"active": True, "inactive": False}.get(value.strip())
    return None


def parse_firewalld_state(text: str) -> bool | None:
    """`firewall-cmd --state`: "running" (exit 0) or "not running" (exit 252)."""
    return {"running": True, "not running": False}.get(text.strip())


def _walk(value: Any) -> Iterator[str]:
    """Every dict key in a JSON value: nft verdicts are keys ("drop": null)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner)


def parse_nft_ruleset(text: str) -> bool | None:
    """`nft -j list ruleset` (root only).

    Filtering: a chain on the input hook with policy drop, or a drop/reject verdict in any
    chain of a table that has an input-hook chain (front ends like ufw jump to their own).
    """
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("nftables"), list):
        return None
    input_tables: set[tuple[str, str]] = set()
    rules: list[tuple[tuple[str, str], Any]] = []
    for item in data["nftables"]:
        if not isinstance(item, dict):
            return None
        chain, rule = item.get("chain"), item.get("rule")
        if isinstance(chain, dict) and chain.get("hook") == "input":
            if chain.get("policy") == "drop":
                return True
            input_tables.add((str(chain.get("family")), str(chain.get("table"))))
        elif isinstance(rule, dict):
            rules.append(((str(rule.get("family")), str(rule.get("table"))), rule.get("expr")))
    return any(
        table in input_tables and ({"drop", "reject"} & set(_walk(expr))) for table, expr in rules
    )


def parse_iptables_rules(text: str) -> bool | None:
    """`iptables -S` (root only): INPUT policy DROP, or any DROP/REJECT rule."""
    policies = [ln for ln in text.splitlines() if ln.startswith("-P ")]
    if not policies:
        return None
    if "-P INPUT DROP" in policies:
        return True
    return any(
        ln.startswith("-A ") and re.search(r"\s-j\s+(DROP|REJECT)\b", ln)
        for ln in text.splitlines()
    )


def parse_nftables_conf(text: str) -> bool | None:
    """/etc/nftables.conf (world-readable): does the boot ruleset filter input?"""
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    if not re.search(r"\bhook\s+input\b", code):
        return False
    return bool(re.search(r"\bpolicy\s+drop\b", code) or re.search(r"\b(drop|reject)\b", code))


# --- macOS ---------------------------------------------------------------------------------


def parse_socketfilterfw(text: str) -> bool | None:
    """`socketfilterfw --getglobalstate`: "Firewall is enabled. (State = 1)".

    State 0 is off, 1 on, 2 on and blocking all incoming connections.
    """
    match = re.search(r"State\s*=\s*(\d+)", text)
    if match:
        return {"0": False, "1": True, "2": True}.get(match.group(1))
    lowered = text.lower()
    if "firewall is disabled" in lowered:
        return False
    if "firewall is enabled" in lowered or "firewall is blocking" in lowered:
        return True
    return None


# --- Windows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowsFirewall:
    profiles: dict[str, bool | None]  # Domain / Private / Public -> enabled
    products: list[tuple[str, bool]]  # third-party firewalls registered with Security Center


def _gpo_boolean(value: Any) -> bool | None:
    """GpoBoolean as ConvertTo-Json writes it: 1/0, true/false or "True"/"False"; 2 and
    "NotConfigured" leave it to a policy we cannot see."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {1: True, 0: False}.get(value)
    if isinstance(value, str):
        return {"true": True, "false": False, "1": True, "0": False}.get(value.strip().lower())
    return None


def _items(value: Any) -> list[dict[str, Any]] | None:
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return value
    return None


def parse_windows_firewall(text: str) -> WindowsFirewall | None:
    """{"profiles": Get-NetFirewallProfile, "products": SecurityCenter2 FirewallProduct}."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    profiles = _items(data.get("profiles"))
    products = _items(data.get("products"))
    if not profiles or products is None:
        return None
    states = {str(p.get("Name")): _gpo_boolean(p.get("Enabled")) for p in profiles}
    registered = [
        (str(p.get("displayName") or "?"), bool(p["productState"] & 0x1000))  # "on" bit
        for p in products
        if isinstance(p.get("productState"), int)
    ]
    return WindowsFirewall(states, registered)

"""Pure parsers for the firewall probe. "Enabled" means incoming traffic is filtered.

Each parser answers True (filters), False (does not) or None (could not understand).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

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


def _jump_targets(value: Any) -> Iterator[str]:
    """Chains a rule's expression jumps or goes to: {"jump": {"target": "X"}}."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("jump", "goto") and isinstance(inner, dict):
                target = inner.get("target")
                if isinstance(target, str):
                    yield target
            else:
                yield from _jump_targets(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _jump_targets(inner)


def _reaches(roots: Iterable[T], edges: dict[T, set[T]], dropping: set[T]) -> bool:
    """Does a chain that drops or rejects lie on a path from one of the roots?"""
    seen: set[T] = set()
    todo = list(roots)
    while todo:
        chain = todo.pop()
        if chain in seen:
            continue
        seen.add(chain)
        if chain in dropping:
            return True
        todo.extend(edges.get(chain, ()))
    return False


def parse_nft_ruleset(text: str) -> bool | None:
    """`nft -j list ruleset` (root only).

    Filtering: a chain on the input hook with policy drop, or a drop/reject verdict in a
    chain that incoming packets reach (the input-hook chain itself, or one it jumps to, as
    front ends like ufw do). Drops on the forward path (Docker's isolation chains, libvirt's
    reject rules, a forward policy drop) do not filter what reaches this machine.
    """
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("nftables"), list):
        return None
    roots: list[tuple[str, str, str]] = []
    edges: dict[tuple[str, str, str], set[tuple[str, str, str]]] = {}
    dropping: set[tuple[str, str, str]] = set()
    for item in data["nftables"]:
        if not isinstance(item, dict):
            return None
        chain, rule = item.get("chain"), item.get("rule")
        if isinstance(chain, dict) and chain.get("hook") == "input":
            if chain.get("policy") == "drop":
                return True
            roots.append(
                (str(chain.get("family")), str(chain.get("table")), str(chain.get("name")))
            )
        elif isinstance(rule, dict):
            family, table = str(rule.get("family")), str(rule.get("table"))
            key = (family, table, str(rule.get("chain")))
            expr = rule.get("expr")
            if {"drop", "reject"} & set(_walk(expr)):
                dropping.add(key)
            for target in _jump_targets(expr):
                edges.setdefault(key, set()).add((family, table, target))
    return _reaches(roots, edges, dropping)


_IPT_RULE = re.compile(r"^-A (\S+)(?:\s.*?)?\s-[jg]\s+(\S+)")


def parse_iptables_rules(text: str) -> bool | None:
    """`iptables -S` (root only): INPUT policy DROP, or a DROP/REJECT rule in INPUT or in a
    chain INPUT jumps to. DROP rules only on the forward path (Docker, libvirt) and a
    FORWARD policy DROP do not filter what reaches this machine."""
    policies = [ln for ln in text.splitlines() if ln.startswith("-P ")]
    if not policies:
        return None
    if "-P INPUT DROP" in (ln.strip() for ln in policies):
        return True
    edges: dict[str, set[str]] = {}
    dropping: set[str] = set()
    for line in text.splitlines():
        m = _IPT_RULE.match(line.strip())
        if m is None:
            continue
        chain, target = m.group(1), m.group(2)
        if target in ("DROP", "REJECT"):
            dropping.add(chain)
        else:
            edges.setdefault(chain, set()).add(target)
    return _reaches(["INPUT"], edges, dropping)


_NFT_CHAIN = re.compile(r"\bchain\s+(\S+)\s*\{")


def _nft_conf_chains(code: str) -> dict[str, str] | None:
    """chain name -> its body (braces matched); None when the braces do not balance."""
    chains: dict[str, str] = {}
    for m in _NFT_CHAIN.finditer(code):
        depth, end = 1, m.end()
        while depth and end < len(code):
            depth += {"{": 1, "}": -1}.get(code[end], 0)
            end += 1
        if depth:
            return None
        chains[m.group(1).strip('"')] = code[m.end() : end - 1]
    return chains


def parse_nftables_conf(text: str) -> bool | None:
    """/etc/nftables.conf (world-readable): does the boot ruleset filter input?

    Only the input-hook chains count (and the chains they jump or go to): a drop policy
    or a drop/reject rule there. A forward chain's drop policy filters nothing addressed to
    this machine. Chain names are matched across tables (a config rarely reuses one).
    """
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    if not re.search(r"\bhook\s+input\b", code):
        return False
    chains = _nft_conf_chains(code)
    if chains is None:
        return None
    roots = [name for name, body in chains.items() if re.search(r"\bhook\s+input\b", body)]
    edges = {
        name: set(re.findall(r"\b(?:jump|goto)\s+(\S+)", body)) for name, body in chains.items()
    }
    dropping = {name for name, body in chains.items() if re.search(r"\b(drop|reject)\b", body)}
    return _reaches(roots, edges, dropping)


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
        (str(p.get("displayName") or "?"), bool(state & 0x1000))  # "on" bit
        for p in products
        if (state := _product_state(p.get("productState"))) is not None
    ]
    return WindowsFirewall(states, registered)


def _product_state(raw: Any) -> int | None:
    """productState as a number, or (some PowerShell versions and wrappers) as the same
    number in a decimal or 0x-hex string; anything else is not a state."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 <= raw <= 0xFFFFFFFF else None
    if isinstance(raw, str):
        text = raw.strip()
        try:
            value = int(text, 16) if text.lower().startswith("0x") else int(text, 10)
        except ValueError:
            return None
        return _product_state(value)
    return None

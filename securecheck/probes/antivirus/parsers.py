"""Pure parsers for the antivirus probe: Windows Security Center and Defender, macOS install
history (XProtect), ClamAV signature headers and config files."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# --- Windows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductState:
    """WSC productState, decoded as Microsoft's WSC tooling and vendors read it (undocumented):

    bits 12-15: 0x0 off, 0x1 on, 0x2 snoozed, 0x3 expired;  bits 8-11: 0x1 = a Microsoft
    product;  bits 4-7: 0x0 signatures up to date, 0x1 out of date.
    397568 = 0x061100: Defender on, up to date;  393472 = 0x060100: Defender off;
    397584 = 0x061110: Defender on, out of date;  266240 = 0x041000: third party on.
    """

    enabled: bool
    up_to_date: bool
    microsoft: bool
    state: str  # off, on, snoozed, expired, unknown


def decode_product_state(value: int) -> ProductState:
    state = {0: "off", 1: "on", 2: "snoozed", 3: "expired"}.get((value >> 12) & 0xF, "unknown")
    return ProductState(
        enabled=state == "on",
        up_to_date=(value >> 4) & 0xF == 0,
        microsoft=(value >> 8) & 0xF == 1,
        state=state,
    )


@dataclass(frozen=True)
class AvProduct:
    name: str
    state: ProductState


def _json_list(text: str) -> list[Any] | None:
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    if isinstance(doc, dict):  # PowerShell prints a lone object without the array
        doc = [doc]
    return doc if isinstance(doc, list) else None


def parse_security_center(text: str) -> list[AvProduct] | None:
    """`Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct` as JSON."""
    items = _json_list(text)
    if items is None:
        return None
    products = []
    for item in items:
        if not isinstance(item, dict):
            return None
        name, state = item.get("displayName"), product_state_value(item.get("productState"))
        if not isinstance(name, str) or state is None:
            return None
        products.append(AvProduct(name, decode_product_state(state)))
    return products


def product_state_value(raw: Any) -> int | None:
    """productState as WMI/CIM gives it: a number, or (through some PowerShell versions,
    WMIC and third-party wrappers) the same number as a decimal or 0x-hex string."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 <= raw <= 0xFFFFFFFF else None
    if isinstance(raw, float) and raw.is_integer():
        return product_state_value(int(raw))
    if isinstance(raw, str):
        text = raw.strip()
        try:
            value = int(text, 16) if text.lower().startswith("0x") else int(text, 10)
        except ValueError:
            return None
        return product_state_value(value)
    return None


@dataclass(frozen=True)
class DefenderStatus:
    service_enabled: bool
    antivirus_enabled: bool
    realtime: bool
    passive: bool  # another antivirus is in charge; Defender only scans on demand
    signature_age_days: int | None


def _ps_date(value: Any) -> datetime | None:
    """Windows PowerShell 5.1 writes dates as "/Date(ms)/"; PowerShell 7 as ISO 8601."""
    if not isinstance(value, str):
        return None
    m = re.fullmatch(r"/Date\((-?\d+)(?:[+-]\d{4})?\)/", value.strip())
    if m:
        return datetime.fromtimestamp(int(m.group(1)) / 1000, tz=UTC)
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_defender_status(text: str, now: datetime) -> DefenderStatus | None:
    """`Get-MpComputerStatus | Select-Object ... | ConvertTo-Json`."""
    items = _json_list(text)
    if not items or not isinstance(items[0], dict):
        return None
    doc = items[0]
    flags = [doc.get(k) for k in ("AMServiceEnabled", "AntivirusEnabled")]
    if not all(isinstance(flag, bool) for flag in flags):
        return None
    realtime = doc.get("RealTimeProtectionEnabled")
    age = doc.get("AntivirusSignatureAge")
    # 65535 is Defender's "never updated"; then trust the update date if there is one.
    if not isinstance(age, int) or not 0 <= age < 65535:
        updated = _ps_date(doc.get("AntivirusSignatureLastUpdated"))
        age = max(0, (now - updated).days) if updated else None
    mode = str(doc.get("AMRunningMode") or "Normal")
    return DefenderStatus(
        service_enabled=bool(flags[0]),
        antivirus_enabled=bool(flags[1]),
        realtime=realtime is True,
        passive="passive" in mode.lower() or "edr block" in mode.lower(),
        signature_age_days=age,
    )


# --- macOS --------------------------------------------------------------------------------


@dataclass(frozen=True)
class XProtectInstall:
    last: datetime | None  # newest XProtect data/payload install, None if none recorded
    version: str = ""


def parse_install_history(text: str) -> XProtectInstall | None:
    """`system_profiler SPInstallHistoryDataType -json`: newest XProtect* install.

    XProtectPlistConfigData carries XProtect's rules (weekly); XProtectPayloads is XProtect
    Remediator (monthly). Either arriving proves signature updates reach this Mac.
    """
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    items = doc.get("SPInstallHistoryDataType") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        return None
    newest: XProtectInstall = XProtectInstall(None)
    for item in items:
        if not isinstance(item, dict) or not str(item.get("_name", "")).startswith("XProtect"):
            continue
        when = _ps_date(item.get("install_date"))
        if when is None:
            return None
        if newest.last is None or when > newest.last:
            newest = XProtectInstall(when, str(item.get("install_version", "")))
    return newest


# --- ClamAV -------------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def parse_cvd_header(text: str) -> datetime | None:
    """Build time from a daily.cvd/.cld header (its first 512 bytes are text):

    "ClamAV-VDB:14 Nov 2025 08-26 -0500:27823:2076346:90:<md5>:<dsig>:<builder>:<epoch>"
    """
    head = text[:512]
    if not head.startswith("ClamAV-VDB:"):
        return None
    fields = head.split(":")
    if len(fields) > 8 and fields[8].strip().isdigit():
        return datetime.fromtimestamp(int(fields[8].strip()), tz=UTC)
    m = re.fullmatch(r"(\d{1,2}) (\w{3}) (\d{4}) (\d{2})-(\d{2}) ([+-]\d{4})", fields[1].strip())
    if m is None or m.group(2) not in _MONTHS:
        return None
    # Parse by hand: strptime's %b follows the process locale.
    try:
        return datetime.strptime(
            f"{m.group(3)}-{_MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d} "
            f"{m.group(4)}:{m.group(5)} {m.group(6)}",
            "%Y-%m-%d %H:%M %z",
        )
    except ValueError:
        return None


def parse_clam_conf(text: str, key: str) -> list[str]:
    """Values of `Key value` lines in clamd.conf / freshclam.conf (comments skipped)."""
    values = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            continue
        name, _, value = line.partition(" ")
        if name == key and value.strip():
            values.append(value.strip())
    return values

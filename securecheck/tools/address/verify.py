"""Address verifier: is a pasted withdrawal address well-formed, and is it the one you meant?

Checksums only, never the network: Bitcoin / Litecoin / Dogecoin base58check (P2PKH, P2SH,
and Bitcoin testnet), segwit bech32 / bech32m (BIP-173 / BIP-350: bc1, tb1, ltc1), Ethereum and
other EVM chains (0x + 40 hex, EIP-55 mixed-case checksum, which needs Keccak-256 — not
hashlib's sha3_256, whose padding differs), and Tron base58check (T…, version 0x41).

A correct checksum shows the address was not mistyped; it cannot show the address is yours.
So `expected` compares it with the address you saved: a different address that shares the
first and last four characters is what address poisoning plants in your history.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from securecheck.i18n import Localized, _
from securecheck.tools.address.keccak import keccak256

AddressKind = Literal["valid", "invalid", "unknown_format", "mismatch", "poisoned", "not_saved"]

EVM = "ethereum/EVM"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32M_CONST = 0x2BC830A3
_HRPS = {"bc": "bitcoin", "tb": "bitcoin testnet", "ltc": "litecoin"}
# version byte -> (network, kind of address)
_VERSIONS = {
    0x00: ("bitcoin", "P2PKH"),
    0x05: ("bitcoin", "P2SH"),
    0x6F: ("bitcoin testnet", "P2PKH"),
    0xC4: ("bitcoin testnet", "P2SH"),
    0x30: ("litecoin", "P2PKH"),
    0x32: ("litecoin", "P2SH"),
    0x1E: ("dogecoin", "P2PKH"),
    0x16: ("dogecoin", "P2SH"),
    0x41: ("tron", "account"),
}
_B58_FIRST = {"1": "bitcoin", "3": "bitcoin", "T": "tron", "L": "litecoin", "M": "litecoin"}
_B58_FIRST |= {"D": "dogecoin", "m": "bitcoin testnet", "n": "bitcoin testnet"}
# BIP-21 payment links; not EIP-681 (ethereum:), whose token transfers hide the recipient.
_URI_SCHEMES = ("bitcoin:", "litecoin:", "dogecoin:")


@dataclass(frozen=True)
class AddressVerdict:
    kind: AddressKind
    network: str | None
    reasons: tuple[Localized, ...]
    address: str = ""  # the address as checked (trimmed, payment-link prefix removed)
    saved_label: str | None = None  # the address-book entry it is, or imitates


def to_checksum_address(address: str) -> str:
    """The EIP-55 form of `0x` + 40 hex digits."""
    body = address[2:].lower()
    digest = keccak256(body.encode("ascii")).hex()
    return "0x" + "".join(
        c.upper() if int(h, 16) >= 8 else c for c, h in zip(body, digest[:40], strict=True)
    )


# --- base58check and bech32 -----------------------------------------------------------------


def _b58decode(s: str) -> bytes:
    n = 0
    for ch in s:
        n = n * 58 + _B58.index(ch)
    zeros = len(s) - len(s.lstrip("1"))
    return bytes(zeros) + n.to_bytes((n.bit_length() + 7) // 8, "big")


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def _convert_bits(data: list[int]) -> bytes | None:
    """5-bit groups to bytes; None on padding of more than 4 bits or non-zero padding."""
    acc = bits = 0
    out = bytearray()
    for v in data:
        acc, bits = (acc << 5) | v, bits + 5
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    return bytes(out) if bits < 5 and not (acc << (8 - bits)) & 0xFF else None


# --- verdicts -------------------------------------------------------------------------------

CHECKSUM_LIMIT = _(
    "a correct checksum proves the address was not mistyped, not that it belongs to "
    "the person you mean: compare it with the source, or use a saved whitelist entry",
)
UNKNOWN = _(
    "securecheck cannot verify this kind of address: compare every character with the source"
)
EVM_NETWORKS = _(
    "EVM address (Ethereum, BNB Smart Chain, Polygon, Arbitrum, … share this format): "
    "choose the same network as the receiving side, or the coins may be lost",
)
TESTNET = _("testnet coins have no value: never a withdrawal target")
UNUSED_VERSION = _("this witness version is not in use yet: coins sent there can be lost")
NO_EIP55 = _(
    "valid, but written all in one case, so it carries no EIP-55 checksum: a mistyped "
    "character would not be caught; compare it character by character",
)


_NAMES: Mapping[str, Localized] = {
    "bitcoin": _("Bitcoin"),
    "bitcoin testnet": _("Bitcoin testnet"),
    "litecoin": _("Litecoin"),
    "dogecoin": _("Dogecoin"),
    "tron": _("Tron"),
}


def _reasons(network: str, kind: str) -> list[Localized]:
    ok = _("{network} {kind} address; checksum correct", network=_NAMES[network], kind=kind)
    return [ok, TESTNET] if network == "bitcoin testnet" else [ok]


def _bad_checksum(network: str) -> Localized:
    return _(
        "looks like a {network} address, but its checksum does not match: at least one "
        "character is wrong; do not send to it",
        network=_NAMES[network],
    )


def _chars(chars: set[str]) -> str:
    return ", ".join(repr(c) for c in sorted(chars))


@dataclass(frozen=True)
class _Parsed:
    verdict: AddressVerdict
    canonical: str = ""  # the form two equal addresses share (EVM and bech32: lower case)
    prefix: int = 0  # characters before the part an attacker imitates (0x, bc1)


def _invalid(network: str | None, reason: Localized, address: str) -> _Parsed:
    return _Parsed(AddressVerdict("invalid", network, (reason,), address))


def _unknown(address: str, reason: Localized = UNKNOWN) -> _Parsed:
    return _Parsed(AddressVerdict("unknown_format", None, (reason,), address))


def _evm(s: str) -> _Parsed:
    body, hexdigits = s[2:], set("0123456789abcdefABCDEF")
    if bad := set(body) - hexdigits:
        why = _(
            "an EVM address is 0x + 40 hex digits; this one has the non-hex character(s) {chars}",
            chars=_chars(bad),
        )
    elif len(body) != 40:
        why = _("an EVM address is 0x + 40 hex digits; this one has {n}", n=len(body))
    else:
        address = "0x" + body
        if body in (body.lower(), body.upper()):
            first = NO_EIP55
        elif to_checksum_address(address) == address:
            first = _("EIP-55 checksum correct")
        else:
            reason = _(
                "the mixed-case (EIP-55) checksum does not match: a character was changed or "
                "mistyped; do not send to it",
            )
            return _invalid(EVM, reason, address)
        verdict = AddressVerdict("valid", EVM, (first, EVM_NETWORKS), address)
        return _Parsed(verdict, address.lower(), 2)
    return _invalid(EVM, why, s)


def _segwit(s: str, hrp: str) -> _Parsed:
    network = _HRPS[hrp]
    if s not in (s.lower(), s.upper()):
        reason = _("mixes upper- and lower-case letters, which a bech32 address never does")
        return _invalid(network, reason, s)
    low = s.lower()
    data = low[len(hrp) + 1 :]
    if odd := set(data) - set(_BECH32):
        reason = _(
            "contains {odd}, which never appear after the prefix of a bech32 address (1, b, i "
            "and o are left out on purpose)",
            odd=_chars(odd),
        )
        return _invalid(network, reason, s)
    values = [_BECH32.index(c) for c in data]
    expand = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    const = _polymod(expand + values) if len(data) >= 7 and len(low) <= 90 else 0
    if const not in (1, _BECH32M_CONST):
        return _invalid(network, _bad_checksum(network), s)
    version, program = values[0], _convert_bits(values[1:-6])
    if version > 16:
        why = _("witness version {version} does not exist", version=version)
    elif program is None or not 2 <= len(program) <= 40:
        why = _("its data has an impossible length")
    elif version == 0 and len(program) not in (20, 32):
        why = _("a version-0 address holds 20 or 32 bytes")
    elif (version == 0) != (const == 1):
        why = _("wrong checksum variant (bech32 / bech32m) for its version")
    else:
        kind = {(0, 20): "P2WPKH", (0, 32): "P2WSH", (1, 32): "taproot (P2TR)"}.get(
            (version, len(program)), f"segwit v{version}"
        )
        reasons = _reasons(network, kind) + ([UNUSED_VERSION] if "segwit" in kind else [])
        return _Parsed(AddressVerdict("valid", network, tuple(reasons), s), low, len(hrp) + 1)
    return _invalid(network, _("not a valid segwit address: {why}", why=why), s)


def _base58(s: str) -> _Parsed:
    guess = _B58_FIRST.get(s[0])
    plausible = guess is not None and s.isalnum() and 26 <= len(s) <= 35
    if odd := set(s) - set(_B58):
        if not plausible:
            return _unknown(s)
        reason = _(
            "contains {odd}, which never appear in base58 addresses (0, O, I and l are left "
            "out on purpose)",
            odd=_chars(odd),
        )
        return _invalid(guess, reason, s)
    raw = _b58decode(s)
    digest = hashlib.sha256(hashlib.sha256(raw[:-4]).digest()).digest()
    if len(raw) != 25 or digest[:4] != raw[-4:]:
        return _invalid(guess, _bad_checksum(guess), s) if guess and plausible else _unknown(s)
    if raw[0] not in _VERSIONS:
        return _unknown(
            s,
            _(
                "a well-formed base58check address with version byte 0x{raw:02x}, which "
                "securecheck does not know",
                raw=raw[0],
            ),
        )
    network, kind = _VERSIONS[raw[0]]
    reasons = _reasons(network, kind)
    if raw[0] == 0x05:
        reasons.append(
            _("Litecoin's old P2SH addresses also start with 3: make sure this is Bitcoin")
        )
    return _Parsed(AddressVerdict("valid", network, tuple(reasons), s), s, 0)


def _clean(text: str) -> tuple[str, Localized | None]:
    """The address without surrounding blanks or a payment-link prefix, or why it is unusable."""
    s = text.strip()
    for ch in s:
        code, name = f"U+{ord(ch):04X}", unicodedata.name(ch, "control character")
        if ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp"):
            return s, _(
                "contains an invisible or blank character ({code} {name}) inside the address: a "
                "clipboard trick or a bad copy; copy it again from the source",
                code=code,
                name=name,
            )
        if not ch.isascii():
            return s, _(
                "contains the non-Latin character {ch!r} ({code} {name}), which no address uses: "
                "it imitates a Latin letter or digit",
                ch=ch,
                code=code,
                name=name,
            )
    for scheme in _URI_SCHEMES:
        if s.lower().startswith(scheme):  # a payment link: the address only
            s = s[len(scheme) :].split("?", 1)[0]
    return s, None


def _parse(text: str) -> _Parsed:
    s, problem = _clean(text)
    if problem is not None:
        return _invalid(None, problem, s)
    if not s:
        return _invalid(None, _("no address given"), s)
    low = s.lower()
    if low.startswith("0x"):
        return _evm(s)
    for hrp in sorted(_HRPS, key=len, reverse=True):
        if low.startswith(hrp + "1"):
            return _segwit(s, hrp)
    if len(s) == 40 and not set(s) - set("0123456789abcdefABCDEF"):
        reason = _("40 hex digits without 0x: if this is an EVM address, its 0x prefix is missing")
        return _unknown(s, reason)
    return _base58(s)


def _split_prefix(parsed: _Parsed) -> tuple[str, int]:
    """The address and the length of its fixed prefix, also for one that failed its checks."""
    text = parsed.canonical or parsed.verdict.address
    if parsed.prefix:
        return text, parsed.prefix
    low = text.lower()
    return text, next((len(p) for p in ("0x", "ltc1", "bc1", "tb1") if low.startswith(p)), 0)


def _looks_like(got: _Parsed, want: _Parsed) -> bool:
    """Another address with the same first and last four characters: what poisoning plants."""
    a, pa = _split_prefix(got)
    b, pb = _split_prefix(want)
    body_a, body_b = a[pa:].lower(), b[pb:].lower()
    return (
        a[:pa].lower() == b[:pb].lower() and body_a[:4] == body_b[:4] and body_a[-4:] == body_b[-4:]
    )


def _seen(got: _Parsed) -> str:
    shown, prefix = got.verdict.address, _split_prefix(got)[1]
    return f"{shown[: prefix + 4]}…{shown[-4:]}"


def _compare(got: _Parsed, want: _Parsed) -> AddressVerdict:
    verdict = got.verdict
    a = got.canonical or verdict.address
    b = want.canonical or want.verdict.address
    why = want.verdict.reasons[0]
    bad = _("the expected address is itself not valid: {why}", why=why)
    notes = (bad,) if want.verdict.kind != "valid" else ()
    if a == b:
        same = _("matches the expected address")
        return AddressVerdict(
            verdict.kind, verdict.network, (same, *verdict.reasons, *notes), verdict.address
        )
    if _looks_like(got, want):
        seen = _seen(got)
        poisoned = _(
            "DANGER: a DIFFERENT address that only starts and ends like the expected one "
            "({seen}): address poisoning. A scammer sends a tiny transfer from a look-alike "
            "address so it shows up in your history. Never copy an address from your "
            "transaction history; use your saved whitelist entry.",
            seen=seen,
        )
        return AddressVerdict("poisoned", verdict.network, (poisoned, *notes), verdict.address)
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    differs = _(
        "does not match the expected address (they differ from character {value} on); do "
        "not send until you know which one is right",
        value=at + 1,
    )
    return AddressVerdict("mismatch", verdict.network, (differs, *notes), verdict.address)


def check_address(text: str, expected: str | None = None) -> AddressVerdict:
    """Verify `text`; with `expected` (the address you saved), also whether they are one."""
    got = _parse(text)
    verdict = got.verdict
    if verdict.kind == "invalid":
        return verdict
    if expected is not None:
        return _compare(got, _parse(expected))
    if verdict.kind == "valid":
        return AddressVerdict(
            "valid", verdict.network, (*verdict.reasons, CHECKSUM_LIMIT), verdict.address
        )
    return verdict


SavedEntry = tuple[str, str, str]  # (label, address, network) of an address-book entry


def check_against_saved(text: str, saved: Sequence[SavedEntry]) -> AddressVerdict:
    """Verify `text` and compare it with every saved address of its chain.

    A poisoned look-alike of a saved address is said first, before the checksum; an exact
    match names the entry; a valid address that is in no entry is `not_saved`, never a pass.
    """
    got = _parse(text)
    verdict = got.verdict
    a = got.canonical or verdict.address
    same_chain = [e for e in saved if verdict.network is None or e[2] == verdict.network]
    for label, address, _network in same_chain:
        want = _parse(address)
        if a and a == (want.canonical or want.verdict.address):
            mine = _("this is your saved address '{label}'", label=label)
            return replace(verdict, reasons=(mine, *verdict.reasons), saved_label=label)
    for label, address, _network in same_chain:
        if a and _looks_like(got, _parse(address)):
            poisoned = _(
                "poisoned look-alike of '{label}': a DIFFERENT address that only starts and "
                "ends like your saved one ({seen}). Scammers plant such addresses in your "
                "history with tiny transfers; DO NOT SEND, use your saved entry",
                label=label,
                seen=_seen(got),
            )
            reasons = (poisoned, *verdict.reasons)
            return AddressVerdict("poisoned", verdict.network, reasons, verdict.address, label)
    if verdict.kind != "valid":
        return verdict
    note = (
        _("valid, but not one of your saved addresses")
        if saved
        else _(
            "valid, but your address book is empty, so securecheck cannot tell whether it is "
            "yours: save your verified addresses with `securecheck address add LABEL ADDRESS`"
        )
    )
    return AddressVerdict("not_saved", verdict.network, (*verdict.reasons, note), verdict.address)

"""Address verifier: checksums of real-world formats, and address poisoning."""

from __future__ import annotations

import hashlib
import re

import pytest

from securecheck.tools.address.keccak import keccak256
from securecheck.tools.address.verify import AddressVerdict, check_address, to_checksum_address

GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"  # the address of Bitcoin's first block
P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"  # the BIP-13 example
TRON_USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # Tether's TRC-20 contract
EIP55 = [  # the test addresses of EIP-55
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def reasons_en(verdict: AddressVerdict) -> str:
    return " | ".join(r.get("en") for r in verdict.reasons)


def b58check(version: int, payload: bytes) -> str:
    """A base58check string, built independently of the module under test."""
    raw = bytes([version]) + payload
    raw += hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    n, out = int.from_bytes(raw, "big"), ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32(hrp: str, data: list[int]) -> str:
    """A bech32 (BIP-173) string, built independently of the module under test."""
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data + [0] * 6:
        top, chk = chk >> 25, (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    mod = chk ^ 1
    return (
        hrp
        + "1"
        + "".join(CHARSET[v] for v in data + [(mod >> 5 * (5 - i)) & 31 for i in range(6)])
    )


def change_one(address: str, at: int, alphabet: str) -> str:
    """`address` with the character at `at` replaced by another of `alphabet`."""
    other = next(c for c in alphabet if c != address[at])
    return address[:at] + other + address[at + 1 :]


# --- Keccak-256 and EIP-55 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "digest"),
    [
        (b"", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        (b"abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
    ],
)
def test_keccak256_matches_known_vectors(data: bytes, digest: str) -> None:
    assert keccak256(data).hex() == digest


def test_keccak256_is_not_sha3_256() -> None:
    assert keccak256(b"").hex() != hashlib.sha3_256(b"").hexdigest()


@pytest.mark.parametrize("length", [135, 136, 137, 272, 1000])
def test_keccak256_handles_inputs_around_the_block_size(length: int) -> None:
    digest = keccak256(b"a" * length)
    assert len(digest) == 32
    assert digest != keccak256(b"a" * (length + 1))


@pytest.mark.parametrize("address", EIP55)
def test_eip55_test_addresses_get_their_published_checksum(address: str) -> None:
    assert to_checksum_address(address.lower()) == address


# --- Ethereum / EVM -------------------------------------------------------------------------


@pytest.mark.parametrize("address", EIP55)
def test_checksummed_evm_address_is_valid(address: str) -> None:
    verdict = check_address(address)
    assert (verdict.kind, verdict.network) == ("valid", "ethereum/EVM")
    assert "EIP-55 checksum correct" in reasons_en(verdict)
    assert "choose the same network" in reasons_en(verdict)


@pytest.mark.parametrize("address", [EIP55[0].lower(), "0x" + EIP55[0][2:].upper()])
def test_single_case_evm_address_is_valid_but_unchecksummed(address: str) -> None:
    verdict = check_address(address)
    assert verdict.kind == "valid"
    assert "carries no EIP-55 checksum" in reasons_en(verdict)


@pytest.mark.parametrize("address", EIP55)
def test_evm_address_with_one_letter_case_flipped_fails_its_checksum(address: str) -> None:
    at = next(i for i in range(2, 42) if address[i].isalpha())
    flipped = address[:at] + address[at].swapcase() + address[at + 1 :]
    verdict = check_address(flipped)
    assert (verdict.kind, verdict.network) == ("invalid", "ethereum/EVM")
    assert "EIP-55" in reasons_en(verdict)


def test_evm_address_with_one_digit_changed_fails_its_checksum() -> None:
    address = EIP55[0]
    at = next(i for i in range(2, 42) if address[i].isdigit())
    assert check_address(change_one(address, at, "0123456789")).kind == "invalid"


@pytest.mark.parametrize(
    ("address", "phrase"),
    [
        (EIP55[0][:-1], "this one has 39"),
        (EIP55[0] + "a", "this one has 41"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", "non-hex character(s) 'g'"),
    ],
)
def test_malformed_evm_address_is_invalid(address: str, phrase: str) -> None:
    verdict = check_address(address)
    assert verdict.kind == "invalid"
    assert phrase in reasons_en(verdict)


def test_forty_hex_digits_without_0x_are_an_unknown_format_with_a_hint() -> None:
    verdict = check_address(EIP55[0][2:])
    assert verdict.kind == "unknown_format"
    assert "0x prefix is missing" in reasons_en(verdict)


# --- base58check: Bitcoin, Litecoin, Dogecoin, Tron -----------------------------------------


@pytest.mark.parametrize(
    ("address", "network", "kind"),
    [
        (GENESIS, "bitcoin", "P2PKH"),
        (P2SH, "bitcoin", "P2SH"),
        (TRON_USDT, "tron", "account"),
        (b58check(0x41, bytes(range(20))), "tron", "account"),
        (b58check(0x30, bytes(20)), "litecoin", "P2PKH"),
        (b58check(0x32, bytes(20)), "litecoin", "P2SH"),
        (b58check(0x1E, bytes(20)), "dogecoin", "P2PKH"),
        (b58check(0x6F, bytes(20)), "bitcoin testnet", "P2PKH"),
        (b58check(0xC4, bytes(20)), "bitcoin testnet", "P2SH"),
    ],
)
def test_base58check_address_with_a_known_version_is_valid(
    address: str, network: str, kind: str
) -> None:
    verdict = check_address(address)
    assert (verdict.kind, verdict.network) == ("valid", network)
    assert f"{kind} address; checksum correct" in reasons_en(verdict)


def test_builder_reproduces_the_genesis_address() -> None:
    # hash160 of the genesis block's public key: the test helper agrees with the real world.
    h160 = bytes.fromhex("62e907b15cbf27d5425399ebf6f0fb50ebb88f18")
    assert b58check(0x00, h160) == GENESIS


def test_p2sh_address_mentions_litecoins_old_addresses() -> None:
    assert "Litecoin's old P2SH addresses also start with 3" in reasons_en(check_address(P2SH))


@pytest.mark.parametrize("address", [GENESIS, P2SH, TRON_USDT])
@pytest.mark.parametrize("at", [1, 10, -1])
def test_base58_address_with_one_character_changed_fails_its_checksum(
    address: str, at: int
) -> None:
    verdict = check_address(change_one(address, at % len(address), B58))
    assert verdict.kind == "invalid"
    assert "checksum does not match" in reasons_en(verdict)


def test_base58_address_with_two_characters_swapped_fails_its_checksum() -> None:
    swapped = GENESIS[:5] + GENESIS[6] + GENESIS[5] + GENESIS[7:]
    assert check_address(swapped).kind == "invalid"


@pytest.mark.parametrize(
    ("char", "shown"), [("0", "'0'"), ("O", "'O'"), ("I", "'I'"), ("l", "'l'")]
)
def test_characters_base58_leaves_out_make_a_bitcoin_address_invalid(char: str, shown: str) -> None:
    verdict = check_address(GENESIS[:-1] + char)
    assert (verdict.kind, verdict.network) == ("invalid", "bitcoin")
    assert f"contains {shown}, which never appear in base58 addresses" in reasons_en(verdict)


def test_truncated_bitcoin_address_is_invalid() -> None:
    assert check_address(GENESIS[:-3]).kind == "invalid"


def test_valid_base58check_with_an_unknown_version_is_an_unknown_format() -> None:
    verdict = check_address(b58check(0x99, bytes(20)))
    assert verdict.kind == "unknown_format"
    assert "version byte 0x99" in reasons_en(verdict)


@pytest.mark.parametrize(
    "address",
    [
        "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU",  # Solana-style: no checksum to verify
        "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh",  # XRP uses another alphabet
        "hello",
    ],
)
def test_formats_without_a_known_checksum_are_unknown(address: str) -> None:
    verdict = check_address(address)
    assert (verdict.kind, verdict.network) == ("unknown_format", None)
    assert "compare every character" in reasons_en(verdict)


# --- bech32 / bech32m (BIP-173, BIP-350) ----------------------------------------------------


@pytest.mark.parametrize(
    ("address", "network", "kind"),
    [
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bitcoin", "P2WPKH"),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bitcoin", "P2WPKH"),
        (
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
            "bitcoin testnet",
            "P2WSH",
        ),
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "bitcoin",
            "taproot (P2TR)",
        ),
        (
            "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
            "bitcoin testnet",
            "taproot (P2TR)",
        ),
        ("BC1SW50QGDZ25J", "bitcoin", "segwit v16"),
        ("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "bitcoin", "segwit v2"),
        (
            "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
            "bitcoin",
            "segwit v1",
        ),
    ],
)
def test_bip173_and_bip350_valid_addresses_are_valid(address: str, network: str, kind: str) -> None:
    verdict = check_address(address)
    assert (verdict.kind, verdict.network) == ("valid", network), reasons_en(verdict)
    assert f"{kind} address; checksum correct" in reasons_en(verdict)


def test_network_is_named_in_both_languages() -> None:
    reason = check_address(GENESIS).reasons[0]
    assert reason.get("en") == "Bitcoin P2PKH address; checksum correct"
    assert reason.get("zh") == "比特币 P2PKH 地址；校验和正确"
    assert reason.get("zh-Hant") == "比特幣 P2PKH 地址；校驗和正確"
    assert check_address(TRON_USDT).reasons[0].get("zh").startswith("波场 TRON")


def test_unused_witness_version_is_valid_with_a_warning() -> None:
    assert "not in use yet" in reasons_en(check_address("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs"))


@pytest.mark.parametrize(
    ("address", "phrase"),
    [
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
            "wrong checksum variant",
        ),
        (
            "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
            "wrong checksum variant",
        ),
        (
            "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
            "wrong checksum variant",
        ),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "wrong checksum variant"),
        (
            "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
            "wrong checksum variant",
        ),
        ("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "contains 'o'"),
        ("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "witness version 17"),
        ("bc1pw5dgrnzv", "impossible length"),
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
            "impossible length",
        ),
        ("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "a version-0 address holds 20 or 32 bytes"),
        (
            "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
            "mixes upper- and lower",
        ),
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "impossible length"),
        ("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", "impossible length"),
        ("bc1gmk9yu", "checksum does not match"),
    ],
)
def test_bip350_invalid_addresses_are_invalid(address: str, phrase: str) -> None:
    verdict = check_address(address)
    assert verdict.kind == "invalid"
    assert phrase in reasons_en(verdict)


def test_address_with_an_unknown_bech32_prefix_is_an_unknown_format() -> None:
    verdict = check_address("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut")
    assert verdict.kind == "unknown_format"


@pytest.mark.parametrize("at", [4, 20, -1])
def test_bech32_address_with_one_character_changed_fails_its_checksum(at: int) -> None:
    address = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    verdict = check_address(change_one(address, at % len(address), CHARSET))
    assert (verdict.kind, verdict.network) == ("invalid", "bitcoin")
    assert "checksum does not match" in reasons_en(verdict)


def test_litecoin_bech32_address_is_recognised() -> None:
    program = [0] + [CHARSET.index(c) for c in "w508d6qejxtdg4y5r3zarvary0c5xw7k"]
    verdict = check_address(bech32("ltc", program))
    assert (verdict.kind, verdict.network) == ("valid", "litecoin")


# --- pasted text ----------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_character_inside_an_address_is_a_clipboard_trick(hidden: str) -> None:
    verdict = check_address(GENESIS[:10] + hidden + GENESIS[10:])
    assert verdict.kind == "invalid"
    assert "invisible or blank character" in reasons_en(verdict)
    assert f"U+{ord(hidden):04X}" in reasons_en(verdict)


def test_space_inside_an_address_is_invalid() -> None:
    verdict = check_address(GENESIS[:10] + " " + GENESIS[10:])
    assert verdict.kind == "invalid"
    assert "U+0020 SPACE" in reasons_en(verdict)


def test_blanks_around_a_pasted_address_are_ignored() -> None:
    verdict = check_address(f"  {GENESIS}\n")
    assert (verdict.kind, verdict.address) == ("valid", GENESIS)


def test_cyrillic_letter_in_an_address_is_invalid_and_named() -> None:
    verdict = check_address(EIP55[0].replace("a", "а", 1))  # Cyrillic а
    assert verdict.kind == "invalid"
    assert "CYRILLIC SMALL LETTER A" in reasons_en(verdict)


def test_bitcoin_payment_link_is_read_as_its_address() -> None:
    verdict = check_address(f"bitcoin:{GENESIS}?amount=0.01&label=x")
    assert (verdict.kind, verdict.address) == ("valid", GENESIS)


def test_empty_input_is_invalid() -> None:
    assert check_address("   ").kind == "invalid"


def test_valid_address_reminds_that_a_checksum_does_not_prove_ownership() -> None:
    assert "not that it belongs to the person you mean" in reasons_en(check_address(GENESIS))


# --- comparing with the expected address ----------------------------------------------------


def test_identical_address_matches_the_expected_one() -> None:
    verdict = check_address(GENESIS, expected=GENESIS)
    assert verdict.kind == "valid"
    assert verdict.reasons[0].get("en") == "matches the expected address"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (EIP55[0], EIP55[0].lower()),  # checksum case does not make a different address
        (
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        ),
    ],
)
def test_letter_case_alone_does_not_make_evm_or_bech32_addresses_differ(
    address: str, expected: str
) -> None:
    assert check_address(address, expected=expected).kind == "valid"


def test_poisoned_evm_address_shares_first_and_last_four_characters() -> None:
    real = "0x" + "a1b2" + "0" * 32 + "c3d4"
    fake = "0x" + "a1b2" + "9" * 32 + "c3d4"
    verdict = check_address(fake, expected=real)
    assert (verdict.kind, verdict.network) == ("poisoned", "ethereum/EVM")
    assert "address poisoning" in reasons_en(verdict)
    assert "0xa1b2…c3d4" in reasons_en(verdict)
    assert "地址投毒" in verdict.reasons[0].get("zh")


def test_poisoned_checksummed_address_is_caught_whatever_the_letter_case() -> None:
    real = to_checksum_address("0x" + "5aae" + "1" * 32 + "beae")
    fake = to_checksum_address("0x" + "5aae" + "2" * 32 + "beae")
    assert check_address(fake).kind == "valid"  # a poisoner's address is a real one
    assert check_address(fake, expected=real.lower()).kind == "poisoned"


def test_look_alike_with_a_broken_checksum_is_reported_as_invalid_first() -> None:
    real = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    fake = real[:7] + "qqqqqqqq" + real[15:]
    assert check_address(fake, expected=real).kind == "invalid"


def test_a_different_address_is_a_mismatch_with_where_they_differ() -> None:
    verdict = check_address(EIP55[0], expected=EIP55[1])
    assert verdict.kind == "mismatch"
    assert "differ from character 3 on" in reasons_en(verdict)


def test_addresses_of_different_networks_are_a_mismatch() -> None:
    assert check_address(GENESIS, expected=EIP55[0]).kind == "mismatch"


def test_invalid_address_stays_invalid_whatever_is_expected() -> None:
    broken = change_one(GENESIS, 5, B58)
    assert check_address(broken, expected=GENESIS).kind == "invalid"


def test_an_invalid_expected_address_is_mentioned() -> None:
    verdict = check_address(GENESIS, expected="0x1234")
    assert verdict.kind == "mismatch"
    assert "the expected address is itself not valid" in reasons_en(verdict)


# --- texts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        (GENESIS, None),
        (EIP55[0].lower(), None),
        ("bc1gmk9yu", None),
        ("hello", None),
        (GENESIS[:5] + "\u200b" + GENESIS[5:], None),
        (EIP55[0], EIP55[1]),
    ],
)
def test_every_reason_reads_in_english_and_chinese(args: tuple[str, str | None]) -> None:
    for reason in check_address(*args).reasons:
        assert reason.get("en") and reason.get("zh") and reason.get("en") != reason.get("zh")
        assert re.search(r"[\u4e00-\u9fff]", reason.get("zh")), reason.get("zh")

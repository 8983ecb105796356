"""browser_extensions: known-malicious and impostor wallet extensions in Chromium browsers
and Firefox, on the paths each OS keeps their profiles in (fixtures from documented formats)."""

from __future__ import annotations

import pytest
from fakehost import FakeHost, fixture

from securecheck.core import engine
from securecheck.core.model import ProbeOutcome, Result, Status
from securecheck.core.rulepacks import load_rules
from securecheck.probes.browser_extensions.parsers import (
    Extension,
    claimed_product,
    fold,
    is_impostor,
    message_key,
    parse_firefox_extensions,
    parse_manifest,
    parse_messages,
    parse_profiles_ini,
    shipped_lists,
)
from securecheck.probes.browser_extensions.runner import SPEC
from securecheck.probes.gather import run_probe
from securecheck.probes.host import FileStat

RULE = next(r for r in load_rules() if r.id == "browser.extensions")
HOME = "/home/alice"
METAMASK = "nkbihfbeogaeaoehlefnkodbefgpgknn"
FOREIGN = "abcdefghijklmnopabcdefghijklmnop"
CHROMIUM = f"{HOME}/.config/chromium"


def verdict(outcome: ProbeOutcome) -> Result:
    audit = engine.AuditInput(rules=[RULE], outcomes={"browser_extensions": outcome})
    return engine.evaluate(RULE, audit)


def extension(root: str, ext_id: str, name: str = "", version: str = "1.0_0") -> dict[str, str]:
    """The files of one installed Chromium extension (a plain name, or MetaMask's layout)."""
    base = f"{root}/Extensions/{ext_id}/{version}"
    if not name:
        return {
            f"{base}/manifest.json": fixture("browser_extensions/chrome_manifest_msg.json"),
            f"{base}/_locales/en/messages.json": fixture(
                "browser_extensions/chrome_messages_en.json"
            ),
        }
    return {f"{base}/manifest.json": f'{{"name": "{name}", "version": "1.0"}}'}


def linux(files: dict[str, str]) -> FakeHost:
    return FakeHost("linux", files=files, environ={"HOME": HOME})


# --- parsers -------------------------------------------------------------------------------


def test_a_manifest_name_can_point_into_the_default_locale() -> None:
    parsed = parse_manifest(fixture("browser_extensions/chrome_manifest_msg.json"))
    assert parsed == ("__MSG_appName__", "12.5.1", "en")
    key = message_key(parsed[0])
    assert key == "appname"
    assert parse_messages(fixture("browser_extensions/chrome_messages_en.json"), key) == "MetaMask"


def test_a_manifest_with_a_byte_order_mark_is_read() -> None:
    assert parse_manifest(fixture("browser_extensions/chrome_manifest_bom.json")) == (
        "OKX Wallet",
        "3.1.0",
        None,
    )


def test_what_is_not_a_manifest_is_declined() -> None:
    assert parse_manifest("not json") is None
    assert parse_manifest('{"version": "1"}') is None
    assert parse_manifest("[1, 2]") is None


def test_profiles_ini_lists_every_profile() -> None:
    profiles = parse_profiles_ini(fixture("browser_extensions/firefox_profiles.ini"))
    assert profiles == [
        ("Profiles/x9y8z7w6.default", True),
        ("Profiles/abcd1234.default-release", True),
    ]
    assert parse_profiles_ini("[[[") is None


def test_firefox_extensions_skip_built_in_add_ons_and_themes() -> None:
    found = parse_firefox_extensions(fixture("browser_extensions/firefox_extensions.json"))
    assert found is not None
    assert [e.name for e in found] == ["MetaMask", "MetaMask Wallet Pro", "uBlock Origin"]


@pytest.mark.parametrize(
    ("name", "product"),
    [
        ("MetaMask", "MetaMask"),
        ("Meta Mask", "MetaMask"),
        ("METAMASK - Wallet Helper", "MetaMask"),
        ("MetаMask", "MetaMask"),  # Cyrillic а
        ("Ｍｅｔａｍａｓｋ", "MetaMask"),  # full-width
        ("Métamask", "MetaMask"),
        ("OKX Wallet", "OKX Wallet"),
        ("OKX", "OKX Wallet"),
        ("OKX Web3 Wallet", "OKX Wallet"),
        ("Phantom", "Phantom"),
        ("Trust Wallet", "Trust Wallet"),
        ("Coinbase Wallet extension", "Coinbase Wallet"),
        ("Binance Wallet", "Binance Wallet"),
        ("Rabby Wallet", "Rabby Wallet"),
        ("Keplr", "Keplr"),
        ("TronLink", "TronLink"),
        ("Solflare Wallet", "Solflare"),
        ("Exodus Web3 Wallet", "Exodus Web3 Wallet"),
        ("Bitget Wallet (formerly BitKeep)", "Bitget Wallet"),
    ],
)
def test_names_claiming_a_wallet_are_recognised(name: str, product: str) -> None:
    found = claimed_product(name, shipped_lists())
    assert found is not None and found.name == product


@pytest.mark.parametrize("name", ["PhantomBuster", "uBlock Origin", "Dark Reader", "Grammarly"])
def test_ordinary_names_claim_nothing(name: str) -> None:
    assert claimed_product(name, shipped_lists()) is None


def test_folding() -> None:
    assert fold("Meta-Mask ™", shipped_lists().look_alikes) == "metamasktm"


def test_the_official_ids_are_not_impostors() -> None:
    lists = shipped_lists()
    for product in lists.products:
        for ext_id in product.chrome:
            assert not is_impostor(Extension(ext_id, product.name, "1", "chromium"), lists)
            assert ext_id not in lists.malicious
    edge_only = Extension("ejbalbakoplchlghecdalmeeeajnimhm", "MetaMask", "1", "chromium", True)
    assert not is_impostor(edge_only, lists)
    assert is_impostor(Extension(edge_only.id, "MetaMask", "1", "chromium", False), lists)


def test_the_malicious_list_is_dated_and_large() -> None:
    lists = shipped_lists()
    assert len(lists.malicious) > 2000 and lists.malicious_captured >= "2026-01-01"


# --- the probe -----------------------------------------------------------------------------


def test_metamask_under_a_foreign_id_fails() -> None:
    host = linux(extension(f"{CHROMIUM}/Default", FOREIGN))
    outcome = run_probe(SPEC, host)
    assert outcome.facts["impostors"] == [f"MetaMask ({FOREIGN})"]
    result = verdict(outcome)
    assert result.status == Status.FAIL
    assert f"MetaMask ({FOREIGN})" in result.message.get("en")


def test_the_real_metamask_in_a_second_profile_passes() -> None:
    files = {
        **extension(f"{CHROMIUM}/Profile 2", METAMASK),
        f"{CHROMIUM}/Default/Preferences": "{}",
    }
    outcome = run_probe(SPEC, linux(files))
    assert outcome.facts["profiles_read"] == 2 and outcome.facts["extensions_checked"] == 1
    assert verdict(outcome).status == Status.PASS


def test_a_listed_malicious_id_fails() -> None:
    bad = sorted(shipped_lists().malicious)[0]
    outcome = run_probe(SPEC, linux(extension(f"{CHROMIUM}/Default", bad, name="PDF Toolbox")))
    assert outcome.facts["malicious"] == [f"PDF Toolbox ({bad})"]
    assert verdict(outcome).status == Status.FAIL


def test_no_profile_at_all_is_unknown() -> None:
    result = verdict(run_probe(SPEC, linux({f"{HOME}/notes.txt": "x"})))
    assert result.status == Status.UNKNOWN
    assert "No Chrome, Chromium, Edge, Brave or Firefox profile" in result.message.get("en")


def test_a_profile_without_extensions_still_counts_as_read() -> None:
    outcome = run_probe(SPEC, linux({f"{HOME}/.config/google-chrome/Default/Preferences": "{}"}))
    assert outcome.facts["profiles_read"] == 1 and verdict(outcome).status == Status.PASS


@pytest.mark.parametrize(
    "root",
    [
        f"{HOME}/.config/google-chrome",
        f"{HOME}/.config/microsoft-edge",
        f"{HOME}/.config/BraveSoftware/Brave-Browser",
        f"{HOME}/snap/chromium/common/chromium",
    ],
)
def test_every_chromium_browser_on_linux(root: str) -> None:
    outcome = run_probe(SPEC, linux(extension(f"{root}/Default", FOREIGN)))
    assert outcome.facts["impostors"] == [f"MetaMask ({FOREIGN})"]


def test_firefox_profiles_are_read_from_profiles_ini() -> None:
    ff = f"{HOME}/.mozilla/firefox"
    files = {
        f"{ff}/profiles.ini": fixture("browser_extensions/firefox_profiles.ini"),
        f"{ff}/Profiles/x9y8z7w6.default/extensions.json": fixture(
            "browser_extensions/firefox_extensions.json"
        ),
        f"{ff}/Profiles/abcd1234.default-release/extensions.json": fixture(
            "browser_extensions/firefox_extensions_clean.json"
        ),
    }
    outcome = run_probe(SPEC, linux(files))
    assert outcome.facts["profiles_read"] == 2
    assert outcome.facts["impostors"] == [
        "MetaMask Wallet Pro ({e2b0f0a1-6d57-4c1f-9a6e-1b2c3d4e5f60})"
    ]


def test_macos_paths() -> None:
    root = "/Users/alice/Library/Application Support/BraveSoftware/Brave-Browser/Default"
    host = FakeHost(
        "macos", files=extension(root, FOREIGN, name="Phantom"), environ={"HOME": "/Users/alice"}
    )
    assert run_probe(SPEC, host).facts["impostors"] == [f"Phantom ({FOREIGN})"]


class WindowsHost(FakeHost):
    """A FakeHost whose folders are listed by backslash, as Windows paths are."""

    def list_dir(self, path: str) -> list[str] | None:
        prefix = path.rstrip("\\") + "\\"
        names = {p[len(prefix) :].split("\\", 1)[0] for p in self.files if p.startswith(prefix)}
        return sorted(names) or None

    def stat(self, path: str) -> FileStat | None:
        return None


def test_windows_paths_and_edge_store_ids() -> None:
    local = r"C:\Users\alice\AppData\Local"
    edge = local + r"\Microsoft\Edge\User Data\Default\Extensions"
    chrome = local + r"\Google\Chrome\User Data\Profile 1\Extensions"
    files = {
        edge + r"\ejbalbakoplchlghecdalmeeeajnimhm\12.0_0\manifest.json": '{"name": "MetaMask"}',
        chrome + r"\ejbalbakoplchlghecdalmeeeajnimhm\12.0_0\manifest.json": '{"name": "MetaMask"}',
    }
    host = WindowsHost("windows", files=files, environ={"LOCALAPPDATA": local})
    outcome = run_probe(SPEC, host)
    # Edge's own store id is official in Edge; in Chrome the same id is someone else's.
    assert outcome.facts["profiles_read"] == 2
    assert outcome.facts["impostors"] == ["MetaMask (ejbalbakoplchlghecdalmeeeajnimhm)"]
    assert outcome.facts["extensions_checked"] == 2


def test_a_hostile_name_is_shown_inert_and_short() -> None:
    name = "MetaMask\x1b]0;pwned\x07" + "x" * 200
    host = linux(
        extension(
            f"{CHROMIUM}/Default",
            FOREIGN,
            name=name.replace("\x1b", "\\u001b").replace("\x07", "\\u0007"),
        )
    )
    result = verdict(run_probe(SPEC, host))
    text = result.message.get("en")
    assert result.status == Status.FAIL and "\x1b" not in text and "\x07" not in text
    assert "x" * 100 not in text

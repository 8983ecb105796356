"""antivirus probe: Security Center / Defender / XProtect / ClamAV answers in, protection out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.core.model import ProbeOutcome
from securecheck.probes.antivirus import runner as antivirus
from securecheck.probes.antivirus.parsers import (
    decode_product_state,
    parse_clam_conf,
    parse_cvd_header,
    parse_defender_status,
    parse_install_history,
    parse_security_center,
    product_state_value,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
WSC = " ".join(antivirus.WSC)
MP = " ".join(antivirus.DEFENDER)
HISTORY = "system_profiler SPInstallHistoryDataType -json"
PREFS = "defaults read /Library/Preferences/com.apple.SoftwareUpdate"
BUNDLE = antivirus.XPROTECT_BUNDLES[0]
FRESHCLAM_UNIT = "systemctl is-enabled clamav-freshclam.service"


def f(name: str) -> str:
    return fixture(f"antivirus/{name}")


def assess(host: FakeHost) -> ProbeOutcome:
    return antivirus.assess(host, NOW)


# --- parsers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "state", "enabled", "up_to_date", "microsoft"),
    [
        (397568, "on", True, True, True),  # 0x061100 Defender on, current
        (393472, "off", False, True, True),  # 0x060100 Defender off
        (397584, "on", True, False, True),  # 0x061110 Defender on, out of date
        (266240, "on", True, True, False),  # 0x041000 third party on
        (0x062100, "snoozed", False, True, True),
        (0x063100, "expired", False, True, True),
    ],
)
def test_product_state_decoding(
    value: int, state: str, enabled: bool, up_to_date: bool, microsoft: bool
) -> None:
    decoded = decode_product_state(value)
    assert (decoded.state, decoded.enabled, decoded.up_to_date, decoded.microsoft) == (
        state,
        enabled,
        up_to_date,
        microsoft,
    )


def test_security_center_lists_products_even_as_a_lone_object() -> None:
    products = parse_security_center(f("wsc_third_party_on.json"))
    assert products is not None
    assert [(p.name, p.state.enabled) for p in products] == [
        ("Windows Defender", False),
        ("Norton 360", True),
    ]
    single = parse_security_center(f("wsc_defender_single_object.json"))
    assert single is not None and single[0].state.enabled


def test_security_center_product_state_as_a_string_keeps_every_product() -> None:
    products = parse_security_center(f("wsc_mixed_string_and_number.json"))
    assert products is not None
    assert [(p.name, p.state.state) for p in products] == [
        ("Windows Defender", "off"),
        ("Bitdefender Antivirus", "on"),
    ]


@pytest.mark.parametrize(
    ("raw", "value"),
    [(397568, 397568), ("397568", 397568), (" 397568 ", 397568), ("0x61100", 397568),
     (397568.0, 397568), ("", None), ("on", None), (True, None), (None, None), (-1, None)],
)  # fmt: skip
def test_product_state_as_number_or_text(raw: object, value: int | None) -> None:
    assert product_state_value(raw) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Get-CimInstance : Invalid namespace",
        '[{"displayName": "X"}]',
        "[1]",
        '[{"displayName": "X", "productState": "on"}, {"displayName": "Y", "productState": 1}]',
    ],
)
def test_security_center_garbage_is_unparseable(text: str) -> None:
    assert parse_security_center(text) is None


def test_defender_status_from_powershell_5_json() -> None:
    status = parse_defender_status(f("mp_status_ps51.json"), NOW)
    assert status is not None
    assert (status.antivirus_enabled, status.realtime, status.passive) == (True, True, False)
    assert status.signature_age_days == 1


def test_defender_never_updated_age_falls_back_to_the_update_date() -> None:
    status = parse_defender_status(f("mp_status_realtime_off_old_sigs.json"), NOW)
    assert status is not None
    assert status.realtime is False
    assert status.signature_age_days == 54  # 2026-10-01 -> 2026-11-24


def test_defender_passive_mode() -> None:
    status = parse_defender_status(f("mp_status_passive.json"), NOW)
    assert status is not None and status.passive


@pytest.mark.parametrize("text", ["", "{}", '{"AntivirusEnabled": "yes"}', "Fehler"])
def test_defender_garbage_is_unparseable(text: str) -> None:
    assert parse_defender_status(text, NOW) is None


def test_install_history_newest_xprotect() -> None:
    found = parse_install_history(f("system_profiler_install_history.json"))
    assert found is not None
    assert found.last == datetime(2026, 11, 20, 16, 27, 59, tzinfo=UTC)
    assert found.version == "5331"
    none = parse_install_history(f("system_profiler_no_xprotect.json"))
    assert none is not None and none.last is None
    assert parse_install_history('{"SPInstallHistoryDataType": 5}') is None
    assert parse_install_history("") is None


def test_cvd_header_build_time_from_epoch_or_text() -> None:
    built = datetime(2026, 11, 20, 9, 27, tzinfo=UTC)
    assert parse_cvd_header(f("daily.cvd.header")) == built
    assert parse_cvd_header(f("daily.cld.header_no_epoch")) == built
    assert parse_cvd_header("\x1f\x8b\x08binary") is None
    assert parse_cvd_header("ClamAV-VDB:yesterday:1:2") is None


def test_clam_conf_values_skip_comments() -> None:
    assert parse_clam_conf(f("freshclam_debian12.conf"), "DatabaseDirectory") == ["/var/lib/clamav"]
    assert parse_clam_conf(f("clamd_onaccess.conf"), "OnAccessIncludePath") == ["/home"]
    assert parse_clam_conf("#OnAccessIncludePath /home\n", "OnAccessIncludePath") == []


# --- Windows ------------------------------------------------------------------------------


def win(wsc: Reply | str | None, mp: Reply | str | None) -> FakeHost:
    commands = {k: v for k, v in ((WSC, wsc), (MP, mp)) if v is not None}
    return FakeHost(system="windows", commands=commands)


def test_defender_on_and_current() -> None:
    out = assess(win(f("wsc_defender_on.json"), f("mp_status_ps51.json")))
    assert out.facts == {
        "present": True,
        "product": "Microsoft Defender Antivirus",
        "enabled": True,
        "realtime": True,
        "signatures_age_days": 1,
    }
    assert "Windows does not report" in out.why_unknown("auto_update").get("en")


def test_third_party_antivirus_in_charge() -> None:
    out = assess(win(f("wsc_third_party_on.json"), f("mp_status_passive.json")))
    assert out.facts == {
        "present": True,
        "product": "Norton 360",
        "enabled": True,
        "realtime": True,
    }
    assert "signatures are up to date" in out.why_unknown("signatures_age_days").get("en")


def test_defender_with_realtime_off_and_old_signatures() -> None:
    out = assess(win(f("wsc_defender_on.json"), f("mp_status_realtime_off_old_sigs.json")))
    assert (out.facts["enabled"], out.facts["realtime"]) == (True, False)
    assert out.facts["signatures_age_days"] == 54


def test_everything_off_according_to_security_center() -> None:
    out = assess(win(f("wsc_all_off.json"), Reply("", "0x800106ba", 1)))
    assert out.facts["present"] is True
    assert (out.facts["enabled"], out.facts["realtime"]) == (False, False)


def test_passive_defender_without_security_center_is_unknown() -> None:
    out = assess(win(Reply("", "Invalid namespace", 1), f("mp_status_passive.json")))
    assert "enabled" not in out.facts and "realtime" not in out.facts
    assert "passive mode" in out.why_unknown("enabled").get("en")


@pytest.mark.parametrize(
    ("wsc", "mp"),
    [(None, None), (Reply(timeout=True), Reply(timeout=True)), ("garbage", "garbage")],
)
def test_windows_without_answers_is_unknown_never_pass(
    wsc: Reply | str | None, mp: Reply | str | None
) -> None:
    out = assess(win(wsc, mp))
    assert out.facts == {}
    assert out.why_unknown("enabled").get("en")


# --- macOS --------------------------------------------------------------------------------


def mac(history: Reply | str, bundle: bool = True, **prefs: Reply | str) -> FakeHost:
    commands: dict[str, Reply | str] = {HISTORY: history}
    for key in ("AutomaticCheckEnabled", "ConfigDataInstall"):
        commands[f"{PREFS} {key}"] = prefs.get(key, "1\n")
    return FakeHost(system="macos", commands=commands, dirs={BUNDLE} if bundle else ())


def test_xprotect_with_recent_data() -> None:
    out = assess(mac(f("system_profiler_install_history.json")))
    assert out.facts == {
        "present": True,
        "enabled": True,
        "realtime": True,
        "product": "xprotect",
        "signatures_age_days": 3,
        "auto_update": True,
    }


def test_xprotect_updates_switched_off() -> None:
    out = assess(mac(f("system_profiler_install_history.json"), ConfigDataInstall="0\n"))
    assert out.facts["auto_update"] is False
    assert "ConfigDataInstall" in out.fact_reasons["auto_update"].get("en")


def test_xprotect_absent_keys_are_the_default_on() -> None:
    absent = Reply("", "The domain/default pair of (x, ConfigDataInstall) does not exist", 1)
    out = assess(mac(f("system_profiler_install_history.json"), ConfigDataInstall=absent))
    assert out.facts["auto_update"] is True


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        (f("system_profiler_no_xprotect.json"), "no XProtect update is recorded"),
        (Reply(timeout=True), "timed out"),
        (Reply("garbage"), "could not understand"),
    ],
)
def test_xprotect_age_unknown(history: Reply | str, expected: str) -> None:
    out = assess(mac(history))
    assert "signatures_age_days" not in out.facts
    assert expected in out.why_unknown("signatures_age_days").get("en")


def test_macos_without_xprotect_bundle_is_unknown() -> None:
    out = assess(mac(f("system_profiler_install_history.json"), bundle=False))
    assert out.facts == {}


# --- Linux --------------------------------------------------------------------------------


def clam(
    *tools: str,
    files: dict[str, str] | None = None,
    commands: dict[str, Reply | str] | None = None,
    dirs: tuple[str, ...] = (),
) -> FakeHost:
    base = {"/etc/clamav/freshclam.conf": f("freshclam_debian12.conf"), "/proc/1/comm": "bash\n"}
    return FakeHost(
        system="linux",
        commands=commands or {},
        files={**base, **(files or {})},
        tools=tools,
        dirs=dirs,
    )


def test_linux_without_a_scanner_is_absent_not_failed() -> None:
    out = assess(FakeHost(system="linux"))
    assert out.facts == {"present": False}
    assert out.reason is not None and "no antivirus scanner" in out.reason.get("en")
    assert "no antivirus scanner" in out.why_unknown("enabled").get("en")


def test_clamav_installed_but_never_updated_as_on_this_machine() -> None:
    # The captured state here: clamscan + freshclam, only freshclam.dat, service disabled.
    host = clam(
        "clamscan",
        "freshclam",
        files={"/var/lib/clamav/freshclam.dat": ""},
        commands={FRESHCLAM_UNIT: Reply(f("systemctl_is_enabled_freshclam_disabled.txt"), code=1)},
        dirs=("/run/systemd/system",),
    )
    out = assess(host)
    assert out.facts == {
        "present": True,
        "product": "clamav",
        "enabled": False,
        "realtime": False,
        "auto_update": False,
    }
    assert "no signature database" in out.why_unknown("signatures_age_days").get("en")


def test_clamav_with_current_signatures_and_freshclam_daemon() -> None:
    host = clam(
        "clamscan",
        "freshclam",
        files={"/var/lib/clamav/daily.cvd": f("daily.cvd.header"), "/proc/42/comm": "freshclam\n"},
    )
    out = assess(host)
    assert out.facts["enabled"] is True
    assert out.facts["signatures_age_days"] == 4
    assert out.facts["auto_update"] is True
    assert "clamonacc is not installed" in out.fact_reasons["realtime"].get("en")


def test_freshclam_cron_job_counts_as_automatic() -> None:
    host = clam(
        "clamscan",
        "freshclam",
        files={
            "/var/lib/clamav/daily.cld": f("daily.cld.header_no_epoch"),
            "/etc/cron.d/clamav-update": "0 */3 * * * root /usr/share/clamav/freshclam-sleep\n",
        },
    )
    assert assess(host).facts["auto_update"] is True


def test_freshclam_state_unknown_without_a_process_list() -> None:
    host = clam("clamscan", "freshclam", files={"/var/lib/clamav/daily.cvd": f("daily.cvd.header")})
    host.files = {k: v for k, v in host.files.items() if not k.startswith("/proc/")}
    out = assess(host)
    assert "auto_update" not in out.facts
    assert "realtime" in out.facts  # clamonacc missing decides it without /proc


def test_clamonacc_running_means_realtime() -> None:
    files = {
        "/var/lib/clamav/daily.cvd": f("daily.cvd.header"),
        "/etc/clamav/clamd.conf": f("clamd_onaccess.conf"),
    }
    host = clam("clamd", "clamonacc", files={**files, "/proc/77/comm": "clamonacc\n"})
    assert assess(host).facts["realtime"] is True
    idle = clam("clamd", "clamonacc", files=files)
    out = assess(idle)
    assert out.facts["realtime"] is False
    assert "not running" in out.fact_reasons["realtime"].get("en")
    unconfigured = clam("clamd", "clamonacc", files={"/etc/clamav/clamd.conf": "LogSyslog yes\n"})
    assert assess(unconfigured).facts["realtime"] is False


def test_freshclam_missing_means_no_updates() -> None:
    out = assess(clam("clamscan", files={"/var/lib/clamav/daily.cvd": f("daily.cvd.header")}))
    assert out.facts["auto_update"] is False


@pytest.mark.parametrize(
    ("files", "unreadable", "expected"),
    [
        ({"/var/lib/clamav/daily.cvd": "\x1f\x8bgarbage"}, [], "not a ClamAV database"),
        ({"/var/lib/clamav/main.cvd": ""}, ["/var/lib/clamav/daily.cvd"], "permission denied"),
        ({}, [], "cannot read ClamAV's database directory"),
    ],
)
def test_clamav_signature_problems_are_unknown(
    files: dict[str, str], unreadable: list[str], expected: str
) -> None:
    host = clam("clamscan", files=files)
    host.unreadable = unreadable
    out = assess(host)
    assert "signatures_age_days" not in out.facts
    assert expected in out.why_unknown("signatures_age_days").get("en")


def test_other_systems_are_not_applicable() -> None:
    assert assess(FakeHost(system="freebsd")).applicable is False


def test_a_scanner_outside_path_is_still_found() -> None:
    host = FakeHost(system="linux", files={"/usr/bin/clamscan": "", "/usr/bin/freshclam": ""})
    out = assess(host)
    assert out.facts["present"] is True
    assert "freshclam is not installed" not in out.why_unknown("auto_update").get("en")

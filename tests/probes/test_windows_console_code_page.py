"""Windows console tools print in the console code page (GBK, 932, 866...): the bytes arrive
undecodable (U+FFFD). The tool is then run once more with the console writing UTF-8, and
the translated words are read; ASCII output is never run twice."""

from __future__ import annotations

from fakehost import FakeHost, Reply, fixture

from securecheck.probes.disk_encryption import runner as disk_encryption
from securecheck.probes.platform.windows import run_console_tool, utf8_argv
from securecheck.probes.wifi import runner as wifi

NETSH = " ".join(wifi.NETSH)
NETSH_UTF8 = " ".join(utf8_argv(wifi.NETSH))


def garbled(text: str) -> str:
    """What a UTF-8 decoder makes of text written in a legacy double-byte code page."""
    return "".join(ch if ch.isascii() else "\ufffd" for ch in text)


def test_netsh_in_gbk_is_read_again_in_utf8() -> None:
    text = fixture("wifi/windows_netsh_zh_win10_enterprise_blog.txt")
    host = FakeHost("windows", commands={NETSH: garbled(text), NETSH_UTF8: text})
    outcome = wifi.run(host)
    assert outcome.facts == {"connected": True, "security": "enterprise", "ssid": "DC_WLAN(5GHz)"}
    assert list(outcome.sources) == [NETSH]  # the person sees the command, not the wrapper


def test_ascii_netsh_output_runs_once() -> None:
    host = FakeHost("windows", commands={NETSH: fixture("wifi/windows_netsh_en_wpa2.txt")})
    wifi.run(host)
    assert [" ".join(c) for c in host.calls] == [NETSH]


def test_a_failing_utf8_rerun_keeps_the_first_answer() -> None:
    text = garbled(fixture("wifi/windows_netsh_zh_win10_enterprise_blog.txt"))
    host = FakeHost("windows", commands={NETSH: text, NETSH_UTF8: Reply(stderr="denied", code=1)})
    result = run_console_tool(host, wifi.NETSH, timeout=5)
    assert result.stdout == text
    # Connected (GUID and MACs are ASCII), security unknown: never guessed from garbage.
    assert wifi.run(host).facts == {"connected": True, "ssid": "DC_WLAN(5GHz)"}


def test_arguments_are_quoted_for_powershell() -> None:
    argv = utf8_argv(("manage-bde", "-status", "C:'; Remove-Item x; '"))
    assert argv[-1].endswith("& 'manage-bde' '-status' 'C:''; Remove-Item x; '''")


def test_manage_bde_in_a_legacy_code_page_is_read_again_in_utf8() -> None:
    text = fixture("disk_encryption/windows_manage_bde_ja_on.txt")
    manage_bde = ("manage-bde", "-status", "C:")
    host = FakeHost(
        "windows",
        commands={
            " ".join(manage_bde): garbled(text),
            " ".join(utf8_argv(manage_bde)): text,
        },
        environ={"SystemDrive": "C:"},
    )
    outcome = disk_encryption.run(host)
    assert outcome.facts.get("system_encrypted") is True

"""Windows console tools print in the console's code page (GBK on Chinese Windows, 932 on
Japanese, 866 on Russian...), not UTF-8, so their translated words arrive undecodable.

`run_console_tool` runs the tool directly; only when its output holds undecodable bytes does it
run it once more through PowerShell with the console output code page set to UTF-8, so the
tool writes UTF-8 and the translated words survive. English and western European output
(plain ASCII labels) never pays for the second run.
"""

from __future__ import annotations

from collections.abc import Sequence

from securecheck.probes.host import CommandResult, Host, powershell

UNDECODABLE = "\ufffd"


def _quote(arg: str) -> str:
    """A PowerShell single-quoted literal: nothing inside is expanded."""
    return "'" + arg.replace("'", "''") + "'"


def utf8_argv(argv: Sequence[str]) -> tuple[str, ...]:
    """PowerShell argv that runs `argv` with the console writing UTF-8."""
    call = " ".join(["&", *(_quote(a) for a in argv)])
    return powershell(f"[Console]::OutputEncoding = [Text.UTF8Encoding]::new($false); {call}")


def run_console_tool(host: Host, argv: Sequence[str], timeout: float) -> CommandResult:
    result = host.run(argv, timeout=timeout)
    if UNDECODABLE not in result.stdout:
        return result
    again = host.run(utf8_argv(argv), timeout=timeout)
    if again.stdout.strip() and UNDECODABLE not in again.stdout:
        return again
    return result

"""Nothing phones home: a full audit, probes on, opens no network connection.

Watched from inside the process by an audit hook (socket.connect/bind/sendto/getaddrinfo and
friends) installed through sitecustomize.py before securecheck loads; only a local AF_UNIX
socket is allowed. Then the same audit runs in an empty network namespace and must reach the
same verdicts as outside it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CANARY, Home, Run, securecheck_command
from security.secscan import Watch

from securecheck.core import engine
from securecheck.core.rulepacks import load_rules

Cli = Callable[..., Run]


@pytest.mark.usefixtures("shared_facts")  # the hook watches this process, not apt's
def test_full_audit_opens_no_network_socket(cli: Cli, home: Home, tmp_path: Path) -> None:
    watch = Watch.create(tmp_path / "watch")
    run = cli(
        "-vv",
        "audit",
        "--password-stdin",
        "--format",
        "json",
        stdin=CANARY + "\n",
        env=watch.env(),
    )
    assert run.code == 0, run.stderr
    assert watch.installed(), "the audit hook did not run: this test would prove nothing"
    assert watch.children(), "no probe ran: this was not a full audit"
    assert watch.network() == []


@pytest.mark.parametrize(
    "code",
    [
        "socket.create_connection(('127.0.0.1', 9), timeout=0.2)",
        "socket.getaddrinfo('example.invalid', 443)",
        "socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', 9))",
    ],
    ids=["connect", "resolve", "sendto"],
)
def test_watch_sees_a_connection_attempt(tmp_path: Path, code: str) -> None:
    # The test above can fail: the same hook does record an attempt to reach the network.
    watch = Watch.create(tmp_path / "watch")
    env = {"PATH": "/usr/bin:/bin", **watch.env()}
    script = f"import socket\ntry:\n    {code}\nexcept OSError:\n    pass\n"
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=30)
    assert watch.installed()
    assert watch.network() != []


def test_watch_allows_a_local_unix_socket(tmp_path: Path) -> None:
    watch = Watch.create(tmp_path / "watch")
    script = (
        "import socket\n"
        "a, b = socket.socketpair(socket.AF_UNIX)\n"
        "s = socket.socket(socket.AF_UNIX)\n"
        f"s.bind({str(tmp_path / 'sock')!r})\n"
    )
    subprocess.run([sys.executable, "-c", script], env=watch.env(), check=True, timeout=30)
    events = [e for e in watch.events() if e["event"] == "socket.bind"]
    assert events and watch.network() == []


# --- an empty network namespace ---------------------------------------------------------------


def _unshare_prefix() -> list[str] | None:
    """`unshare -n` (root) or `unshare -rn` (user namespaces), whichever works here."""
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        try:
            done = subprocess.run([*prefix, "true"], capture_output=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if done.returncode == 0:
            return prefix
    return None


UNSHARE = _unshare_prefix()

# These probes read state that belongs to the network namespace, so inside an empty one they
# rightly see something else: the routes and interfaces (vpn, wifi) and the packet filter rules
# (firewall: nft and iptables list the namespace's own, empty, tables). Every other probe reads
# files and tools that the namespace does not change.
NAMESPACED_PROBES = {"vpn", "wifi", "firewall"}


def _rules_outside_the_namespace() -> set[str]:
    return {r.id for r in load_rules() if not engine.probes_needed([r]) & NAMESPACED_PROBES}


def _audit(prefix: list[str], home: Home, cwd: Path) -> dict[str, Any]:
    done = subprocess.run(
        [*prefix, *securecheck_command(), "audit", "--format", "json"],
        capture_output=True,
        cwd=cwd,
        env=home.env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.mark.skipif(UNSHARE is None, reason="`unshare -n true` fails here (needs root or userns)")
# The update count comes from the run's shared fact cache in both audits (as the second audit
# always took it from the first's): `apt-get -s` reads local files only, and the audit that
# proves no probe opens a socket (above) runs it fresh. Every other probe runs in both.
@pytest.mark.usefixtures("shared_facts")
def test_audit_without_any_network_reaches_the_same_verdicts(home: Home, tmp_path: Path) -> None:
    assert UNSHARE is not None
    outside = _audit([], home, tmp_path)
    inside = _audit(UNSHARE, home, tmp_path)
    compared = _rules_outside_the_namespace()
    assert len(compared) >= len(outside["results"]) - 3  # at most the namespaced rules are left out

    def verdicts(report: dict[str, Any]) -> dict[str, tuple[str, object]]:
        return {
            r["id"]: (r["status"], r["evidence"].get("facts"))
            for r in report["results"]
            if r["id"] in compared
        }

    assert verdicts(inside) == verdicts(outside)

"""The opt-in online check, against a range API server this test runs on 127.0.0.1.

Without `--breaches-online` nothing reaches the server (and no socket is opened at all); with
it, exactly one request whose path ends in the 5-character prefix, with `Add-Padding: true`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import Home, Run, write
from corpus_maker import sha1_hex
from security.secscan import Watch

from securecheck.core.secret import Secret
from securecheck.password.breaches import PasswordHash
from securecheck.password.breaches_online import (
    OnlineFailure,
    check_api_url,
    check_online,
    count_in_range,
    fetch_range,
)

Cli = Callable[..., Run]
LEAKED = "Sunflower-Online-Leak-42"


@dataclass
class RangeServer:
    """A stand-in for the range API: answers each prefix from `rows`, records every request."""

    rows: dict[str, int] = field(default_factory=dict)  # full SHA-1 hex -> count
    status: int = 200
    padding: int = 5
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    url: str = ""

    def answer(self, prefix: str) -> bytes:
        lines = [f"{h[5:]}:{n}" for h, n in sorted(self.rows.items()) if h.startswith(prefix)]
        lines += [f"{i:035X}:0" for i in range(self.padding)]  # padding rows, count 0
        return "\r\n".join(lines).encode("ascii")


@pytest.fixture
def server() -> Iterator[RangeServer]:
    state = RangeServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            body = state.answer(self.path[-5:]) if state.status == 200 else b"no"
            self.send_response(state.status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/range/"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def breached(run: Run) -> dict[str, object]:
    assert run.code == 0, run.stderr
    result: dict[str, object] = next(
        r for r in json.loads(run.stdout)["results"] if r["id"] == "password.breached"
    )
    return result


AUDIT = ("audit", "--no-probes", "--password-stdin", "--format", "json")


def test_without_the_opt_in_nothing_is_sent(cli: Cli, server: RangeServer, tmp_path: Path) -> None:
    watch = Watch.create(tmp_path / "watch")
    run = cli(*AUDIT, "--breaches-api", server.url, stdin=LEAKED, env=watch.env())
    assert breached(run)["status"] == "unknown"
    assert server.requests == []
    assert watch.installed() and watch.network() == []
    assert "online breach check on" not in run.stderr


def test_with_the_opt_in_one_request_carries_only_the_prefix(
    cli_here: Cli, server: RangeServer
) -> None:
    digest = sha1_hex(LEAKED)
    server.rows = {digest: 1234, digest[:5] + "0" * 35: 7}
    run = cli_here(*AUDIT, "--breaches-online", "--breaches-api", server.url, stdin=LEAKED)
    result = breached(run)
    assert result["status"] == "fail" and result["message"] == "seen 1,234 times in breaches"
    assert len(server.requests) == 1
    path, headers = server.requests[0]
    assert path == "/range/" + digest[:5]
    assert {k.lower(): v for k, v in headers.items()}["add-padding"] == "true"
    sent = path + json.dumps(headers)
    assert digest[5:] not in sent.upper() and LEAKED not in sent
    assert "online breach check on: only the first 5 of the 40 characters" in run.stderr


def test_a_password_only_in_the_padding_passes(cli_here: Cli, server: RangeServer) -> None:
    digest = sha1_hex(LEAKED)
    server.rows = {digest: 0}  # a padding row with our very suffix: count 0, not a breach
    run = cli_here(*AUDIT, "--breaches-online", "--breaches-api", server.url, stdin=LEAKED)
    assert breached(run)["status"] == "pass"


def test_online_setting_saved_in_the_settings_file_is_used_and_announced(
    cli_here: Cli, home: Home, server: RangeServer
) -> None:
    write(
        home.config / "settings.yaml",
        f"version: 1\nbreaches_online: true\nbreaches_api: {server.url}\n",
    )
    run = cli_here(*AUDIT, stdin=LEAKED)
    assert breached(run)["status"] == "pass"
    assert len(server.requests) == 1 and "online breach check on" in run.stderr


def test_server_error_is_unknown_with_the_reason(cli_here: Cli, server: RangeServer) -> None:
    server.status = 503
    result = breached(
        cli_here(*AUDIT, "--breaches-online", "--breaches-api", server.url, stdin=LEAKED)
    )
    assert result["status"] == "unknown"
    assert result["message"] == "the online breach check failed: HTTP 503"


def test_unreachable_server_is_unknown_never_pass() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    verdict = check_online(PasswordHash.of(Secret(LEAKED)), f"http://127.0.0.1:{port}/range/")
    assert verdict.status.value == "unknown"
    assert "the online breach check failed" in verdict.message.get("en")


def test_a_server_that_does_not_answer_times_out(server: RangeServer) -> None:
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts the connection, never answers
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/range/"
        with pytest.raises(OnlineFailure, match="no answer"):
            fetch_range("ABCDE", url, timeout=0.5)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/range/",
        "http://10.0.0.1/range/",
        "ftp://127.0.0.1/range/",
        "https:///range/",
        "https://user:pw@example.com/range/",
    ],
)
def test_api_url_must_be_https_or_loopback(cli: Cli, url: str) -> None:
    run = cli(*AUDIT, "--breaches-online", "--breaches-api", url, stdin=LEAKED)
    assert run.code == 2 and "--breaches-api" in run.stderr and run.stdout == ""


@pytest.mark.parametrize(
    "url", ["https://api.pwnedpasswords.com/range/", "http://127.0.0.1:8/r/", "http://[::1]/r/"]
)
def test_api_url_accepts_https_and_loopback_http(url: str) -> None:
    assert check_api_url(url) == url


def test_range_answer_parsing_drops_padding_and_refuses_junk() -> None:
    suffix = b"A" * 35
    assert count_in_range(b"A" * 35 + b":12\r\n" + b"B" * 35 + b":0", suffix) == 12
    assert count_in_range(b"A" * 35 + b":0\r\n", suffix) == 0
    with pytest.raises(OnlineFailure):
        count_in_range(b"<html>captive portal</html>", suffix)
    with pytest.raises(OnlineFailure):
        count_in_range(b"", suffix)

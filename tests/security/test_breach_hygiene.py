"""The breach check and the vault audit leave no password and no hash of one anywhere.

Canary passwords go through the offline search, the online check (to a local server) and
every export format; then each is looked for — as text, SHA-1 hex and raw, SHA-256, base64 —
in stdout, stderr, every file under HOME and the working directory, the argv and environment
of every child process, the one request the server got, and a crash's traceback.
"""

from __future__ import annotations

import json
import threading
import traceback
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import Home, Run
from corpus_maker import sha1_hex, write_dir_corpus, write_file_corpus
from rich.console import Console
from rich.traceback import Traceback
from security.secscan import Watch, found_in, leaks_in_tree
from vault_maker import (
    CORPUS,
    ENTRIES,
    MASTER,
    PASSWORDS,
    WEAK_PW,
    WRITERS,
    chrome_csv,
    filler_password,
    write_export,
)

from securecheck.core.secret import Secret
from securecheck.password.breaches import PasswordHash
from securecheck.tools.vault.weak import PER_CHILD

Cli = Callable[..., Run]
CANARY = "Canary-Breach-Pw-5tG7hJ"


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    path = tmp_path / "cwd"
    path.mkdir()
    return path


def assert_nowhere(secret: str, run: Run, home: Home, cwd: Path, watch: Watch | None) -> None:
    assert found_in(run.stdout, secret) == [], "stdout"
    assert found_in(run.stderr, secret) == [], "stderr"
    assert leaks_in_tree([home.root, cwd], secret) == {}
    if watch is not None:
        assert watch.installed(), "the audit hook did not run: this test would prove nothing"
        for child in watch.children():
            assert found_in(json.dumps(child), secret) == [], child.get("argv")


@pytest.fixture
def requests() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.requestline + "\n" + str(self.headers))
            body = b"0" * 35 + b":0"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/range/", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("layout", ["file", "directory"])
def test_breach_check_writes_the_password_and_its_hash_nowhere(
    cli: Cli,
    home: Home,
    cwd: Path,
    tmp_path: Path,
    requests: tuple[str, list[str]],
    layout: str,
) -> None:
    url, seen = requests
    corpus = (
        write_file_corpus(tmp_path / "corpus.txt", {"something-else": 3})
        if layout == "file"
        else write_dir_corpus(tmp_path / "ranges", {"something-else": 3}, absent=[CANARY])
    )
    watch = Watch.create(tmp_path / "watch")
    run = cli(
        "-vv", "audit", "--password-stdin", "--no-probes", "--format", "json",
        "--output", "report.json", "--breaches", str(corpus),
        "--breaches-online", "--breaches-api", url,
        stdin=CANARY + "\n", cwd=cwd, env=watch.env(),
    )  # fmt: skip
    assert run.code == 0, run.stderr
    report = json.loads((cwd / "report.json").read_text("utf-8"))
    result = next(r for r in report["results"] if r["id"] == "password.breached")
    assert result["status"] == "pass"  # searched offline and online: absent from both
    assert len(seen) == 1 and seen[0].split()[1] == "/range/" + sha1_hex(CANARY)[:5]
    assert found_in("\n".join(seen), CANARY) == []
    assert_nowhere(CANARY, run, home, cwd, watch)


# Every export format through the JSON report (whose findings are checked below), and the
# Markdown file and the text on stdout each after half of them: what the writers are given is
# the same findings whatever the format read, so every pair adds a run, not a case.
SECOND_OUTPUT = {
    fmt: ("markdown", "r.md") if i % 2 == 0 else ("text", None)
    for i, fmt in enumerate(sorted(WRITERS))
}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_vault_audit_writes_no_planted_password_anywhere(
    cli: Cli, home: Home, cwd: Path, tmp_path: Path, fmt: str
) -> None:
    export = write_export(fmt, tmp_path / "in")
    corpus = write_file_corpus(tmp_path / "corpus" / "pwned.txt", CORPUS)
    watch = Watch.create(tmp_path / "watch")
    stdin = MASTER + "\n" if fmt == "kdbx" else None
    for out_fmt, output in (("json", "r.json"), SECOND_OUTPUT[fmt]):
        run = cli(
            "-vv", "vault", str(export), "--format", out_fmt,
            *(["--output", output] if output else []),
            *(["--password-stdin"] if stdin else []),
            "--breaches", str(corpus),
            stdin=stdin, cwd=cwd, env=watch.env(),
        )  # fmt: skip
        assert run.code == 0, run.stderr
        for secret in [*PASSWORDS, MASTER, WEAK_PW]:
            assert_nowhere(secret, run, home, cwd, watch)
    report = json.loads((cwd / "r.json").read_text("utf-8"))
    assert {f["kind"] for f in report["findings"]} == {
        "weak", "reused", "breached", "two_factor_available"
    }  # fmt: skip
    saved = (home.config / "answers.yaml").read_text("utf-8")
    assert "vault:" in saved and "entries_checked: 6" in saved


TWO_CORES = """
import os as _os
_os.cpu_count = lambda: 2  # two children, whatever this machine's core count
"""


def test_a_large_export_gives_the_strength_checks_children_no_password(
    cli: Cli, home: Home, cwd: Path, tmp_path: Path
) -> None:
    # Enough passwords for one password-service child per core (a small export is analysed
    # in the `securecheck` process): each password goes to a child over its stdin pipe only.
    export = chrome_csv(tmp_path / "Chrome Passwords.csv", filler=2 * PER_CHILD)
    corpus = write_file_corpus(tmp_path / "corpus" / "pwned.txt", CORPUS)
    watch = Watch.create(tmp_path / "watch", extra=TWO_CORES)
    run = cli(
        "-vv", "vault", str(export), "--format", "json", "--output", "r.json",
        "--breaches", str(corpus), cwd=cwd, env=watch.env(),
    )  # fmt: skip
    assert run.code == 0, run.stderr
    services = [c for c in watch.children() if "securecheck.password.service" in c["argv"]]
    assert len(services) == 2, "no child to watch: the argv check would prove nothing"
    for secret in [*PASSWORDS, WEAK_PW, filler_password(0), filler_password(2 * PER_CHILD - 1)]:
        assert_nowhere(secret, run, home, cwd, watch)
    report = json.loads((cwd / "r.json").read_text("utf-8"))
    assert report["entries_checked"] == len(ENTRIES) + 2 * PER_CHILD


CRASH_IN_AUDIT = """
import securecheck.tools.vault.audit as _audit
def _boom(export, **kwargs):
    first = export.entries[0]
    digest = _audit.PasswordHash.of(first.password)
    raise RuntimeError(f"cannot audit {first!r} {first.password} {digest} {export.entries!r}")
_audit.audit_export = _boom
"""


def test_a_crash_in_the_vault_audit_prints_no_password(
    cli: Cli, home: Home, cwd: Path, tmp_path: Path
) -> None:
    export = write_export("bitwarden-csv", tmp_path / "in")
    watch = Watch.create(tmp_path / "watch", extra=CRASH_IN_AUDIT)
    run = cli("-vv", "vault", str(export), cwd=cwd, env=watch.env())
    assert run.code != 0 and "cannot audit VaultEntry(" in run.stderr  # the fault fired
    assert "Secret(***)" in run.stderr and "PasswordHash(***)" in run.stderr
    for secret in PASSWORDS:
        assert_nowhere(secret, run, home, cwd, watch)


def test_password_hash_stays_hidden_in_tracebacks_with_locals() -> None:
    def fail(digest: PasswordHash) -> None:
        raise RuntimeError(f"while searching {digest!r}")

    digest = PasswordHash.of(Secret(CANARY))
    try:
        fail(digest)
    except RuntimeError as exc:
        error = exc
    shown = "".join(
        traceback.TracebackException.from_exception(error, capture_locals=True).format()
    )
    console = Console(record=True, width=200, color_system=None)
    console.print(
        Traceback.from_exception(type(error), error, error.__traceback__, show_locals=True)
    )
    for text in (shown, console.export_text()):
        assert "PasswordHash(***)" in text
        assert found_in(text, CANARY) == []

"""Shared test helpers: the installed CLI as a subprocess, an isolated home."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

# The suite starts a few hundred `securecheck` processes: let them keep compiled bytecode
# (in the gitignored __pycache__) rather than compile every module again each time.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


def pytest_collection_finish(session: pytest.Session) -> None:
    """Each worker's own objects (pytest, the collected tests, every imported module: about
    170,000) live until it exits. Out of the collector's sight, a full collection in a test
    (the app asks for one as the password dialog closes) walks what the tests made, not the
    whole harness again. What the tests check is unchanged: nothing a test makes is frozen
    (the app freezes nothing).

    The apps the tests start run with Textual mended as `run_app` mends it (tui/mends.py),
    as a user's app does."""
    import gc

    from securecheck.tui.mends import mend_textual

    mend_textual()
    gc.collect()
    gc.freeze()


CANARY = "Canary-Pw-7fQ2zR9x"  # a password no real output could contain by chance


def securecheck_command() -> list[str]:
    """The console script installed next to this Python (what a user runs)."""
    script = Path(sys.executable).parent / "securecheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "securecheck"]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


Cli = Callable[..., Run]  # the `cli` and `cli_here` fixtures


@dataclass
class Home:
    root: Path
    env: dict[str, str]

    @property
    def config(self) -> Path:
        return self.root / "config" / "securecheck"

    def files(self) -> list[Path]:
        return [p for p in self.root.rglob("*") if p.is_file()]


def _new_folder(factory: pytest.TempPathFactory, name: str) -> Path:
    """A new folder in this worker's base temporary folder, named `name-<random>`. pytest's
    own `mktemp` numbers its folders, and finds the next number by listing every folder made
    so far: two listings a test, ~1,600 names each near a worker's end, 1.5 s of each
    worker's CPU in all. A random suffix needs no listing. The folders are pytest's to keep
    or remove, as before (they live in its base folder)."""
    safe = re.sub(r"\W", "_", name)[:30]
    return Path(tempfile.mkdtemp(prefix=f"{safe}-", dir=factory.getbasetemp()))


@pytest.fixture
def tmp_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pytest's `tmp_path` (a new empty folder for each test), without the listing."""
    return _new_folder(tmp_path_factory, request.node.name)


@pytest.fixture(autouse=True)
def _private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test writes to the real user's home, config, cache or data directory (the history,
    the device id, remembered facts): in-process runs and children that inherit the
    environment use throwaway ones, one set per test, so parallel tests never share a file."""
    base = _new_folder(tmp_path_factory, "xdg")
    (base / "home").mkdir()
    monkeypatch.setenv("HOME", str(base / "home"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(base / var.lower()))


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return new_home(tmp_path / "home")


def new_home(root: Path) -> Home:
    """An empty home at `root` (made here), and the environment of a user whose it is."""
    root.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "SECURECHECK"))}
    env.update(
        HOME=str(root),
        XDG_CONFIG_HOME=str(root / "config"),
        XDG_DATA_HOME=str(root / "data"),
        XDG_CACHE_HOME=str(root / "cache"),
        XDG_STATE_HOME=str(root / "state"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    return Home(root, env)


@pytest.fixture
def cli(home: Home, tmp_path: Path) -> Callable[..., Run]:
    def run(
        *args: str,
        stdin: str | bytes | None = None,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 60,
    ) -> Run:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        proc = subprocess.run(
            [*securecheck_command(), *args],
            input=data if data is not None else b"",
            capture_output=True,
            cwd=cwd or tmp_path,
            env={**home.env, **(env or {})},
            timeout=timeout,
        )
        return Run(proc.returncode, proc.stdout.decode(), proc.stderr.decode())

    return run


def shared_facts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fact cache for the whole run, warmed once: the first worker to get here runs a
    real audit into it (under a lock), the others wait for it and reuse its facts."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, shared by every worker
    folder = base / "shared-facts"
    folder.mkdir(exist_ok=True)
    done = folder / ".warm"
    if done.exists():
        return folder
    import fcntl

    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            root = base / "shared-facts-home"
            root.mkdir(exist_ok=True)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "SECURECHECK"))}
            env.update(HOME=str(root), XDG_CACHE_HOME=str(folder), LANG="C.UTF-8")
            subprocess.run(
                [*securecheck_command(), "audit", "--no-history", "--format", "json"],
                capture_output=True,
                env=env,
                timeout=300,
            )
            done.touch()
    return folder


@pytest.fixture
def shared_facts(home: Home, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Real probes, reusing the facts this run already gathered (the product's own fact
    cache, keyed by the state that determines them: only the update count is kept, and only
    while the package lists are unchanged): for tests that need some real audit, not a fresh
    one, which would each wait for `apt-get -s dist-upgrade` again (~4 s of CPU each). Not
    for tests that change what that probe sees (PATH, package files): the cache would hide
    the change. Every other probe still runs."""
    home.env["XDG_CACHE_HOME"] = str(shared_facts_dir(tmp_path_factory))


@pytest.fixture
def cli_here(
    home: Home,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> Callable[..., Run]:
    """`cli`, in this process (`securecheck.cli.main`): for tests that run many commands and
    prove what they print or write, not how a process starts or ends (those use `cli`)."""
    import io

    from securecheck.cli import main

    for name, value in home.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    # A command that is handed a password turns core files and ptrace off for its process,
    # for good: here that process is this worker, and its later tests (tests/security/
    # test_core_dumps.py) would find the limit already at 0. The worker keeps its limits;
    # that the commands' own processes lose theirs is what those tests prove.
    for target in ("securecheck.core.hardening", "securecheck.cli.audit"):
        monkeypatch.setattr(f"{target}.forbid_core_dumps", lambda: None)

    def run(*args: str, stdin: str | bytes | None = None) -> Run:
        data = stdin.encode() if isinstance(stdin, str) else (stdin or b"")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        code = main(list(args))
        out = capsysbinary.readouterr()
        return Run(code, out.out.decode(), out.err.decode())

    return run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path

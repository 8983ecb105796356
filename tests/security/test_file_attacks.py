"""Files: no answer lost to a race, no device replaced, no planted path followed or read.

Attacks (issue 10 §5): 200 parallel `securecheck answer` lost 13-27 updates in a hundred;
run as root, `--output` replaced /dev/null, a FIFO and a link to /proc/self/fd/1 with regular
files, and overwrote the answers file itself; a FIFO, a directory or /dev/stdin as `--rules`
or `--answers` hung; an empty directory passed `rules validate`; a symlinked answers file was
replaced by a regular file; kill -9 during fsync left temp files forever.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Home, Run, securecheck_command, write

from securecheck.core.answers import load_answers, update_answers
from securecheck.core.model import Question
from securecheck.core.rulepacks import load_rules

Cli = Callable[..., Run]
SAFETY_NET_S = 20  # a refused FIFO answers at once; this only ends a test that would hang
# Enough writers to meet at the lock many times over (without it, about one in five updates
# was lost), few enough that the last one's wait stays far under the 30 s lock timeout on a
# loaded machine: each writer re-reads a file that grows with every answer.
WRITERS = 64


def _question_pack(path: Path, count: int) -> Path:
    """`count` question rules q.nNNN, so that each writer answers a question of its own."""

    def choices() -> list[dict[str, object]]:  # a fresh list each: safe_dump writes no alias
        return [
            {"value": "yes", "label": {"en": "Yes"}, "status": "pass"},
            {"value": "no", "label": {"en": "No"}, "status": "fail"},
        ]

    rules = [
        {
            "id": f"q.n{i:03d}",
            "title": {"en": f"Question {i}"},
            "category": "account",
            "severity": "low",
            "why": {"en": "Because."},
            "advice": {"en": "Do it."},
            "action": {"en": "Do it"},
            "remediation": {"en": "Do it."},
            "check": {
                "kind": "question",
                "question": {"id": f"q.n{i:03d}", "text": {"en": "?"}, "choices": choices()},
            },
        }
        for i in range(count)
    ]
    return write(path, yaml.safe_dump({"version": 1, "rules": rules}))


def _answer_when_released(go: Any, path: Path, questions: list[Question], qid: str) -> None:
    go.wait()
    value = "yes" if int(qid[-3:]) % 2 else "no"
    when = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        update_answers(path, questions, lambda a: a.with_answer(qid, value, when))
    except BaseException:
        os._exit(2)
    os._exit(0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() starts the writers cheaply")
def test_parallel_answer_writers_lose_no_update(tmp_path: Path) -> None:
    # Real processes doing what `securecheck answer` does (read, change, write the file),
    # forked from an interpreter that has loaded the rules already and released together, so
    # they meet at the lock rather than at interpreter start-up (200 cold starts on two cores
    # would spread them out). Before the lock, 13-27 in a hundred were lost.
    rules = load_rules([_question_pack(tmp_path / "many.yaml", WRITERS)])
    questions = [r.question for r in rules if r.question is not None]
    answers = tmp_path / "answers.yaml"
    # Everything a writer loads (the validator too) is loaded before the fork, once.
    load_answers(write(tmp_path / "warm.yaml", "answers: {}\n"), questions)
    context = multiprocessing.get_context("fork")
    go = context.Event()
    ids = [f"q.n{i:03d}" for i in range(WRITERS)]
    writers = [
        context.Process(target=_answer_when_released, args=(go, answers, questions, qid))
        for qid in ids
    ]
    for writer in writers:
        writer.start()
    go.set()
    for writer in writers:
        writer.join(timeout=300)
    assert [w.exitcode for w in writers] == [0] * WRITERS
    saved = load_answers(answers, questions).answers
    assert sorted(saved) == ids
    assert all(saved[q].value == ("yes" if int(q[-3:]) % 2 else "no") for q in ids)
    assert not list(tmp_path.glob(".answers.yaml.*.tmp"))


# --- --output ---------------------------------------------------------------------------------


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


def _link_to_stdout(tmp_path: Path) -> Path:
    link = tmp_path / "out.txt"
    link.symlink_to("/proc/self/fd/1")
    return link


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "reports"
    path.mkdir()
    return path


def _device(tmp_path: Path) -> Path:
    # A null device of the test's own, never /dev/null itself: on a build with the bug, the
    # test run as root would replace the system's /dev/null with a regular file.
    path = tmp_path / "null"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot make a device node here (needs root on Linux)")
    return path


OUTPUTS: dict[str, Callable[[Path], Path]] = {
    "fifo": _fifo,
    "device": _device,
    "link-to-proc-self-fd-1": _link_to_stdout,
    "directory": _directory,
}


@pytest.mark.parametrize("case", sorted(OUTPUTS))
def test_output_onto_a_device_fifo_or_directory_exits_2_and_replaces_nothing(
    cli: Cli, tmp_path: Path, case: str
) -> None:
    if case == "link-to-proc-self-fd-1" and not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc")
    target = OUTPUTS[case](tmp_path)
    kind = stat.S_IFMT(os.stat(target).st_mode)
    run = cli("audit", "--no-probes", "--output", str(target), timeout=SAFETY_NET_S)
    assert run.code == 2
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert str(target) in run.stderr
    assert stat.S_IFMT(os.stat(target).st_mode) == kind  # still a FIFO, a device, ...
    assert run.stdout == ""


def test_output_dash_writes_the_report_to_stdout(cli: Cli, tmp_path: Path) -> None:
    run = cli("audit", "--no-probes", "--format", "json", "--output", "-", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("{") and not (tmp_path / "-").exists()


def test_output_onto_the_answers_file_is_refused(cli: Cli, home: Home, tmp_path: Path) -> None:
    answers = write(home.config / "answers.yaml", "version: 1\nanswers: {}\n")
    before = answers.read_bytes()
    link = tmp_path / "report.md"
    link.symlink_to(answers)
    for given in (answers, link):
        run = cli("audit", "--no-probes", "--output", str(given))
        assert run.code == 2 and "answers file" in run.stderr
    assert answers.read_bytes() == before


# --- non-regular inputs -----------------------------------------------------------------------

INPUTS: dict[str, Callable[[Path], Path]] = {
    "fifo": _fifo,
    "dev-stdin": lambda _: Path("/dev/stdin"),
    "char-device": lambda _: Path("/dev/zero"),
}


@pytest.mark.parametrize("option", ["--rules", "--answers"])
@pytest.mark.parametrize("case", sorted(INPUTS))
def test_fifo_or_device_as_rules_or_answers_is_refused_at_once(
    home: Home, tmp_path: Path, option: str, case: str
) -> None:
    given = INPUTS[case](tmp_path)
    # stdin is a pipe nobody writes to: reading /dev/stdin would hang like a FIFO.
    proc = subprocess.Popen(
        [*securecheck_command(), "rules" if option == "--rules" else "audit"]
        + (["list"] if option == "--rules" else ["--no-probes"])
        + [option, str(given)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=home.env,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=SAFETY_NET_S)
    finally:
        proc.kill()
    assert proc.returncode == 2, err
    assert "not a regular file" in err and "Traceback" not in err
    assert out == ""


def test_directory_as_answers_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    run = cli("audit", "--no-probes", "--answers", str(_directory(tmp_path)))
    assert run.code == 2 and "directory" in run.stderr


def test_empty_rules_directory_is_an_error(cli: Cli, tmp_path: Path) -> None:
    empty = _directory(tmp_path)
    validated = cli("rules", "validate", str(empty))
    assert validated.code == 2 and "no rule packs" in validated.stderr
    assert cli("rules", "list", "--rules", str(empty)).code == 2


# --- links and leftovers ----------------------------------------------------------------------


def test_symlinked_answers_file_is_written_through_to_its_target(
    cli: Cli, home: Home, tmp_path: Path
) -> None:
    dotfiles = tmp_path / "dotfiles"
    target = write(
        dotfiles / "securecheck.yaml", "version: 1\nanswers:\n  two_factor.enabled: sms\n"
    )
    link = home.config / "answers.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    run = cli("answer", "two_factor.enabled", "totp")
    assert run.code == 0, run.stderr
    assert link.is_symlink() and link.resolve() == target
    assert load_answers(target).answers["two_factor.enabled"].value == "totp"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    leftovers = [p.name for p in [*dotfiles.iterdir(), *link.parent.iterdir()]]
    assert not [n for n in leftovers if n.endswith(".tmp")]


@pytest.mark.skipif(sys.platform == "win32", reason="flock: the lock of Linux and macOS")
def test_a_lock_held_by_another_process_ends_in_a_clear_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    from securecheck.core import fileio
    from securecheck.core.errors import OutputError

    target = write(tmp_path / "answers.yaml", "version: 1\nanswers: {}\n")
    holder = subprocess.Popen(  # another process, as a second securecheck would be
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
            str(tmp_path / ".answers.yaml.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        monkeypatch.setattr(fileio, "LOCK_TIMEOUT_S", 0.3)
        held = pytest.raises(OutputError, match="another securecheck has held this file")
        with held, fileio.locked(target):
            raise AssertionError("the lock was taken twice")
    finally:
        holder.kill()
        holder.wait()
    with fileio.locked(target) as inside:  # the holder died: the kernel dropped its lock
        assert inside == target
    lock = os.open(tmp_path / ".answers.yaml.lock", os.O_RDWR)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released on leaving the block
    finally:
        os.close(lock)


@pytest.mark.skipif(sys.platform == "win32", reason="flock: the lock of Linux and macOS")
def test_a_lock_file_planted_as_a_link_is_refused(tmp_path: Path) -> None:
    from securecheck.core import fileio
    from securecheck.core.errors import OutputError

    target = write(tmp_path / "answers.yaml", "version: 1\nanswers: {}\n")
    victim = write(tmp_path / "victim", "keep me")
    (tmp_path / ".answers.yaml.lock").symlink_to(victim)
    with pytest.raises(OutputError, match="cannot lock"), fileio.locked(target):
        raise AssertionError("locked through a planted link")
    assert victim.read_text() == "keep me"


def test_temp_files_left_by_a_killed_writer_are_removed_by_the_next_write(
    cli: Cli, home: Home
) -> None:
    answers = write(home.config / "answers.yaml", "version: 1\nanswers: {}\n")
    stale = [
        write(answers.parent / f".answers.yaml.{tag}.tmp", "half")
        for tag in ("k9abc_12", "zz000000")
    ]
    foreign = [
        write(answers.parent / ".answers.yaml.backup", "mine"),  # not our name: kept
        write(answers.parent / ".other.yaml.abcdefgh.tmp", "other"),
    ]
    run = cli("answer", "two_factor.enabled", "totp")
    assert run.code == 0, run.stderr
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in foreign)


def test_kill_9_during_an_answers_write_then_the_next_write_cleans_up(
    home: Home, tmp_path: Path
) -> None:
    answers = write(home.config / "answers.yaml", "version: 1\nanswers: {}\n")
    # A writer that dies right after creating its temp file (kill -9 during fsync).
    code = (
        "import os, signal\n"
        "from securecheck.core import fileio\n"
        "fileio.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from securecheck import cli\n"
        "cli.main(['answer', 'two_factor.enabled', 'sms'])\n"
    )
    died = subprocess.run([sys.executable, "-c", code], env=home.env, timeout=60)
    assert died.returncode == -9
    assert list(answers.parent.glob(".answers.yaml.*.tmp"))
    run = subprocess.run(
        [*securecheck_command(), "answer", "two_factor.enabled", "totp"],
        env=home.env,
        capture_output=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert not list(answers.parent.glob(".answers.yaml.*.tmp"))
    assert load_answers(answers).answers["two_factor.enabled"].value == "totp"

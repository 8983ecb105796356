"""The password analysis in a child process, so zxcvbn's ~12 MiB of word lists stay out of the
app (its target is 60 MiB peak RSS).

The child (`python -m securecheck.password.service`) reads one JSON request a line on
stdin, {"id", "password", "user_inputs", "min_score", "min_length"}, and answers one line on
stdout, {"id", "verdict"} or {"id", "error"}. The password travels only over that pipe: never in
argv, the environment or a file. The child never logs and never prints a traceback (its stderr
is /dev/null too); an error answer names no input. It exits at the end of its stdin, so it dies
with the app even if the app is killed.

`PasswordService` is the app's side: started lazily, one request at a time, closed with the
screen that uses it. Any failure of the child is `ServiceUnavailable`; the caller decides what
to do instead (the app analyses in-process: correctness first).
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import IO, Any

from securecheck.core.secret import Secret
from securecheck.password.quick import bounded
from securecheck.password.verdict import PasswordVerdict, verdict_from_json

COMMAND = (sys.executable, "-m", "securecheck.password.service")
STOP_TIMEOUT_S = 2.0
# An analysis takes < 100 ms and the child's start ~0.3 s: a child this late is hung, and the
# caller falls back to analysing in-process rather than waiting forever.
ANSWER_TIMEOUT_S = 5.0


class ServiceUnavailable(Exception):
    """The child could not start, died, or answered nonsense (never says what it was sent)."""


class PasswordService:
    """A client of one child process; thread-safe (one request at a time)."""

    def __init__(self, command: Sequence[str] = COMMAND) -> None:
        self._command = tuple(command)
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._next_id = 0
        self.closed = False

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    def start(self) -> None:
        """Start the child if it is not running (it loads zxcvbn once, ~0.1 s)."""
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> subprocess.Popen[bytes]:
        if self.closed:
            raise ServiceUnavailable("the password service was closed")
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self._stop(self._proc)
        try:
            self._proc = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError:
            self._proc = None
            raise ServiceUnavailable("the password service could not start") from None
        return self._proc

    def analyse(
        self, secret: Secret, user_inputs: Sequence[str], *, min_score: int, min_length: int
    ) -> PasswordVerdict:
        with self._lock:
            proc = self._ensure_started()
            assert proc.stdin is not None and proc.stdout is not None
            self._next_id += 1
            sent = bounded(secret.reveal())
            cut = len(sent) != len(secret.reveal())
            request = {
                "id": self._next_id,
                # Only what is analysed travels (the same verdict: `bounded` is idempotent).
                "password": sent,
                "user_inputs": list(user_inputs),
                "min_score": min_score,
                "min_length": min_length,
            }
            # ASCII only (\u escapes): no encoding can fail on the way, lone surrogates included.
            line = json.dumps(request).encode("ascii") + b"\n"
            del request
            try:
                proc.stdin.write(line)
                proc.stdin.flush()
                if not _readable(proc.stdout, ANSWER_TIMEOUT_S):
                    self._stop(proc)
                    self._proc = None
                    raise ServiceUnavailable("the password service did not answer in time")
                answer = proc.stdout.readline()
            except OSError:
                raise ServiceUnavailable("the password service died") from None
            finally:
                del line, sent
            verdict = _verdict_of(answer, self._next_id)
            return replace(verdict, analysed_prefix_only=True) if cut else verdict

    def close(self) -> None:
        """Stop the child (no orphan); later calls raise ServiceUnavailable. Idempotent."""
        self.closed = True
        running = self._proc
        if running is not None:
            running.terminate()  # ends a read in progress, so the lock is free soon
        with self._lock:
            proc, self._proc = self._proc, None
            self._stop(proc)

    @staticmethod
    def _stop(proc: subprocess.Popen[bytes] | None) -> None:
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass


def _readable(stream: IO[bytes], timeout: float) -> bool:
    """Whether an answer arrives within `timeout` (pipes cannot be polled on Windows)."""
    if sys.platform == "win32":
        return True
    ready, _, _ = select.select([stream], [], [], timeout)
    return bool(ready)


def _verdict_of(answer: bytes, request_id: int) -> PasswordVerdict:
    try:
        data = json.loads(answer)
        if data["id"] != request_id or "verdict" not in data:
            raise ValueError("no verdict")
        return verdict_from_json(data["verdict"])
    except (ValueError, TypeError, KeyError):
        raise ServiceUnavailable("the password service gave no verdict") from None


# --- the child -------------------------------------------------------------------------------


def _answer(line: bytes) -> dict[str, Any]:
    from securecheck.password.analyse import analyse
    from securecheck.password.verdict import verdict_to_json

    request_id: Any = None
    try:
        request = json.loads(line)
        request_id = request["id"]
        secret = Secret(request["password"])
        try:
            verdict = analyse(
                secret,
                [str(word) for word in request["user_inputs"]],
                min_score=int(request["min_score"]),
                min_length=int(request["min_length"]),
            )
        finally:
            secret.clear()
            request.clear()
        return {"id": request_id, "verdict": verdict_to_json(verdict)}
    except Exception:
        # Never the message: it could quote the request, password and all.
        return {"id": request_id, "error": "bad request"}


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """Answer every request line until stdin ends."""
    for line in stdin:
        stdout.write(json.dumps(_answer(line)).encode("ascii") + b"\n")
        stdout.flush()


def main() -> int:
    try:
        from securecheck.core.hardening import forbid_core_dumps

        forbid_core_dumps()  # it holds every password it is sent
        import securecheck.password.analyse  # noqa: F401  (load zxcvbn before the first request)

        serve(sys.stdin.buffer, sys.stdout.buffer)
    except BaseException:  # a traceback could show a request: exit quietly
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

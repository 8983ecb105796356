"""Standard output and error of a command: inert, and failing as one line, never a traceback.

Every command writes through `InertStream`, so whatever it prints (a rule's title, a path, a
tool's output, an error quoting a file) reaches the terminal with its control, bidi and
invisible characters shown as escapes (`securecheck.core.inert`): the last line of defence
if a loader or a renderer ever lets one through. Newlines and tabs pass; we print them.

A standard output that cannot be written (`>/dev/full`, a closed descriptor, a disk that
fills) is `OutputError` (exit 2, one line on stderr); a reader that went away (`| head`) is
`ReaderGone`, which ends the command quietly as `head` expects. Only failures of the
stream itself become these: an OSError anywhere else is still a bug with a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from securecheck.core.errors import OutputError
from securecheck.core.inert import inert

SIGPIPE_EXIT = 141  # 128 + SIGPIPE: what a shell shows for `yes | head`


class ReaderGone(Exception):
    """The reader of standard output closed its end (a broken pipe)."""


class InertStream(io.TextIOBase):
    """A text stream that writes `inert(text)` to the stream it wraps."""

    def __init__(self, stream: TextIO | None, name: str, *, quiet: bool = False) -> None:
        self._stream = stream
        self._name = name
        self._quiet = quiet  # stderr: there is nowhere left to report its own failure

    def _failed(self, exc: OSError) -> None:
        # What is left in the buffer would fail again at exit, as a traceback: drop it.
        _silence(self._stream)
        if self._quiet:
            return
        if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
            raise ReaderGone from None
        raise OutputError(f"cannot write to {self._name}: {exc.strerror or exc}") from None

    def write(self, text: str) -> int:
        if self._stream is None:
            if not self._quiet:
                raise OutputError(f"cannot write to {self._name}: it is closed")
            return len(text)
        try:
            self._stream.write(inert(text, multiline=True))
        except OSError as exc:
            self._failed(exc)
        return len(text)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            self._failed(exc)

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        if self._stream is None:
            raise io.UnsupportedOperation("closed")
        return self._stream.fileno()


def _lenient(stream: TextIO | None) -> TextIO | None:
    # A text the stream's encoding cannot show (PYTHONIOENCODING=ascii, an argument with
    # undecodable bytes) is shown as \\u escapes rather than failing.
    if stream is not None and isinstance(stream, io.TextIOWrapper):
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")
    return stream


@contextlib.contextmanager
def guarded_streams() -> Iterator[None]:
    """Route sys.stdout and sys.stderr through InertStream for the duration."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = InertStream(_lenient(out), "standard output")
    sys.stderr = InertStream(_lenient(err), "standard error", quiet=True)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def _silence(stream: TextIO | None) -> None:
    """Point the stream's descriptor at /dev/null, so the interpreter's own flush at exit has
    nowhere to fail (what the Python docs advise after a broken pipe)."""
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


@contextlib.contextmanager
def raw_streams() -> Iterator[None]:
    """The process's own streams, for the app (Textual drives the terminal itself)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


__all__ = ["SIGPIPE_EXIT", "InertStream", "ReaderGone", "guarded_streams", "raw_streams"]

"""Tools for the security tests: find a secret in any of its usual disguises, and watch a
`securecheck` subprocess from the inside (child processes, sockets) with an audit hook.

Not a conftest: pytest would import a second `conftest` module under the same name as
tests/conftest.py, and `from conftest import ...` would then pick whichever came last.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def disguises(secret: str) -> dict[str, bytes]:
    """The byte strings that would give `secret` away: the text, its SHA-1 (hex and raw, as
    the breach check holds it) and SHA-256 hex, and its UTF-8 base64 at each of the three
    alignments it can have inside a longer base64 stream (an OSC 52 payload, say)."""
    raw = secret.encode("utf-8")
    forms = {
        "plain": raw,
        "sha1": hashlib.sha1(raw).hexdigest().encode(),
        "sha1-raw": hashlib.sha1(raw).digest(),
        "sha256": hashlib.sha256(raw).hexdigest().encode(),
        "base64": base64.b64encode(raw).rstrip(b"="),
    }
    for lead in (1, 2):
        encoded = base64.b64encode(b"\0" * lead + raw)
        # Only the quads made of secret bytes alone are the same wherever it sits.
        start, end = 4 * math.ceil(lead / 3), 4 * ((lead + len(raw)) // 3)
        forms[f"base64+{lead}"] = encoded[start:end]
    return forms


def found_in(blob: bytes | str, secret: str) -> list[str]:
    """Which disguises of `secret` occur in `blob` (hex compared case-insensitively)."""
    data = blob.encode("utf-8", "surrogateescape") if isinstance(blob, str) else blob
    lowered = data.lower()
    hits = []
    for name, needle in disguises(secret).items():
        haystack = lowered if name.startswith("sha") else data
        if needle in haystack:
            hits.append(name)
    return hits


def leaks_in_tree(roots: Iterable[Path], secret: str) -> dict[str, list[str]]:
    """Every file under `roots` that holds a disguise of `secret`, with which ones."""
    leaks: dict[str, list[str]] = {}
    for root in roots:
        if not root.exists():
            continue
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in files:
            hits = found_in(path.read_bytes(), secret)
            if hits:
                leaks[str(path)] = hits
    return leaks


def numbers_in(value: object) -> list[float]:
    """Every number (not bool) anywhere inside a JSON value."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [value]
    if isinstance(value, Mapping):
        return [n for v in value.values() for n in numbers_in(v)]
    if isinstance(value, list):
        return [n for v in value for n in numbers_in(v)]
    return []


# --- watching a subprocess from the inside --------------------------------------------------

# Runs at interpreter start in the watched process (PYTHONPATH puts it first), before
# securecheck is imported. It appends one JSON line per event; the first line proves it ran.
_HOOK = """
import json as _json
import os as _os
import socket as _socket
import sys as _sys

_RECORD = {record!r}
_WATCHED = ("subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system",
            "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg",
            "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
            "socket.gethostbyaddr", "socket.getnameinfo")


# The first Python process to start sets this; its children (a probe's tool may be a
# Python script) inherit it, so their records say they are not securecheck itself.
_MAIN = "SECSCAN_WATCHED_PID" not in _os.environ
_os.environ.setdefault("SECSCAN_WATCHED_PID", str(_os.getpid()))


def _write(entry):
    entry.update(pid=_os.getpid(), main=_MAIN)
    with open(_RECORD, "a", encoding="utf-8") as fh:
        fh.write(_json.dumps(entry, default=repr) + "\\n")


def _hook(event, args):
    if event not in _WATCHED:
        return
    entry = {{"event": event}}
    if event == "subprocess.Popen":
        executable, argv, cwd, env = args
        entry.update(argv=[str(a) for a in argv] if not isinstance(argv, (str, bytes))
                     else [str(argv)], env=dict(env) if env is not None else dict(_os.environ))
    elif event in ("os.exec", "os.posix_spawn"):
        entry.update(argv=[str(a) for a in args[1]], env=dict(args[2] or _os.environ))
    elif event.startswith("socket.") and args and isinstance(args[0], _socket.socket):
        entry.update(family=int(args[0].family), address=repr(args[1:]))
    else:
        entry.update(args=repr(args))
    _write(entry)


_write({{"event": "hook-installed"}})
_sys.addaudithook(_hook)
{extra}
"""


@dataclass
class Watch:
    """A sitecustomize.py that records what a Python process does, and the records."""

    site_dir: Path
    record: Path

    @classmethod
    def create(cls, where: Path, extra: str = "") -> Watch:
        """`extra` is more code for the watched process (e.g. a fault to inject)."""
        site_dir = where / "site"
        site_dir.mkdir(parents=True, exist_ok=True)
        record = where / "events.jsonl"
        code = _HOOK.format(record=str(record), extra=textwrap.dedent(extra))
        (site_dir / "sitecustomize.py").write_text(code, encoding="utf-8")
        return cls(site_dir, record)

    def env(self) -> dict[str, str]:
        """Put the hook first on the path, keeping whatever path was set (a source copy)."""
        import os

        parts = [str(self.site_dir), os.environ.get("PYTHONPATH", "")]
        return {"PYTHONPATH": os.pathsep.join(p for p in parts if p)}

    def events(self) -> list[dict[str, Any]]:
        if not self.record.exists():
            return []
        lines = self.record.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def installed(self) -> bool:
        return any(e["event"] == "hook-installed" and e["main"] for e in self.events())

    def children(self) -> list[dict[str, Any]]:
        spawns = ("subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system")
        return [e for e in self.events() if e["event"] in spawns]

    def network(self) -> list[dict[str, Any]]:
        """Socket activity other than a local AF_UNIX pipe."""
        import socket

        return [
            e
            for e in self.events()
            if e["event"].startswith("socket.") and e.get("family") != int(socket.AF_UNIX)
        ]

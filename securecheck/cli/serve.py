"""`securecheck serve`: the app in a local browser (textual-serve), for this machine only.

Prints the address (with its random token) on stdout and opens a browser where there is one.
The global options reach the app as for `securecheck` itself. Each browser tab runs its own
app process; Ctrl+C stops the server and them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from securecheck.cli.common import answers_path
from securecheck.core.errors import UsageError


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="open the interactive checklist in a browser on this machine",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="loopback address to listen on: 127.0.0.1 (default), another 127.x.y.z, ::1 or "
        "localhost; any other address is refused",
    )
    serve.add_argument(
        "--port", type=int, default=0, metavar="N", help="port (default: a free one)"
    )
    serve.add_argument(
        "--no-browser", action="store_true", help="only print the address; open no browser"
    )
    serve.set_defaults(handler=run, long_running=True)


def app_command(args: argparse.Namespace) -> str:
    """The command line of each tab's app: this Python, this package, the same options."""
    argv = [sys.executable, "-m", "securecheck"]
    if args.answers is not None:
        argv += ["--answers", str(Path(args.answers).resolve())]
    for pack in args.rules:
        argv += ["--rules", str(Path(pack).resolve())]
    if args.lang is not None:
        argv += ["--lang", str(args.lang)]
    if args.no_probes:
        argv.append("--no-probes")
    if args.no_history:
        argv.append("--no-history")
    # The app's breach options, when given before `serve` (the settings file is read there).
    if getattr(args, "breaches", None) is not None:
        argv += ["--breaches", str(Path(args.breaches).resolve())]
    if getattr(args, "breaches_online", None):
        argv.append("--breaches-online")
    if getattr(args, "breaches_api", None):
        argv += ["--breaches-api", str(args.breaches_api)]
    import shlex

    return shlex.join(argv)


def _has_display() -> bool:
    # Without a display, Python's webbrowser falls back to text browsers (lynx, w3m) that
    # would take over this terminal: only a graphical session gets a browser opened.
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def open_browser(url: str, folder: Path) -> bool:
    """Open `url` through a private redirect file, so the token is not in the browser's
    command line (which other users can list); False when there is no browser."""
    if not _has_display():
        return False
    import threading
    import webbrowser  # only when a browser is to be opened
    from html import escape

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    page = folder / "open-securecheck.html"
    fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    target = escape(url, quote=True)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(
            '<!DOCTYPE html><meta charset="utf-8"><meta name="referrer" content="no-referrer">'
            f'<meta http-equiv="refresh" content="0;url={target}">'
            f'<a href="{target}">securecheck</a>\n'
        )
    threading.Thread(target=browser.open, args=(page.as_uri(),), daemon=True).start()
    return True


def run(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from securecheck.web.address import bind, is_loopback

    if not is_loopback(args.host):
        raise UsageError(
            f"--host {args.host!r}: securecheck serve listens on a loopback address only "
            "(127.0.0.1, ::1, localhost): the checklist and its answers are for this machine"
        )
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: not a port (0-65535; 0 for a free one)")
    from securecheck.core import audit
    from securecheck.core.hardening import forbid_core_dumps

    # Keystrokes (a password too) pass through this process on their way to the app.
    forbid_core_dumps()
    audit.load_setup(answers_path(args), args.rules)  # a broken file: exit 2 before serving
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {args.host} port {args.port}: {exc.strerror or exc}"
        ) from None
    from securecheck.web.server import TokenServer

    server = TokenServer(app_command(args), sock, title="securecheck")
    print(server.url, flush=True)
    folder = Path(tempfile.mkdtemp(prefix="securecheck-serve-"))
    try:
        if not args.no_browser and not open_browser(server.url, folder):
            print("securecheck: open the address above in a browser", file=sys.stderr)
        server.serve()
    finally:
        sock.close()
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
    return 0
